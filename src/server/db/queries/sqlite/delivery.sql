-- delivery.attachmentsWithData
select "message_attachments"."filename", "message_attachments"."content_type", "message_attachments"."size", "message_attachments"."blob_sha256", "blobs"."data" from "message_attachments" inner join "blobs" on "blobs"."sha256" = "message_attachments"."blob_sha256" where "message_attachments"."message_id" = ? order by "message_attachments"."position";
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- delivery.rowsOf
select * from "messages" where "id" in (?, ?);
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]

-- delivery.rowsOf
-- (no query)

-- delivery.bodiesOf
select "message_id", "html", "text" from "message_bodies" where "message_id" in (?, ?);
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]

-- delivery.attachmentsOfMany
select "message_attachments"."message_id", "message_attachments"."filename", "message_attachments"."content_type", "message_attachments"."size", "message_attachments"."blob_sha256" from "message_attachments" inner join "blobs" on "blobs"."sha256" = "message_attachments"."blob_sha256" where "message_attachments"."message_id" in (?, ?) order by "message_attachments"."message_id", "message_attachments"."position";
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]

-- delivery.batchReadReceipts
select "id", "read_receipt" from "batches" where "id" in (?);
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- delivery.markQueuedMany

          with v (id, status, held_reason, eml_sha256, eml_size, envelope_from) as (values (?, ?, ?, ?, cast(? as integer), ?), (?, ?, ?, ?, cast(? as integer), ?))
          update messages set
            status = v.status, mailbox = 'outbox', held_reason = v.held_reason, eml_sha256 = v.eml_sha256,
            eml_size = v.eml_size, envelope_from = v.envelope_from, next_attempt_at = ?,
            send_at = ?, queued_at = ?, attempts = 0, series = 0, first_attempt_at = null,
            updated_at = ?
          from v
          where messages.id = v.id and messages.status = 'draft'
          returning messages.id;
-- params: ["0190a5b0-0000-7000-8000-000000000001","queued",null,"ab",10,"zwroty@example.pl","0190a5b0-0000-7000-8000-000000000002","held","suppressed","cd",20,"z@example.pl","2026-03-02T09:00:00.000Z",null,"2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z"]

-- delivery.batchReadReceipt
select "read_receipt" from "batches" where "id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- delivery.addressesOf
select "id", "account_id", "to_address" from "messages" where "id" in (?, ?);
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]

-- delivery.markQueued
update "messages" set "status" = ?, "mailbox" = ?, "held_reason" = ?, "eml_sha256" = ?, "eml_size" = ?, "envelope_from" = ?, "next_attempt_at" = ?, "send_at" = ?, "queued_at" = ?, "attempts" = ?, "series" = ?, "first_attempt_at" = ?, "updated_at" = ? where "id" = ? and "status" = ?;
-- params: ["queued","outbox",null,"ab",10,"zwroty+x@example.pl","2026-03-02T09:00:00.000Z",null,"2026-03-02T09:00:00.000Z",0,0,null,"2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001","draft"]
