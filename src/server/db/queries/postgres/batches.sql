-- batches.analyzeAfterRun
select c.relname as name, c.reltuples as tuples from pg_class c where c.oid = any(array(select to_regclass(t) from unnest($1::text[]) as t));
-- params: [["messages","batch_items"]]

-- batches.insert
insert into "batches" ("id", "name", "document_type", "position_id", "account_id", "template", "selection", "status", "error", "paper_pack_sha256", "created_by", "created_at", "updated_at", "finished_at") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14);
-- params: ["0190a5b0-0000-7000-8000-000000000001","Wysyłka","fee_notice","0190a5b0-0000-7000-8000-000000000002","0190a5b0-0000-7000-8000-000000000002","{}","{}","new",null,null,null,"2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z",null]

-- batches.findById
select * from "batches" where "id" = $1;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- batches.list
select * from "batches" order by "created_at" desc, "id" desc limit $1;
-- params: [51]

-- batches.list
select * from "batches" where "account_id" in ($1) and ("created_at", "id") < ($2, $3) order by "created_at" desc, "id" desc limit $4;
-- params: ["0190a5b0-0000-7000-8000-000000000001","2026-03-01T08:00:00.000Z","0190a5b0-0000-7000-8000-000000000001",51]

-- batches.update
update "batches" set "done" = $1, "updated_at" = $2 where "id" = $3;
-- params: [10,"2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001"]

-- batches.claimRun
update "batches" set "status" = $1, "error" = $2, "updated_at" = $3, "finished_at" = $4 where "id" = $5 and ("status" != $6 or "updated_at" < $7);
-- params: ["running",null,"2026-03-02T09:00:00.000Z",null,"0190a5b0-0000-7000-8000-000000000001","running","2026-03-02T09:00:00.000Z"]

-- batches.failRunning
update "batches" set "status" = $1, "error" = $2, "updated_at" = $3 where "id" = $4 and "status" = $5;
-- params: ["failed","Błąd","2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001","running"]

-- batches.countMessages
select "status", "resolution", count(*) as "n" from "messages" where "batch_id" = $1 group by "status", "resolution";
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- batches.addPaperItem
insert into "batch_items" ("batch_id", "document_id", "recipient_id", "address", "channel", "reason", "message_id", "created_at") values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict ("batch_id", "document_id", "recipient_id", "address") do nothing;
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002","","paper","address_refused","0190a5b0-0000-7000-8000-000000000002","2026-03-02T09:00:00.000Z"]

-- batches.paperChanged
update "batches" set "paper_count" = (select count(*) as "n" from "batch_items" where "batch_items"."batch_id" = $1 and "batch_items"."channel" = $2), "paper_pack_sha256" = $3, "updated_at" = $4 where "id" = $5;
-- params: ["0190a5b0-0000-7000-8000-000000000001","paper",null,"2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001"]

-- batches.storePaperPack
update "batches" set "paper_pack_sha256" = $1 where "id" = $2 and "paper_pack_sha256" is null and "paper_count" = $3;
-- params: ["abababababababababababababababababababababababababababababababab","0190a5b0-0000-7000-8000-000000000001",3]

-- batches.staleRunning
select "id" from "batches" where "status" = $1 and "updated_at" < $2;
-- params: ["running","2026-03-02T09:00:00.000Z"]

-- batches.selectDocumentIds
select "id", "period" from "documents" where "type" = $1 and "period" = $2 order by "property_id", "recipient_key", "id";
-- params: ["fee_notice","2026-04"]

