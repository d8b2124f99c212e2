-- webhooks.eventsAfter
select * from "message_events" where "id" > $1 order by "id" limit $2;
-- params: [0,100]

-- webhooks.eventsAfter
select * from "message_events" where "id" > $1 and "account_id" in ($2, $3) order by "id" limit $4;
-- params: [42,"0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002",100]

-- webhooks.eventsAfter
-- (no query)

-- webhooks.eventsByIds
select * from "message_events" where "id" in ($1, $2);
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
select * from "webhooks" where "status" = $1 and ("api_key_id" is null or exists (select "api_keys"."id" from "api_keys" where "api_keys"."id" = "webhooks"."api_key_id" and "api_keys"."revoked_at" is null and "api_keys"."expires_at" > $2)) order by "id";
-- params: ["active","2026-03-02T09:00:00.000Z"]

-- webhooks.findWebhook
select * from "webhooks" where "id" = $1;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- webhooks.insertWebhook
insert into "webhooks" ("id", "position_id", "api_key_id", "name", "url", "event_types", "secret_enc", "status", "event_cursor", "created_by", "created_at", "updated_at") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12);
-- params: ["0190a5b0-0000-7000-8000-000000000001",null,null,"Czynsze","https://czynsze.example.pl/hook","[\"sent\"]","v1.x.y.z","active",0,null,"2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z"]

-- webhooks.updateWebhook
update "webhooks" set "status" = $1, "updated_at" = $2 where "id" = $3;
-- params: ["inactive","2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001"]

-- webhooks.replaceSecret
update "webhooks" set "secret_enc" = $1, "previous_secret_enc" = $2, "previous_secret_until" = $3, "updated_at" = $4 where "id" = $5 and "secret_enc" = $6;
-- params: ["v1.a.b.c","v1.d.e.f","2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001","v1.x.y.z"]

-- webhooks.deleteWebhook
delete from "webhooks" where "id" = $1;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- webhooks.positionAccountIds
select "account_id" from "position_accounts" where "position_id" = $1;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- webhooks.advanceCursor
update "webhooks" set "event_cursor" = $1 where "id" = $2 and "event_cursor" = $3;
-- params: [9,"0190a5b0-0000-7000-8000-000000000001",3]

-- webhooks.insertDeliveries
insert into "webhook_deliveries" ("id", "webhook_id", "event_id", "status", "next_attempt_at", "lease_owner", "lease_expires_at", "last_status", "last_error", "last_attempt_at", "replay_of", "created_at", "delivered_at") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13);
-- params: ["0190a5b0-0000-7000-8000-000000000002","0190a5b0-0000-7000-8000-000000000001",7,"pending","2026-03-02T09:00:00.000Z",null,null,null,null,null,null,"2026-03-02T09:00:00.000Z",null]

-- webhooks.insertDeliveries
-- (no query)

-- webhooks.claim
update "webhook_deliveries" set "status" = $1, "lease_owner" = $2, "lease_expires_at" = $3, "attempts" = "attempts" + $4, "last_attempt_at" = $5 where "id" = any(array((select "id" from "webhook_deliveries" where (("status" = $6 and "next_attempt_at" <= $7) or ("status" = $8 and "lease_expires_at" < $9)) order by "next_attempt_at" limit $10 for update skip locked))) returning "id", "webhook_id", "event_id", "attempts";
-- params: ["delivering","w1","2026-03-02T09:00:00.000Z",1,"2026-03-02T09:00:00.000Z","pending","2026-03-02T09:00:00.000Z","delivering","2026-03-02T09:00:00.000Z",10]

-- webhooks.finish
update "webhook_deliveries" set "status" = $1, "next_attempt_at" = $2, "last_status" = $3, "last_error" = $4, "delivered_at" = $5, "lease_owner" = $6, "lease_expires_at" = $7 where "id" = $8 and "lease_owner" = $9 and "status" = $10;
-- params: ["delivered",null,200,null,"2026-03-02T09:00:00.000Z",null,null,"0190a5b0-0000-7000-8000-000000000001","w1","delivering"]

-- webhooks.deliveries
select "d".*, "e"."type" as "event_type", "e"."message_id" from "webhook_deliveries" as "d" inner join "message_events" as "e" on "e"."id" = "d"."event_id" where "d"."webhook_id" = $1 order by "d"."created_at" desc, "d"."id" desc limit $2;
-- params: ["0190a5b0-0000-7000-8000-000000000001",50]

-- webhooks.findDelivery
select * from "webhook_deliveries" where "id" = $1 and "webhook_id" = $2;
-- params: ["0190a5b0-0000-7000-8000-000000000002","0190a5b0-0000-7000-8000-000000000001"]

-- webhooks.nextDueAt
select min("next_attempt_at") as "at" from "webhook_deliveries" where "status" = $1;
-- params: ["pending"]
