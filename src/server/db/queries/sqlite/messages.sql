-- messages.findById
select * from "messages" where "id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- messages.insert
insert into "messages" ("id", "account_id", "recipient_id", "to_name", "to_address", "subject", "status", "message_id_header", "document_type", "send_at", "queued_at", "sent_at", "last_error", "search_text", "sort_name", "sort_subject", "created_by", "created_at", "updated_at") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002",null,"Anna","anna@example.pl","S","draft","<0190a5b0-0000-7000-8000-000000000001@example.pl>",null,null,null,null,null,"s","anna","s",null,"2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z"]

-- messages.insertMany
insert into "messages" ("id", "account_id", "recipient_id", "to_name", "to_address", "subject", "status", "mailbox", "message_id_header", "document_type", "send_at", "queued_at", "sent_at", "last_error", "search_text", "sort_name", "sort_subject", "created_by", "created_at", "updated_at", "batch_id", "document_id") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002",null,"Anna","anna@example.pl","S","draft","drafts","<0190a5b0-0000-7000-8000-000000000001@example.pl>","fee_notice",null,null,null,null,"s","anna","s",null,"2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000002","0190a5b0-0000-7000-8000-000000000002"]
insert into "message_bodies" ("message_id", "html", "text") values (?, ?, ?);
-- params: ["0190a5b0-0000-7000-8000-000000000001","<p>t</p>","t"]
insert into "message_attachments" ("id", "message_id", "blob_sha256", "filename", "content_type", "size", "position") values (?, ?, ?, ?, ?, ?, ?);
-- params: ["0190a5b0-0000-7000-8000-000000000002","0190a5b0-0000-7000-8000-000000000001","ab","a.pdf","application/pdf",3,0]

-- messages.findBody
select "html", "text" from "message_bodies" where "message_id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- messages.insertBody
insert into "message_bodies" ("message_id", "html", "text") values (?, ?, ?);
-- params: ["0190a5b0-0000-7000-8000-000000000001","<p>t</p>","t"]

-- messages.updateBody
update "message_bodies" set "html" = ?, "text" = ? where "message_id" = ?;
-- params: ["<p>u</p>","u","0190a5b0-0000-7000-8000-000000000001"]

-- messages.markResolved
update "messages" set "resolved_at" = ?, "resolution" = ?, "resolved_by" = ? where "id" = ? and "resolved_at" is null;
-- params: ["2026-03-02T09:00:00.000Z","paper",null,"0190a5b0-0000-7000-8000-000000000001"]

-- messages.hasChildren
select "id" from "messages" where "parent_id" = ? limit ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001",1]

-- messages.updateWhereStatus
update "messages" set "subject" = ?, "updated_at" = ? where "id" = ? and "status" in (?);
-- params: ["S2","2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001","draft"]

-- messages.deleteWhereStatus
delete from "messages" where "id" = ? and "status" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001","draft"]

-- messages.list
select "id", "account_id", "recipient_id", "to_name", "to_address", "subject", "status", "mailbox", "document_type", "send_at", "sent_at", "last_error", "error_hint", "held_reason", "attempts", "created_at", "updated_at", "sort_name", "sort_subject", "batch_id", "resolved_at", "resolution", "resolved_by" from "messages" where "mailbox" = ? order by "created_at" desc, "id" desc limit ?;
-- params: ["outbox",51]

-- messages.list
select count(*) as n from (select rowid from "messages_fts" where "messages_fts" match ? limit ?);
-- params: ["\"kowalsk\"",2000]
select "id", "account_id", "recipient_id", "to_name", "to_address", "subject", "status", "mailbox", "document_type", "send_at", "sent_at", "last_error", "error_hint", "held_reason", "attempts", "created_at", "updated_at", "sort_name", "sort_subject", "batch_id", "resolved_at", "resolution", "resolved_by" from "messages" where "mailbox" = ? and "account_id" in (?, ?) and "status" = ? and "document_type" = ? and "created_at" >= ? and "created_at" < ? and "messages"."rowid" in (select rowid from "messages_fts" where "messages_fts" match ?) and ("sort_name", "id") > (?, ?) order by "sort_name" asc, "id" asc limit ?;
-- params: ["outbox","0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002","queued","fee_notice","2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z","\"kowalsk\"","kowalska","0190a5b0-0000-7000-8000-000000000001",51]

