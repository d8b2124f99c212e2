-- webhooks.eventsAfter
select * from "message_events" where "id" > ? order by "id" limit ?;
-- params: [0,100]

-- webhooks.eventsAfter
select * from "message_events" where "id" > ? and "account_id" in (?, ?) order by "id" limit ?;
-- params: [42,"0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002",100]

-- webhooks.eventsAfter
-- (no query)

-- webhooks.eventsByIds
select * from "message_events" where "id" in (?, ?);
-- params: [1,2]

-- webhooks.eventsByIds
-- (no query)

-- webhooks.lastEventId
select max("id") as "id" from "message_events";
-- params: []

-- webhooks.listWebhooks
select * from "webhooks" order by "created_at", "id";
-- params: []

-- webhooks.activeWebhooks
select * from "webhooks" where "status" = ? and ("api_key_id" is null or exists (select "api_keys"."id" from "api_keys" where "api_keys"."id" = "webhooks"."api_key_id" and "api_keys"."revoked_at" is null and "api_keys"."expires_at" > ?)) order by "id";
-- params: ["active","2026-03-02T09:00:00.000Z"]

-- webhooks.findWebhook
select * from "webhooks" where "id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- webhooks.insertWebhook
insert into "webhooks" ("id", "position_id", "api_key_id", "name", "url", "event_types", "secret_enc", "status", "event_cursor", "created_by", "created_at", "updated_at") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);
-- params: ["0190a5b0-0000-7000-8000-000000000001",null,null,"Czynsze","https://czynsze.example.pl/hook","[\"sent\"]","v1.x.y.z","active",0,null,"2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z"]

-- webhooks.updateWebhook
update "webhooks" set "status" = ?, "updated_at" = ? where "id" = ?;
-- params: ["inactive","2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001"]

-- webhooks.replaceSecret
update "webhooks" set "secret_enc" = ?, "previous_secret_enc" = ?, "previous_secret_until" = ?, "updated_at" = ? where "id" = ? and "secret_enc" = ?;
-- params: ["v1.a.b.c","v1.d.e.f","2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001","v1.x.y.z"]

-- webhooks.deleteWebhook
delete from "webhooks" where "id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- webhooks.positionAccountIds
select "account_id" from "position_accounts" where "position_id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- webhooks.advanceCursor
update "webhooks" set "event_cursor" = ? where "id" = ? and "event_cursor" = ?;
-- params: [9,"0190a5b0-0000-7000-8000-000000000001",3]

-- webhooks.insertDeliveries
insert into "webhook_deliveries" ("id", "webhook_id", "event_id", "status", "next_attempt_at", "lease_owner", "lease_expires_at", "last_status", "last_error", "last_attempt_at", "replay_of", "created_at", "delivered_at") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);
-- params: ["0190a5b0-0000-7000-8000-000000000002","0190a5b0-0000-7000-8000-000000000001",7,"pending","2026-03-02T09:00:00.000Z",null,null,null,null,null,null,"2026-03-02T09:00:00.000Z",null]

-- webhooks.insertDeliveries
-- (no query)

-- webhooks.claim
update "webhook_deliveries" set "status" = ?, "lease_owner" = ?, "lease_expires_at" = ?, "attempts" = "attempts" + ?, "last_attempt_at" = ? where "id" in ((select "id" from "webhook_deliveries" where (("status" = ? and "next_attempt_at" <= ?) or ("status" = ? and "lease_expires_at" < ?)) order by "next_attempt_at" limit ?)) returning "id", "webhook_id", "event_id", "attempts";
-- params: ["delivering","w1","2026-03-02T09:00:00.000Z",1,"2026-03-02T09:00:00.000Z","pending","2026-03-02T09:00:00.000Z","delivering","2026-03-02T09:00:00.000Z",10]

-- webhooks.finish
update "webhook_deliveries" set "status" = ?, "next_attempt_at" = ?, "last_status" = ?, "last_error" = ?, "delivered_at" = ?, "lease_owner" = ?, "lease_expires_at" = ? where "id" = ? and "lease_owner" = ? and "status" = ?;
-- params: ["delivered",null,200,null,"2026-03-02T09:00:00.000Z",null,null,"0190a5b0-0000-7000-8000-000000000001","w1","delivering"]

-- webhooks.deliveries
select "d".*, "e"."type" as "event_type", "e"."message_id" from "webhook_deliveries" as "d" inner join "message_events" as "e" on "e"."id" = "d"."event_id" where "d"."webhook_id" = ? order by "d"."created_at" desc, "d"."id" desc limit ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001",50]

-- webhooks.findDelivery
select * from "webhook_deliveries" where "id" = ? and "webhook_id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000002","0190a5b0-0000-7000-8000-000000000001"]

-- webhooks.nextDueAt
select min("next_attempt_at") as "at" from "webhook_deliveries" where "status" = ?;
-- params: ["pending"]
