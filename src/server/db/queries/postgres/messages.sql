-- messages.findById
select * from "messages" where "id" = $1;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- messages.insert
insert into "messages" ("id", "account_id", "recipient_id", "to_name", "to_address", "subject", "status", "message_id_header", "document_type", "send_at", "queued_at", "sent_at", "last_error", "search_text", "sort_name", "sort_subject", "created_by", "created_at", "updated_at") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19);
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002",null,"Anna","anna@example.pl","S","draft","<0190a5b0-0000-7000-8000-000000000001@example.pl>",null,null,null,null,null,"s","anna","s",null,"2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z"]

-- messages.insertMany
insert into "messages" ("id", "account_id", "recipient_id", "to_name", "to_address", "subject", "status", "mailbox", "message_id_header", "document_type", "send_at", "queued_at", "sent_at", "last_error", "search_text", "sort_name", "sort_subject", "created_by", "created_at", "updated_at", "batch_id", "document_id") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22);
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002",null,"Anna","anna@example.pl","S","draft","drafts","<0190a5b0-0000-7000-8000-000000000001@example.pl>","fee_notice",null,null,null,null,"s","anna","s",null,"2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000002","0190a5b0-0000-7000-8000-000000000002"]
insert into "message_bodies" ("message_id", "html", "text") values ($1, $2, $3);
-- params: ["0190a5b0-0000-7000-8000-000000000001","<p>t</p>","t"]
insert into "message_attachments" ("id", "message_id", "blob_sha256", "filename", "content_type", "size", "position") values ($1, $2, $3, $4, $5, $6, $7);
-- params: ["0190a5b0-0000-7000-8000-000000000002","0190a5b0-0000-7000-8000-000000000001","ab","a.pdf","application/pdf",3,0]

-- messages.findBody
select "html", "text" from "message_bodies" where "message_id" = $1;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- messages.insertBody
insert into "message_bodies" ("message_id", "html", "text") values ($1, $2, $3);
-- params: ["0190a5b0-0000-7000-8000-000000000001","<p>t</p>","t"]

-- messages.updateBody
update "message_bodies" set "html" = $1, "text" = $2 where "message_id" = $3;
-- params: ["<p>u</p>","u","0190a5b0-0000-7000-8000-000000000001"]

-- messages.markResolved
update "messages" set "resolved_at" = $1, "resolution" = $2, "resolved_by" = $3 where "id" = $4 and "resolved_at" is null;
-- params: ["2026-03-02T09:00:00.000Z","paper",null,"0190a5b0-0000-7000-8000-000000000001"]

-- messages.hasChildren
select "id" from "messages" where "parent_id" = $1 limit $2;
-- params: ["0190a5b0-0000-7000-8000-000000000001",1]

-- messages.updateWhereStatus
update "messages" set "subject" = $1, "updated_at" = $2 where "id" = $3 and "status" in ($4);
-- params: ["S2","2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001","draft"]

-- messages.deleteWhereStatus
delete from "messages" where "id" = $1 and "status" = $2;
-- params: ["0190a5b0-0000-7000-8000-000000000001","draft"]

-- messages.list
select "id", "account_id", "recipient_id", "to_name", "to_address", "subject", "status", "mailbox", "document_type", "send_at", "sent_at", "last_error", "error_hint", "held_reason", "attempts", "created_at", "updated_at", "sort_name", "sort_subject", "batch_id", "resolved_at", "resolution", "resolved_by" from "messages" where "mailbox" = $1 order by "created_at" desc, "id" desc limit $2;
-- params: ["outbox",51]

