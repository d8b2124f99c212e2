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
update "messages" set "status" = $1, "lease_owner" = $2, "lease_expires_at" = $3, "attempts" = "attempts" + $4, "first_attempt_at" = coalesce("first_attempt_at", $5), "held_reason" = $6 where "id" = any(array((select "id" from "messages" where "account_id" = $7 and "status" = $8 and "status" in ('queued', 'retry_wait') and "next_attempt_at" <= $9 order by "priority", "next_attempt_at", "id" limit $10 for update skip locked))) and "status" = $11 returning "id", "account_id", "to_address", "envelope_from", "eml_sha256", "attempts", "series", "first_attempt_at", "message_id_header", "batch_id";
-- params: ["sending","w1","2026-03-02T09:00:00.000Z",1,"2026-03-02T09:00:00.000Z",null,"0190a5b0-0000-7000-8000-000000000001","queued","2026-03-02T09:00:00.000Z",20,"queued"]

-- outbox.claim
update "messages" set "status" = $1, "lease_owner" = $2, "lease_expires_at" = $3, "attempts" = "attempts" + $4, "first_attempt_at" = coalesce("first_attempt_at", $5), "held_reason" = $6 where "id" = any(array((select "id" from "messages" where "account_id" = $7 and "status" = $8 and "held_reason" = $9 order by "priority", "next_attempt_at", "id" limit $10 for update skip locked))) and "status" = $11 returning "id", "account_id", "to_address", "envelope_from", "eml_sha256", "attempts", "series", "first_attempt_at", "message_id_header", "batch_id";
-- params: ["sending","w1","2026-03-02T09:00:00.000Z",1,"2026-03-02T09:00:00.000Z",null,"0190a5b0-0000-7000-8000-000000000001","held","account",1,"held"]

-- outbox.markHalfOpen
update "smtp_accounts" set "circuit_state" = $1 where "id" = $2 and "circuit_state" = $3 and "circuit_retry_at" <= $4;
-- params: ["half_open","0190a5b0-0000-7000-8000-000000000001","open","2026-03-02T09:00:00.000Z"]

-- outbox.reopenHalfOpen
update "smtp_accounts" set "circuit_state" = $1, "circuit_retry_at" = $2 where "id" = $3 and "circuit_state" = $4;
-- params: ["open","2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001","half_open"]

-- outbox.finishMany

          with v (id, owner, status, mailbox, next_attempt_at, last_outcome, last_error, error_hint, held_reason, sent_at,
    smtp_response, smtp_queue_id, refund, expired_before) as (values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14), ($15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28))
          
  update messages set
    status = v.status, mailbox = v.mailbox, lease_owner = null, lease_expires_at = null,
    next_attempt_at = v.next_attempt_at, last_outcome = v.last_outcome, last_error = v.last_error,
    error_hint = v.error_hint, held_reason = v.held_reason, sent_at = coalesce(v.sent_at, messages.sent_at),
    smtp_response = coalesce(v.smtp_response, messages.smtp_response),
    smtp_queue_id = coalesce(v.smtp_queue_id, messages.smtp_queue_id),
    attempts = messages.attempts - cast(v.refund as integer), updated_at = $29
  from v
  where messages.id = v.id and messages.lease_owner = v.owner and messages.status = 'sending'
    and (v.expired_before is null or messages.lease_expires_at < v.expired_before)
  returning messages.id;
-- params: ["0190a5b0-0000-7000-8000-000000000001","w1","sent",null,null,"sent",null,null,null,"2026-03-02T09:00:00.000Z","250 ok","Q1",0,null,"0190a5b0-0000-7000-8000-000000000002","w1","held",null,null,"account","535","x","account",null,null,null,1,"2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z"]

-- outbox.renewLeases
update "messages" set "lease_expires_at" = $1 where "id" in ($2, $3) and "lease_owner" = $4 and "status" = $5;
-- params: ["2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002","w1","sending"]

-- outbox.releaseClaims
update "messages" set "status" = $1, "held_reason" = $2, "lease_owner" = $3, "lease_expires_at" = $4, "attempts" = "attempts" - $5 where "id" in ($6, $7) and "lease_owner" = $8 and "status" = 'sending';
-- params: ["queued",null,null,null,1,"0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002","w1"]

