-- audit.namesOf
select "id", "display_name" as "name" from "users" where "id" in ($1, $2);
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]
select "id", "subject" as "name" from "messages" where "id" in ($1, $2);
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]
select "id", "name" as "name" from "recipients" where "id" in ($1, $2);
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]
select "id", "name" as "name" from "smtp_accounts" where "id" in ($1, $2);
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]
select "id", "name" as "name" from "positions" where "id" in ($1, $2);
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]
select "id", "name" as "name" from "properties" where "id" in ($1, $2);
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]

-- audit.insert
insert into "audit_log" ("id", "at", "actor_id", "actor_label", "action", "entity_type", "entity_id", "details", "ip") values ($1, $2, $3, $4, $5, $6, $7, $8, $9);
-- params: ["0190a5b0-0000-7000-8000-000000000001","2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000002","anna","message.create","message","0190a5b0-0000-7000-8000-000000000001","{}","127.0.0.1"]

-- audit.insertMany
insert into "audit_log" ("id", "at", "actor_id", "actor_label", "action", "entity_type", "entity_id", "details", "ip") values ($1, $2, $3, $4, $5, $6, $7, $8, $9), ($10, $11, $12, $13, $14, $15, $16, $17, $18);
-- params: ["0190a5b0-0000-7000-8000-000000000001","2026-03-02T09:00:00.000Z",null,"system","message.queue","message","0190a5b0-0000-7000-8000-000000000001","{}",null,"0190a5b0-0000-7000-8000-000000000002","2026-03-02T09:00:00.000Z",null,"system","message.queue","message","0190a5b0-0000-7000-8000-000000000002","{}",null]

-- audit.list
select * from "audit_log" order by "at" desc, "id" desc limit $1;
-- params: [51]

-- audit.list
select * from "audit_log" where "actor_id" = $1 and "action" like $2 escape '\' and "entity_type" = $3 and "entity_id" = $4 and "at" >= $5 and "at" < $6 and ("at", "id") < ($7, $8) order by "at" desc, "id" desc limit $9;
-- params: ["0190a5b0-0000-7000-8000-000000000002","account.%","account","0190a5b0-0000-7000-8000-000000000001","2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z","2026-03-01T08:00:00.000Z","0190a5b0-0000-7000-8000-000000000001",51]
