-- outbox.sendableAccounts
select * from "smtp_accounts" where "status" = $1 and ("circuit_state" = $2 or ("circuit_state" = $3 and "circuit_retry_at" <= $4)) order by "id";
-- params: ["active","closed","open","2026-03-02T09:00:00.000Z"]

-- outbox.ensureBuckets
insert into "rate_buckets" ("account_id", "scale", "tokens", "updated_at") values ($1, $2, $3, $4) on conflict ("account_id", "scale") do nothing;
-- params: ["0190a5b0-0000-7000-8000-000000000001","second",5,"2026-03-02T09:00:00.000Z"]

-- outbox.lockBuckets
select * from "rate_buckets" where "account_id" = $1 order by "scale" for update;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- outbox.saveBuckets
insert into "rate_buckets" ("account_id", "scale", "tokens", "updated_at") values ($1, $2, $3, $4) on conflict ("account_id", "scale") do update set "tokens" = "excluded"."tokens", "updated_at" = "excluded"."updated_at";
-- params: ["0190a5b0-0000-7000-8000-000000000001","second",4.5,"2026-03-02T09:00:00.000Z"]

-- outbox.claim
update "messages" set "status" = $1, "lease_owner" = $2, "lease_expires_at" = $3, "attempts" = "attempts" + $4, "first_attempt_at" = coalesce("first_attempt_at", $5), "held_reason" = $6 where "id" = any(array((select "id" from "messages" where "account_id" = $7 and "status" = $8 and "status" in ($9, $10) and "next_attempt_at" <= $11 order by "priority", "next_attempt_at", "id" limit $12 for update skip locked))) and "status" = $13 returning "id", "account_id", "to_address", "envelope_from", "eml_sha256", "attempts", "series", "first_attempt_at", "message_id_header";
-- params: ["sending","w1","2026-03-02T09:00:00.000Z",1,"2026-03-02T09:00:00.000Z",null,"0190a5b0-0000-7000-8000-000000000001","queued","queued","retry_wait","2026-03-02T09:00:00.000Z",20,"queued"]

-- outbox.claim
update "messages" set "status" = $1, "lease_owner" = $2, "lease_expires_at" = $3, "attempts" = "attempts" + $4, "first_attempt_at" = coalesce("first_attempt_at", $5), "held_reason" = $6 where "id" = any(array((select "id" from "messages" where "account_id" = $7 and "status" = $8 and "held_reason" = $9 order by "priority", "next_attempt_at", "id" limit $10 for update skip locked))) and "status" = $11 returning "id", "account_id", "to_address", "envelope_from", "eml_sha256", "attempts", "series", "first_attempt_at", "message_id_header";
-- params: ["sending","w1","2026-03-02T09:00:00.000Z",1,"2026-03-02T09:00:00.000Z",null,"0190a5b0-0000-7000-8000-000000000001","held","account",1,"held"]

-- outbox.markHalfOpen
update "smtp_accounts" set "circuit_state" = $1 where "id" = $2 and "circuit_state" = $3 and "circuit_retry_at" <= $4;
-- params: ["half_open","0190a5b0-0000-7000-8000-000000000001","open","2026-03-02T09:00:00.000Z"]

-- outbox.finish
update "messages" set "status" = $1, "lease_owner" = $2, "updated_at" = $3 where "id" = $4 and "lease_owner" = $5 and "status" = $6;
-- params: ["sent",null,"2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001","w1","sending"]

-- outbox.finish
update "messages" set "status" = $1, "updated_at" = $2, "attempts" = "attempts" - $3 where "id" = $4 and "lease_owner" = $5 and "status" = $6;
-- params: ["held","2026-03-02T09:00:00.000Z",1,"0190a5b0-0000-7000-8000-000000000001","w1","sending"]

-- outbox.renewLeases
update "messages" set "lease_expires_at" = $1 where "id" in ($2, $3) and "lease_owner" = $4 and "status" = $5;
-- params: ["2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002","w1","sending"]

-- outbox.insertAttempts
insert into "message_attempts" ("id", "message_id", "series", "attempt_no", "account_id", "worker_id", "started_at", "finished_at", "outcome", "smtp_code", "enhanced_status", "response", "error_code") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13);
-- params: ["0190a5b0-0000-7000-8000-000000000002","0190a5b0-0000-7000-8000-000000000001",0,1,"0190a5b0-0000-7000-8000-000000000001","w1","2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z","sent",250,"2.0.0","250 ok",null]

-- outbox.findAccountCircuit
select "circuit_state", "circuit_failures" from "smtp_accounts" where "id" = $1;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- outbox.setCircuit
update "smtp_accounts" set "circuit_state" = $1, "circuit_failures" = $2, "circuit_retry_at" = $3 where "id" = $4;
-- params: ["open",1,"2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001"]

-- outbox.holdWaiting
update "messages" set "status" = $1, "held_reason" = $2, "updated_at" = $3 where "status" in ($4, $5) and "account_id" = $6;
-- params: ["held","account","2026-03-02T09:00:00.000Z","queued","retry_wait","0190a5b0-0000-7000-8000-000000000001"]

-- outbox.holdWaiting
update "messages" set "status" = $1, "held_reason" = $2, "updated_at" = $3 where "status" in ($4, $5) and "to_address" = $6;
-- params: ["held","suppressed","2026-03-02T09:00:00.000Z","queued","retry_wait","a@example.pl"]

-- outbox.releaseHeld
update "messages" set "status" = $1, "held_reason" = $2, "next_attempt_at" = $3, "updated_at" = $4 where "status" = $5 and "held_reason" in ($6, $7) and "account_id" = $8;
-- params: ["queued",null,"2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z","held","account","paused","0190a5b0-0000-7000-8000-000000000001"]

-- outbox.insertSuppression
insert into "suppressions" ("address", "reason", "message_id", "created_at") values ($1, $2, $3, $4) on conflict ("address") do nothing;
-- params: ["a@example.pl","550 5.1.1","0190a5b0-0000-7000-8000-000000000001","2026-03-02T09:00:00.000Z"]

-- outbox.deleteSuppression
delete from "suppressions" where "address" = $1;
-- params: ["a@example.pl"]

-- outbox.findSuppressions
select * from "suppressions" where "address" in ($1);
-- params: ["a@example.pl"]

-- outbox.expiredLeases
select "id", "account_id", "lease_owner", "attempts", "series", "first_attempt_at", "lease_expires_at" from "messages" where "status" = $1 and "lease_expires_at" < $2 order by "id" limit $3;
-- params: ["sending","2026-03-02T09:00:00.000Z",500]

-- outbox.emlData
select "sha256", "data" from "blobs" where "sha256" in ($1, $2);
-- params: ["ab","cd"]

-- outbox.nextDueAt
select min("next_attempt_at") as "at" from "messages" where "status" in ($1, $2);
-- params: ["queued","retry_wait"]

-- outbox.countUnfinished
select count(*) as "n" from "messages" where "status" in ($1, $2, $3);
-- params: ["queued","retry_wait","sending"]
