-- delivery.attachmentsWithData
select "message_attachments"."filename", "message_attachments"."content_type", "message_attachments"."size", "message_attachments"."blob_sha256", "blobs"."data" from "message_attachments" inner join "blobs" on "blobs"."sha256" = "message_attachments"."blob_sha256" where "message_attachments"."message_id" = $1 order by "message_attachments"."position";
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- delivery.markQueued
update "messages" set "status" = $1, "held_reason" = $2, "eml_sha256" = $3, "eml_size" = $4, "envelope_from" = $5, "next_attempt_at" = $6, "send_at" = $7, "queued_at" = $8, "attempts" = $9, "series" = $10, "first_attempt_at" = $11, "updated_at" = $12 where "id" = $13 and "status" = $14;
-- params: ["queued",null,"ab",10,"zwroty+x@example.pl","2026-03-02T09:00:00.000Z",null,"2026-03-02T09:00:00.000Z",0,0,null,"2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001","draft"]

-- delivery.markResent
update "messages" set "status" = $1, "held_reason" = $2, "series" = "series" + $3, "attempts" = $4, "first_attempt_at" = $5, "next_attempt_at" = $6, "priority" = $7, "last_error" = $8, "error_hint" = $9, "last_outcome" = $10, "updated_at" = $11 where "id" = $12 and "status" in ($13, $14) and "eml_sha256" is not null;
-- params: ["queued",null,1,0,null,"2026-03-02T09:00:00.000Z",10,null,null,null,"2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001","failed","sent"]