-- messages.list
select "id", "account_id", "recipient_id", "to_name", "to_address", "subject", "status", "mailbox", "document_type", "send_at", "sent_at", "last_error", "error_hint", "held_reason", "attempts", "created_at", "updated_at", "sort_name", "sort_subject", "batch_id", "resolved_at", "resolution", "resolved_by" from "messages" where "mailbox" = ? and "messages"."search_text" like ? escape '\' order by "sort_subject" desc, "id" desc limit ?;
-- params: ["sent","%ab%",51]

-- messages.list
select "id", "account_id", "recipient_id", "to_name", "to_address", "subject", "status", "mailbox", "document_type", "send_at", "sent_at", "last_error", "error_hint", "held_reason", "attempts", "created_at", "updated_at", "sort_name", "sort_subject", "batch_id", "resolved_at", "resolution", "resolved_by" from "messages" where "mailbox" = ? and "account_id" in (?) and ("document_id" in (select "documents"."id" from "documents" where "documents"."property_id" = ?) or ("document_id" is null and "recipient_id" in (select "recipient_units"."recipient_id" from "recipient_units" inner join "units" on "units"."id" = "recipient_units"."unit_id" where "units"."property_id" = ?))) and ("created_at", "id") < (?, ?) order by "created_at" desc, "id" desc limit ?;
-- params: ["drafts","0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002","0190a5b0-0000-7000-8000-000000000002","2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001",51]

-- messages.countByMailbox
select 'drafts' as "mailbox", count(*) as "n" from (select 1 as "one" from "messages" where "mailbox" = ? limit ?) as "capped" union all select 'outbox' as "mailbox", count(*) as "n" from (select 1 as "one" from "messages" where "mailbox" = ? limit ?) as "capped" union all select 'sent' as "mailbox", count(*) as "n" from (select 1 as "one" from "messages" where "mailbox" = ? limit ?) as "capped" union all select 'failed' as "mailbox", count(*) as "n" from (select 1 as "one" from "messages" where "mailbox" = ? limit ?) as "capped" union all select 'cancelled' as "mailbox", count(*) as "n" from (select 1 as "one" from "messages" where "mailbox" = ? limit ?) as "capped";
-- params: ["drafts",10001,"outbox",10001,"sent",10001,"failed",10001,"cancelled",10001]

-- messages.countByMailbox
select 'drafts' as "mailbox", count(*) as "n" from (select 1 as "one" from "messages" where "mailbox" = ? and "account_id" in (?) limit ?) as "capped" union all select 'outbox' as "mailbox", count(*) as "n" from (select 1 as "one" from "messages" where "mailbox" = ? and "account_id" in (?) limit ?) as "capped" union all select 'sent' as "mailbox", count(*) as "n" from (select 1 as "one" from "messages" where "mailbox" = ? and "account_id" in (?) limit ?) as "capped" union all select 'failed' as "mailbox", count(*) as "n" from (select 1 as "one" from "messages" where "mailbox" = ? and "account_id" in (?) limit ?) as "capped" union all select 'cancelled' as "mailbox", count(*) as "n" from (select 1 as "one" from "messages" where "mailbox" = ? and "account_id" in (?) limit ?) as "capped";
-- params: ["drafts","0190a5b0-0000-7000-8000-000000000001",10001,"outbox","0190a5b0-0000-7000-8000-000000000001",10001,"sent","0190a5b0-0000-7000-8000-000000000001",10001,"failed","0190a5b0-0000-7000-8000-000000000001",10001,"cancelled","0190a5b0-0000-7000-8000-000000000001",10001]

