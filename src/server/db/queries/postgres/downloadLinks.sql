-- downloadLinks.batchChoice
select "download_link_mode", "download_link_days" from "batches" where "id" = $1;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- downloadLinks.batchChoice
-- (no query)

-- downloadLinks.attachmentsOf
select "position", "filename" from "message_attachments" where "message_id" = $1 order by "position";
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- downloadLinks.saveLinks
insert into "download_links" ("message_id", "position", "filename", "expires_at", "created_at", "revoked_at", "revoked_by") values ($1, $2, $3, $4, $5, $6, $7) on conflict ("message_id", "position") do update set "filename" = $8, "expires_at" = $9;
-- params: ["0190a5b0-0000-7000-8000-000000000001",0,"Zawiadomienie.pdf","2026-05-31T09:00:00.000Z","2026-03-02T09:00:00.000Z",null,null,"Zawiadomienie.pdf","2026-05-31T09:00:00.000Z"]

-- downloadLinks.linksOf
select * from "download_links" where "message_id" = $1 order by "position";
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- downloadLinks.findLink
select * from "download_links" where "message_id" = $1 and "position" = $2;
-- params: ["0190a5b0-0000-7000-8000-000000000001",0]

-- downloadLinks.revoke
update "download_links" set "revoked_at" = $1, "revoked_by" = $2 where "message_id" = $3 and "revoked_at" is null;
-- params: ["2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000002","0190a5b0-0000-7000-8000-000000000001"]

-- downloadLinks.pageOf
select "messages"."id", "messages"."subject", "messages"."to_name", "messages"."status", "smtp_accounts"."from_name", "smtp_accounts"."from_address", "smtp_accounts"."feedback_address", "message_attachments"."filename", "message_attachments"."content_type", "message_attachments"."size", "message_attachments"."blob_sha256" from "messages" inner join "smtp_accounts" on "smtp_accounts"."id" = "messages"."account_id" inner join "message_attachments" on "message_attachments"."message_id" = "messages"."id" where "messages"."id" = $1 and "message_attachments"."position" = $2;
-- params: ["0190a5b0-0000-7000-8000-000000000001",0]

-- downloadLinks.recordEvent
insert into "download_events" ("id", "message_id", "position", "kind", "occurred_at", "network", "user_agent") values ($1, $2, $3, $4, $5, $6, $7);
-- params: ["0190a5b0-0000-7000-8000-000000000002","0190a5b0-0000-7000-8000-000000000001",0,"download","2026-03-02T09:00:00.000Z","203.0.113.0/24","Mozilla/5.0"]

-- downloadLinks.eventsOf
select "kind", "position", "occurred_at", "network", "user_agent" from "download_events" where "message_id" = $1 order by "occurred_at" desc, "id" desc limit $2;
-- params: ["0190a5b0-0000-7000-8000-000000000001",50]

-- downloadLinks.summaryOf
select "kind", count(*) as "n", min("occurred_at") as "first", max("occurred_at") as "last" from "download_events" where "message_id" = $1 group by "kind";
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- downloadLinks.accountSettings
select "id", "download_link_mode", "download_link_days" from "smtp_accounts" where "id" = $1;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- downloadLinks.setAccountSettings
update "smtp_accounts" set "download_link_mode" = $1, "download_link_days" = $2, "updated_at" = $3 where "id" = $4;
-- params: ["link",90,"2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001"]
