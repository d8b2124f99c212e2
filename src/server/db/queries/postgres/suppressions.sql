-- suppressions.list
select * from "suppressions" order by "created_at" desc, "address" desc limit $1;
-- params: [51]

-- suppressions.list
select * from "suppressions" where "address" like $1 escape '!' and ("created_at", "address") < ($2, $3) order by "created_at" desc, "address" desc limit $4;
-- params: ["%jan!_50!%%","2026-03-02T09:00:00.000Z","jan@example.pl",51]

-- suppressions.find
select * from "suppressions" where "address" in ($1, $2);
-- params: ["jan@example.pl","erased:fd1c4bfa0c5b86457ba1d07d348994d5ddb2040f97005fcc248b4505bc07730b"]

-- suppressions.suspects
select "address", "suspect_at" from "address_states" where "address" in ($1) and "suspect_at" is not null;
-- params: ["jan@example.pl"]

-- suppressions.complainedAt
select "complained_at" from "recipients" where "id" = $1;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- suppressions.remove
delete from "suppressions" where "address" in ($1, $2);
-- params: ["jan@example.pl","erased:fd1c4bfa0c5b86457ba1d07d348994d5ddb2040f97005fcc248b4505bc07730b"]

-- suppressions.heldForBlocked
select "id", "to_address" from "messages" where "status" = $1 and "held_reason" = $2;
-- params: ["held","suppressed"]

-- suppressions.release
update "messages" set "status" = $1, "mailbox" = $2, "held_reason" = $3, "next_attempt_at" = $4, "updated_at" = $5 where "id" in ($6, $7) and "status" = $8 and "held_reason" = $9;
-- params: ["queued","outbox",null,"2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002","held","suppressed"]

-- suppressions.recipientMessages
select "id", "to_address", "subject", "status", "held_reason", "created_at", "sent_at", "parent_id" from "messages" where "recipient_id" = $1 order by "created_at" desc, "id" desc limit $2;
-- params: ["0190a5b0-0000-7000-8000-000000000001",100]

-- suppressions.recipientMessages
select "id", "to_address", "subject", "status", "held_reason", "created_at", "sent_at", "parent_id" from "messages" where "recipient_id" = $1 and "account_id" in ($2) order by "created_at" desc, "id" desc limit $3;
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002",100]

-- suppressions.linked
select "id", "link_kind", "to_address", "status", "message_id_header", "created_at", "parent_id" from "messages" where "parent_id" = $1 order by "created_at", "id";
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- suppressions.linked
select "id", "link_kind", "to_address", "status", "message_id_header", "created_at", "parent_id" from "messages" where ("parent_id" = $1 or "id" = $2) order by "created_at", "id";
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]