-- messages.countByMailbox
select 'drafts' as "mailbox", count(*) as "n" from (select 1 as "one" from "messages" where "mailbox" = ? and "account_id" in (?) and "document_type" = ? and "batch_id" = ? and "created_at" >= ? limit ?) as "capped" union all select 'outbox' as "mailbox", count(*) as "n" from (select 1 as "one" from "messages" where "mailbox" = ? and "account_id" in (?) and "document_type" = ? and "batch_id" = ? and "created_at" >= ? limit ?) as "capped" union all select 'sent' as "mailbox", count(*) as "n" from (select 1 as "one" from "messages" where "mailbox" = ? and "account_id" in (?) and "document_type" = ? and "batch_id" = ? and "created_at" >= ? limit ?) as "capped" union all select 'failed' as "mailbox", count(*) as "n" from (select 1 as "one" from "messages" where "mailbox" = ? and "account_id" in (?) and "document_type" = ? and "batch_id" = ? and "created_at" >= ? limit ?) as "capped" union all select 'cancelled' as "mailbox", count(*) as "n" from (select 1 as "one" from "messages" where "mailbox" = ? and "account_id" in (?) and "document_type" = ? and "batch_id" = ? and "created_at" >= ? limit ?) as "capped";
-- params: ["drafts","0190a5b0-0000-7000-8000-000000000001","fee_notice","0190a5b0-0000-7000-8000-000000000001","2026-03-02T09:00:00.000Z",10001,"outbox","0190a5b0-0000-7000-8000-000000000001","fee_notice","0190a5b0-0000-7000-8000-000000000001","2026-03-02T09:00:00.000Z",10001,"sent","0190a5b0-0000-7000-8000-000000000001","fee_notice","0190a5b0-0000-7000-8000-000000000001","2026-03-02T09:00:00.000Z",10001,"failed","0190a5b0-0000-7000-8000-000000000001","fee_notice","0190a5b0-0000-7000-8000-000000000001","2026-03-02T09:00:00.000Z",10001,"cancelled","0190a5b0-0000-7000-8000-000000000001","fee_notice","0190a5b0-0000-7000-8000-000000000001","2026-03-02T09:00:00.000Z",10001]

-- messages.attachmentsOf
select * from "message_attachments" where "message_id" = ? order by "position";
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- messages.attemptsOf
select * from "message_attempts" where "message_id" = ? order by "started_at", "id";
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- messages.selectIds
select "id", "status", "account_id" from "messages" where "mailbox" = ? order by "created_at", "id" limit ?;
-- params: ["failed",50000]

-- messages.selectIds
select "id", "status", "account_id" from "messages" where "mailbox" = ? and "resolved_at" is null order by "created_at", "id" limit ?;
-- params: ["failed",50000]

-- messages.selectIds
select count(*) as n from (select rowid from "messages_fts" where "messages_fts" match ? limit ?);
-- params: ["\"nowak\"",2000]
select "id", "status", "account_id" from "messages" where "mailbox" = ? and "account_id" in (?) and "status" = ? and "document_type" = ? and "created_at" >= ? and "created_at" < ? and "messages"."rowid" in (select rowid from "messages_fts" where "messages_fts" match ?) order by "created_at", "id" limit ?;
-- params: ["drafts","0190a5b0-0000-7000-8000-000000000001","draft","fee_notice","2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z","\"nowak\"",50000]

-- messages.findManyForAccounts
select "id", "status", "account_id" from "messages" where "id" in (?, ?) order by "created_at", "id";
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]

-- messages.findManyForAccounts
select "id", "status", "account_id" from "messages" where "id" in (?) and "account_id" in (?) order by "created_at", "id";
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]

-- messages.findAttachment
select * from "message_attachments" where "message_id" = ? and "id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]

-- messages.nextAttachmentPosition
select max("position") as "p" from "message_attachments" where "message_id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- messages.insertAttachment
insert into "message_attachments" ("id", "message_id", "blob_sha256", "filename", "content_type", "size", "position") values (?, ?, ?, ?, ?, ?, ?);
-- params: ["0190a5b0-0000-7000-8000-000000000002","0190a5b0-0000-7000-8000-000000000001","ab","a.pdf","application/pdf",3,0]

-- messages.deleteAttachment
delete from "message_attachments" where "message_id" = ? and "id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]