-- outbox.releaseClaims
update "messages" set "status" = $1, "held_reason" = $2, "lease_owner" = $3, "lease_expires_at" = $4, "attempts" = "attempts" - $5 where "id" in ($6) and "lease_owner" = $7 and "status" = 'sending';
-- params: ["held","account",null,null,1,"0190a5b0-0000-7000-8000-000000000001","w1"]

-- outbox.insertAttempts
insert into "message_attempts" ("id", "message_id", "series", "attempt_no", "account_id", "worker_id", "started_at", "finished_at", "outcome", "smtp_code", "enhanced_status", "response", "error_code") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13);
-- params: ["0190a5b0-0000-7000-8000-000000000002","0190a5b0-0000-7000-8000-000000000001",0,1,"0190a5b0-0000-7000-8000-000000000001","w1","2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z","sent",250,"2.0.0","250 ok",null]

-- outbox.findAccountCircuit
select "circuit_state", "circuit_failures", "last_error", "last_error_at" from "smtp_accounts" where "id" = $1;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- outbox.clearAccountAlarm
update "smtp_accounts" set "last_error" = $1, "last_error_at" = $2 where "id" = $3 and "last_error" is not null and "circuit_state" = $4;
-- params: [null,null,"0190a5b0-0000-7000-8000-000000000001","closed"]

-- outbox.retryWaitingNow
update "messages" set "next_attempt_at" = $1, "updated_at" = $2 where "account_id" = $3 and "status" = $4;
-- params: ["2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001","retry_wait"]

-- outbox.setCircuit
update "smtp_accounts" set "circuit_state" = $1, "circuit_failures" = $2, "circuit_retry_at" = $3 where "id" = $4;
-- params: ["open",1,"2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001"]

-- outbox.recordSmtpUtf8
update "smtp_accounts" set "smtputf8" = $1 where "id" = $2;
-- params: ["offered","0190a5b0-0000-7000-8000-000000000001"]

-- outbox.holdWaiting
update "messages" set "status" = $1, "held_reason" = $2, "updated_at" = $3 where "status" in ('queued', 'retry_wait') and "account_id" = $4;
-- params: ["held","account","2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001"]

-- outbox.holdWaiting
update "messages" set "status" = $1, "held_reason" = $2, "updated_at" = $3, "error_hint" = case when ("last_outcome" in ($4, $5, $6) and "error_hint" is not null) then "error_hint" else $7 end where "status" in ('queued', 'retry_wait') and "account_id" = $8;
-- params: ["held","account","2026-03-02T09:00:00.000Z","transient","recipient","message","Nie można połączyć się z serwerem","0190a5b0-0000-7000-8000-000000000001"]

-- outbox.holdWaiting
update "messages" set "status" = $1, "held_reason" = $2, "updated_at" = $3 where "status" in ('queued', 'retry_wait') and "to_address" = $4;
-- params: ["held","suppressed","2026-03-02T09:00:00.000Z","a@example.pl"]

-- outbox.releaseHeld
update "messages" set "status" = $1, "held_reason" = $2, "next_attempt_at" = $3, "updated_at" = $4 where "status" = 'held' and "held_reason" in ($5, $6) and "account_id" = $7;
-- params: ["queued",null,"2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z","account","paused","0190a5b0-0000-7000-8000-000000000001"]

-- outbox.insertSuppression
insert into "suppressions" ("address", "reason", "message_id", "created_at") values ($1, $2, $3, $4) on conflict ("address") do nothing;
-- params: ["a@example.pl","550 5.1.1","0190a5b0-0000-7000-8000-000000000001","2026-03-02T09:00:00.000Z"]

-- outbox.deleteSuppression
delete from "suppressions" where "address" = $1;
-- params: ["a@example.pl"]

-- outbox.findSuppressions
select * from "suppressions" where "address" in ($1, $2);
-- params: ["a@example.pl","erased:3b5e80c0b0f8febf091095fc816e8fd7386c387cf5be748ab7c23bf1d504521e"]

-- outbox.expiredLeases
select "id", "account_id", "batch_id", "to_address", "lease_owner", "attempts", "series", "first_attempt_at", "lease_expires_at" from "messages" where "status" = 'sending' and "lease_expires_at" < $1 order by "id" limit $2;
-- params: ["2026-03-02T09:00:00.000Z",500]

-- outbox.nextDueAt
select min("next_attempt_at") as "at" from "messages" where "status" in ('queued', 'retry_wait');
-- params: []

-- outbox.countUnfinished
select count(*) as "n" from "messages" where ("status" in ('queued', 'retry_wait') or "status" = 'sending');
-- params: []
