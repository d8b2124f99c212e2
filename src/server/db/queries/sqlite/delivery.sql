-- delivery.attachmentsWithData
select "message_attachments"."filename", "message_attachments"."content_type", "message_attachments"."size", "message_attachments"."blob_sha256", "blobs"."data" from "message_attachments" inner join "blobs" on "blobs"."sha256" = "message_attachments"."blob_sha256" where "message_attachments"."message_id" = ? order by "message_attachments"."position";
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- delivery.batchReadReceipt
select "read_receipt" from "batches" where "id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- delivery.addressesOf
select "id", "account_id", "to_address" from "messages" where "id" in (?, ?);
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]

-- delivery.markQueued
update "messages" set "status" = ?, "mailbox" = ?, "held_reason" = ?, "eml_sha256" = ?, "eml_size" = ?, "envelope_from" = ?, "next_attempt_at" = ?, "send_at" = ?, "queued_at" = ?, "attempts" = ?, "series" = ?, "first_attempt_at" = ?, "updated_at" = ? where "id" = ? and "status" = ?;
-- params: ["queued","outbox",null,"ab",10,"zwroty+x@example.pl","2026-03-02T09:00:00.000Z",null,"2026-03-02T09:00:00.000Z",0,0,null,"2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001","draft"]
