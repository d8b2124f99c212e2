-- batches.analyzeAfterRun
-- (no query)

-- batches.insert
insert into "batches" ("id", "name", "document_type", "position_id", "account_id", "template", "selection", "status", "error", "paper_pack_sha256", "created_by", "created_at", "updated_at", "finished_at") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);
-- params: ["0190a5b0-0000-7000-8000-000000000001","Wysyłka","fee_notice","0190a5b0-0000-7000-8000-000000000002","0190a5b0-0000-7000-8000-000000000002","{}","{}","new",null,null,null,"2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z",null]

-- batches.findById
select * from "batches" where "id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- batches.list
select * from "batches" order by "created_at" desc, "id" desc limit ?;
-- params: [51]

-- batches.list
select * from "batches" where "account_id" in (?) and ("created_at", "id") < (?, ?) order by "created_at" desc, "id" desc limit ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001","2026-03-01T08:00:00.000Z","0190a5b0-0000-7000-8000-000000000001",51]

-- batches.update
update "batches" set "done" = ?, "updated_at" = ? where "id" = ?;
-- params: [10,"2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001"]

-- batches.claimRun
update "batches" set "status" = ?, "error" = ?, "updated_at" = ?, "finished_at" = ? where "id" = ? and ("status" != ? or "updated_at" < ?);
-- params: ["running",null,"2026-03-02T09:00:00.000Z",null,"0190a5b0-0000-7000-8000-000000000001","running","2026-03-02T09:00:00.000Z"]

-- batches.failRunning
update "batches" set "status" = ?, "error" = ?, "updated_at" = ? where "id" = ? and "status" = ?;
-- params: ["failed","Błąd","2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001","running"]

-- batches.countMessages
select "status", "resolution", count(*) as "n" from "messages" where "batch_id" = ? group by "status", "resolution";
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- batches.addPaperItem
insert into "batch_items" ("batch_id", "document_id", "recipient_id", "address", "channel", "reason", "message_id", "created_at") values (?, ?, ?, ?, ?, ?, ?, ?) on conflict ("batch_id", "document_id", "recipient_id", "address") do nothing;
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002","","paper","address_refused","0190a5b0-0000-7000-8000-000000000002","2026-03-02T09:00:00.000Z"]

-- batches.paperChanged
update "batches" set "paper_count" = (select count(*) as "n" from "batch_items" where "batch_items"."batch_id" = ? and "batch_items"."channel" = ?), "paper_pack_sha256" = ?, "updated_at" = ? where "id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001","paper",null,"2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001"]

-- batches.storePaperPack
update "batches" set "paper_pack_sha256" = ? where "id" = ? and "paper_pack_sha256" is null and "paper_count" = ?;
-- params: ["abababababababababababababababababababababababababababababababab","0190a5b0-0000-7000-8000-000000000001",3]

-- batches.staleRunning
select "id" from "batches" where "status" = ? and "updated_at" < ?;
-- params: ["running","2026-03-02T09:00:00.000Z"]

-- batches.selectDocumentIds
select "id", "period" from "documents" where "type" = ? and "period" = ? order by "property_id", "recipient_key", "id";
-- params: ["fee_notice","2026-04"]