-- messages.list
explain (format json) select 1 from "messages_search" where "messages_search"."words" like $1 escape '\';
-- params: ["%kowalsk%"]
select "id", "account_id", "recipient_id", "to_name", "to_address", "subject", "status", "mailbox", "document_type", "send_at", "sent_at", "last_error", "error_hint", "held_reason", "attempts", "created_at", "updated_at", "sort_name", "sort_subject", "batch_id", "resolved_at", "resolution", "resolved_by" from "messages" where "mailbox" = $1 and "account_id" in ($2, $3) and "status" = $4 and "document_type" = $5 and "created_at" >= $6 and "created_at" < $7 and "messages"."id" in (select "messages_search"."id" from "messages_search" where "messages_search"."words" like $8 escape '\') and ("sort_name", "id") > ($9, $10) order by "sort_name" asc, "id" asc limit $11;
-- params: ["outbox","0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002","queued","fee_notice","2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z","%kowalsk%","kowalska","0190a5b0-0000-7000-8000-000000000001",51]

-- messages.list
select "id", "account_id", "recipient_id", "to_name", "to_address", "subject", "status", "mailbox", "document_type", "send_at", "sent_at", "last_error", "error_hint", "held_reason", "attempts", "created_at", "updated_at", "sort_name", "sort_subject", "batch_id", "resolved_at", "resolution", "resolved_by" from "messages" where "mailbox" = $1 and "messages"."search_text" like $2 escape '\' order by "sort_subject" desc, "id" desc limit $3;
-- params: ["sent","%ab%",51]

-- messages.list
select "id", "account_id", "recipient_id", "to_name", "to_address", "subject", "status", "mailbox", "document_type", "send_at", "sent_at", "last_error", "error_hint", "held_reason", "attempts", "created_at", "updated_at", "sort_name", "sort_subject", "batch_id", "resolved_at", "resolution", "resolved_by" from "messages" where "mailbox" = $1 and "account_id" in ($2) and ("document_id" in (select "documents"."id" from "documents" where "documents"."property_id" = $3) or ("document_id" is null and "recipient_id" in (select "recipient_units"."recipient_id" from "recipient_units" inner join "units" on "units"."id" = "recipient_units"."unit_id" where "units"."property_id" = $4))) and ("created_at", "id") < ($5, $6) order by "created_at" desc, "id" desc limit $7;
-- params: ["drafts","0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002","0190a5b0-0000-7000-8000-000000000002","2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001",51]

-- messages.countByMailbox
select 'drafts' as "mailbox", count(*) as "n" from (select 1 as "one" from "messages" where "mailbox" = $1 limit $2) as "capped" union all select 'outbox' as "mailbox", count(*) as "n" from (select 1 as "one" from "messages" where "mailbox" = $3 limit $4) as "capped" union all select 'sent' as "mailbox", count(*) as "n" from (select 1 as "one" from "messages" where "mailbox" = $5 limit $6) as "capped" union all select 'failed' as "mailbox", count(*) as "n" from (select 1 as "one" from "messages" where "mailbox" = $7 limit $8) as "capped" union all select 'cancelled' as "mailbox", count(*) as "n" from (select 1 as "one" from "messages" where "mailbox" = $9 limit $10) as "capped";
-- params: ["drafts",10001,"outbox",10001,"sent",10001,"failed",10001,"cancelled",10001]

-- messages.countByMailbox
select 'drafts' as "mailbox", count(*) as "n" from (select 1 as "one" from "messages" where "mailbox" = $1 and "account_id" in ($2) limit $3) as "capped" union all select 'outbox' as "mailbox", count(*) as "n" from (select 1 as "one" from "messages" where "mailbox" = $4 and "account_id" in ($5) limit $6) as "capped" union all select 'sent' as "mailbox", count(*) as "n" from (select 1 as "one" from "messages" where "mailbox" = $7 and "account_id" in ($8) limit $9) as "capped" union all select 'failed' as "mailbox", count(*) as "n" from (select 1 as "one" from "messages" where "mailbox" = $10 and "account_id" in ($11) limit $12) as "capped" union all select 'cancelled' as "mailbox", count(*) as "n" from (select 1 as "one" from "messages" where "mailbox" = $13 and "account_id" in ($14) limit $15) as "capped";
-- params: ["drafts","0190a5b0-0000-7000-8000-000000000001",10001,"outbox","0190a5b0-0000-7000-8000-000000000001",10001,"sent","0190a5b0-0000-7000-8000-000000000001",10001,"failed","0190a5b0-0000-7000-8000-000000000001",10001,"cancelled","0190a5b0-0000-7000-8000-000000000001",10001]

-- messages.countByMailbox
select 'drafts' as "mailbox", count(*) as "n" from (select 1 as "one" from "messages" where "mailbox" = $1 and "account_id" in ($2) and "document_type" = $3 and "batch_id" = $4 and "created_at" >= $5 limit $6) as "capped" union all select 'outbox' as "mailbox", count(*) as "n" from (select 1 as "one" from "messages" where "mailbox" = $7 and "account_id" in ($8) and "document_type" = $9 and "batch_id" = $10 and "created_at" >= $11 limit $12) as "capped" union all select 'sent' as "mailbox", count(*) as "n" from (select 1 as "one" from "messages" where "mailbox" = $13 and "account_id" in ($14) and "document_type" = $15 and "batch_id" = $16 and "created_at" >= $17 limit $18) as "capped" union all select 'failed' as "mailbox", count(*) as "n" from (select 1 as "one" from "messages" where "mailbox" = $19 and "account_id" in ($20) and "document_type" = $21 and "batch_id" = $22 and "created_at" >= $23 limit $24) as "capped" union all select 'cancelled' as "mailbox", count(*) as "n" from (select 1 as "one" from "messages" where "mailbox" = $25 and "account_id" in ($26) and "document_type" = $27 and "batch_id" = $28 and "created_at" >= $29 limit $30) as "capped";
-- params: ["drafts","0190a5b0-0000-7000-8000-000000000001","fee_notice","0190a5b0-0000-7000-8000-000000000001","2026-03-02T09:00:00.000Z",10001,"outbox","0190a5b0-0000-7000-8000-000000000001","fee_notice","0190a5b0-0000-7000-8000-000000000001","2026-03-02T09:00:00.000Z",10001,"sent","0190a5b0-0000-7000-8000-000000000001","fee_notice","0190a5b0-0000-7000-8000-000000000001","2026-03-02T09:00:00.000Z",10001,"failed","0190a5b0-0000-7000-8000-000000000001","fee_notice","0190a5b0-0000-7000-8000-000000000001","2026-03-02T09:00:00.000Z",10001,"cancelled","0190a5b0-0000-7000-8000-000000000001","fee_notice","0190a5b0-0000-7000-8000-000000000001","2026-03-02T09:00:00.000Z",10001]

-- messages.attachmentsOf
select * from "message_attachments" where "message_id" = $1 order by "position";
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- messages.attemptsOf
select * from "message_attempts" where "message_id" = $1 order by "started_at", "id";
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- messages.selectIds
select "id", "status", "account_id" from "messages" where "mailbox" = $1 order by "created_at", "id" limit $2;
-- params: ["failed",50000]

-- messages.selectIds
select "id", "status", "account_id" from "messages" where "mailbox" = $1 and "resolved_at" is null order by "created_at", "id" limit $2;
-- params: ["failed",50000]

-- messages.selectIds
explain (format json) select 1 from "messages_search" where "messages_search"."words" like $1 escape '\';
-- params: ["%nowak%"]
select "id", "status", "account_id" from "messages" where "mailbox" = $1 and "account_id" in ($2) and "status" = $3 and "document_type" = $4 and "created_at" >= $5 and "created_at" < $6 and "messages"."id" in (select "messages_search"."id" from "messages_search" where "messages_search"."words" like $7 escape '\') order by "created_at", "id" limit $8;
-- params: ["drafts","0190a5b0-0000-7000-8000-000000000001","draft","fee_notice","2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z","%nowak%",50000]

-- messages.findManyForAccounts
select "id", "status", "account_id" from "messages" where "id" in ($1, $2) order by "created_at", "id";
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]

-- messages.findManyForAccounts
select "id", "status", "account_id" from "messages" where "id" in ($1) and "account_id" in ($2) order by "created_at", "id";
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]

-- messages.findAttachment
select * from "message_attachments" where "message_id" = $1 and "id" = $2;
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]

-- messages.nextAttachmentPosition
select max("position") as "p" from "message_attachments" where "message_id" = $1;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- messages.insertAttachment
insert into "message_attachments" ("id", "message_id", "blob_sha256", "filename", "content_type", "size", "position") values ($1, $2, $3, $4, $5, $6, $7);
-- params: ["0190a5b0-0000-7000-8000-000000000002","0190a5b0-0000-7000-8000-000000000001","ab","a.pdf","application/pdf",3,0]

-- messages.deleteAttachment
delete from "message_attachments" where "message_id" = $1 and "id" = $2;
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]
