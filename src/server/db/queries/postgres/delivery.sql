-- delivery.attachmentsWithData
select "message_attachments"."filename", "message_attachments"."content_type", "message_attachments"."size", "message_attachments"."blob_sha256", "blobs"."data" from "message_attachments" inner join "blobs" on "blobs"."sha256" = "message_attachments"."blob_sha256" where "message_attachments"."message_id" = $1 order by "message_attachments"."position";
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- delivery.batchReadReceipt
select "read_receipt" from "batches" where "id" = $1;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- delivery.addressesOf
select "id", "account_id", "to_address" from "messages" where "id" in ($1, $2);
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]

-- delivery.markQueued
update "messages" set "status" = $1, "mailbox" = $2, "held_reason" = $3, "eml_sha256" = $4, "eml_size" = $5, "envelope_from" = $6, "next_attempt_at" = $7, "send_at" = $8, "queued_at" = $9, "attempts" = $10, "series" = $11, "first_attempt_at" = $12, "updated_at" = $13 where "id" = $14 and "status" = $15;
-- params: ["queued","outbox",null,"ab",10,"zwroty+x@example.pl","2026-03-02T09:00:00.000Z",null,"2026-03-02T09:00:00.000Z",0,0,null,"2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001","draft"]