-- batches.selectDocumentIds
select "id", "period" from "documents" where "type" = ? and "property_id" = ? and "import_id" = ? and "id" in (?, ?) order by "property_id", "recipient_key", "id";
-- params: ["fee_notice","0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]

-- batches.selectDocumentIds
select "id", "period" from "documents" where "type" = ? and "period" = ? and "property_id" in (select "property_id" from "position_properties" where "position_id" = ?) order by "property_id", "recipient_key", "id";
-- params: ["fee_notice","2026-04","0190a5b0-0000-7000-8000-000000000001"]

-- batches.selectDocumentIds
select "id", "period" from "documents" where "type" = ? and "period" = ? and "property_id" in (select "property_id" from "position_properties" where "position_id" in (?, ?)) order by "property_id", "recipient_key", "id";
-- params: ["fee_notice","2026-04","0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]

-- batches.selectDocumentIds
select "id", "period" from "documents" where "type" = ? and "period" = ? and "property_id" in (select "property_id" from "position_properties" where "position_id" in (?)) order by "property_id", "recipient_key", "id";
-- params: ["fee_notice","2026-04",""]

-- batches.selectionSnapshot
select count(*) as "n", max("created_at") as "newest" from "documents" where "type" = ? and "import_id" = ? and "property_id" in (select "property_id" from "position_properties" where "position_id" = ?);
-- params: ["fee_notice","0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000001"]

-- batches.documentIdsPage
select "id", "property_id", "recipient_key", "period" from "documents" where "type" = ? and "import_id" = ? and "created_at" <= ? and "property_id" in (select "property_id" from "position_properties" where "position_id" = ?) order by "property_id", "recipient_key", "id" limit ?;
-- params: ["fee_notice","0190a5b0-0000-7000-8000-000000000001","2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001",2000]

-- batches.documentIdsPage
select "id", "property_id", "recipient_key", "period" from "documents" where "type" = ? and "period" = ? and "property_id" in (select "property_id" from "position_properties" where "position_id" = ?) and ("property_id", "recipient_key", "id") > (?, ?, ?) order by "property_id", "recipient_key", "id" limit ?;
-- params: ["fee_notice","2026-04","0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000001","B1","0190a5b0-0000-7000-8000-000000000002",2000]

-- batches.documentsByIds
select "id", "source", "unit_id", "recipient_id", "title", "period", "data", "parties", "pdf_sha256", "pdf_size", "filename" from "documents" where "id" in (?);
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- batches.existingItems
select "document_id", "recipient_id", "address" from "batch_items" where "batch_id" = ? and "document_id" in (?, ?);
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]

-- batches.insertItems
insert into "batch_items" ("batch_id", "document_id", "recipient_id", "address", "channel", "reason", "message_id", "created_at") values (?, ?, ?, ?, ?, ?, ?, ?);
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002","","paper","no_consent",null,"2026-03-02T09:00:00.000Z"]

-- batches.countItems
select "channel", "reason", count(*) as "n" from "batch_items" where "batch_id" = ? group by "channel", "reason";
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- batches.listItems
select "batch_items"."document_id", "batch_items"."recipient_id", "batch_items"."address", "batch_items"."channel", "batch_items"."reason", "batch_items"."message_id", "recipients"."name" as "recipient_name", "recipients"."sort_name", "documents"."title" from "batch_items" inner join "recipients" on "recipients"."id" = "batch_items"."recipient_id" inner join "documents" on "documents"."id" = "batch_items"."document_id" where "batch_items"."batch_id" = ? order by "recipients"."sort_name" asc, "batch_items"."document_id" asc limit ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001",51]

-- batches.listItems
select "batch_items"."document_id", "batch_items"."recipient_id", "batch_items"."address", "batch_items"."channel", "batch_items"."reason", "batch_items"."message_id", "recipients"."name" as "recipient_name", "recipients"."sort_name", "documents"."title" from "batch_items" inner join "recipients" on "recipients"."id" = "batch_items"."recipient_id" inner join "documents" on "documents"."id" = "batch_items"."document_id" where "batch_items"."batch_id" = ? and "batch_items"."channel" = ? and ("recipients"."sort_name", "batch_items"."document_id") > (?, ?) order by "recipients"."sort_name" asc, "batch_items"."document_id" asc limit ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001","paper","2026-03-01T08:00:00.000Z","0190a5b0-0000-7000-8000-000000000001",51]

-- batches.paperItems
select "batch_items"."document_id", "batch_items"."reason", "recipients"."name", "recipients"."street", "recipients"."postal_code", "recipients"."city", "recipients"."country", "documents"."title", "documents"."pdf_sha256", "documents"."recipient_key" from "batch_items" inner join "recipients" on "recipients"."id" = "batch_items"."recipient_id" inner join "documents" on "documents"."id" = "batch_items"."document_id" where "batch_items"."batch_id" = ? and "batch_items"."channel" = ? order by "documents"."property_id", "documents"."recipient_key", "recipients"."sort_name";
-- params: ["0190a5b0-0000-7000-8000-000000000001","paper"]

-- batches.insertAttachment
insert into "batch_attachments" ("id", "batch_id", "blob_sha256", "filename", "content_type", "size", "position") values (?, ?, ?, ?, ?, ?, ?);
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002","ab","a.pdf","application/pdf",3,0]

-- batches.attachmentsOf
select * from "batch_attachments" where "batch_id" = ? order by "position";
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- batches.deleteAttachment
delete from "batch_attachments" where "batch_id" = ? and "id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]

-- batches.hasMessages
select "id" from "messages" where "batch_id" = ? limit ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001",1]

-- batches.delete
delete from "batches" where "id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]