-- batches.selectDocumentIds
select "id", "period" from "documents" where "type" = $1 and "property_id" = $2 and "import_id" = $3 and "id" in ($4, $5) order by "property_id", "recipient_key", "id";
-- params: ["fee_notice","0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]

-- batches.selectDocumentIds
select "id", "period" from "documents" where "type" = $1 and "period" = $2 and "property_id" in (select "property_id" from "position_properties" where "position_id" = $3) order by "property_id", "recipient_key", "id";
-- params: ["fee_notice","2026-04","0190a5b0-0000-7000-8000-000000000001"]

-- batches.selectDocumentIds
select "id", "period" from "documents" where "type" = $1 and "period" = $2 and "property_id" in (select "property_id" from "position_properties" where "position_id" in ($3, $4)) order by "property_id", "recipient_key", "id";
-- params: ["fee_notice","2026-04","0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]

-- batches.selectDocumentIds
select "id", "period" from "documents" where "type" = $1 and "period" = $2 and "property_id" in (select "property_id" from "position_properties" where "position_id" in ($3)) order by "property_id", "recipient_key", "id";
-- params: ["fee_notice","2026-04",""]

-- batches.selectionSnapshot
select count(*) as "n", max("created_at") as "newest" from "documents" where "type" = $1 and "import_id" = $2 and "property_id" in (select "property_id" from "position_properties" where "position_id" = $3);
-- params: ["fee_notice","0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000001"]

-- batches.documentIdsPage
select "id", "property_id", "recipient_key", "period" from "documents" where "type" = $1 and "import_id" = $2 and "created_at" <= $3 and "property_id" in (select "property_id" from "position_properties" where "position_id" = $4) order by "property_id", "recipient_key", "id" limit $5;
-- params: ["fee_notice","0190a5b0-0000-7000-8000-000000000001","2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001",2000]

-- batches.documentIdsPage
select "id", "property_id", "recipient_key", "period" from "documents" where "type" = $1 and "period" = $2 and "property_id" in (select "property_id" from "position_properties" where "position_id" = $3) and ("property_id", "recipient_key", "id") > ($4, $5, $6) order by "property_id", "recipient_key", "id" limit $7;
-- params: ["fee_notice","2026-04","0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000001","B1","0190a5b0-0000-7000-8000-000000000002",2000]

-- batches.documentsByIds
select "id", "source", "unit_id", "recipient_id", "title", "period", "data", "parties", "pdf_sha256", "pdf_size", "filename" from "documents" where "id" in ($1);
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- batches.existingItems
select "document_id", "recipient_id", "address" from "batch_items" where "batch_id" = $1 and "document_id" in ($2, $3);
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]

-- batches.insertItems
insert into "batch_items" ("batch_id", "document_id", "recipient_id", "address", "channel", "reason", "message_id", "created_at") values ($1, $2, $3, $4, $5, $6, $7, $8);
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002","","paper","no_consent",null,"2026-03-02T09:00:00.000Z"]

-- batches.countItems
select "channel", "reason", count(*) as "n" from "batch_items" where "batch_id" = $1 group by "channel", "reason";
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- batches.listItems
select "batch_items"."document_id", "batch_items"."recipient_id", "batch_items"."address", "batch_items"."channel", "batch_items"."reason", "batch_items"."message_id", "recipients"."name" as "recipient_name", "recipients"."sort_name", "documents"."title" from "batch_items" inner join "recipients" on "recipients"."id" = "batch_items"."recipient_id" inner join "documents" on "documents"."id" = "batch_items"."document_id" where "batch_items"."batch_id" = $1 order by "recipients"."sort_name" asc, "batch_items"."document_id" asc limit $2;
-- params: ["0190a5b0-0000-7000-8000-000000000001",51]

-- batches.listItems
select "batch_items"."document_id", "batch_items"."recipient_id", "batch_items"."address", "batch_items"."channel", "batch_items"."reason", "batch_items"."message_id", "recipients"."name" as "recipient_name", "recipients"."sort_name", "documents"."title" from "batch_items" inner join "recipients" on "recipients"."id" = "batch_items"."recipient_id" inner join "documents" on "documents"."id" = "batch_items"."document_id" where "batch_items"."batch_id" = $1 and "batch_items"."channel" = $2 and ("recipients"."sort_name", "batch_items"."document_id") > ($3, $4) order by "recipients"."sort_name" asc, "batch_items"."document_id" asc limit $5;
-- params: ["0190a5b0-0000-7000-8000-000000000001","paper","2026-03-01T08:00:00.000Z","0190a5b0-0000-7000-8000-000000000001",51]

-- batches.paperItems
select "batch_items"."document_id", "batch_items"."reason", "recipients"."name", "recipients"."street", "recipients"."postal_code", "recipients"."city", "recipients"."country", "documents"."title", "documents"."pdf_sha256", "documents"."recipient_key" from "batch_items" inner join "recipients" on "recipients"."id" = "batch_items"."recipient_id" inner join "documents" on "documents"."id" = "batch_items"."document_id" where "batch_items"."batch_id" = $1 and "batch_items"."channel" = $2 order by "documents"."property_id", "documents"."recipient_key", "recipients"."sort_name";
-- params: ["0190a5b0-0000-7000-8000-000000000001","paper"]

-- batches.insertAttachment
insert into "batch_attachments" ("id", "batch_id", "blob_sha256", "filename", "content_type", "size", "position") values ($1, $2, $3, $4, $5, $6, $7);
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002","ab","a.pdf","application/pdf",3,0]

-- batches.attachmentsOf
select * from "batch_attachments" where "batch_id" = $1 order by "position";
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- batches.deleteAttachment
delete from "batch_attachments" where "batch_id" = $1 and "id" = $2;
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]

-- batches.hasMessages
select "id" from "messages" where "batch_id" = $1 limit $2;
-- params: ["0190a5b0-0000-7000-8000-000000000001",1]

-- batches.delete
delete from "batches" where "id" = $1;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]
