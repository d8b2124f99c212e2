-- outbox.sendableAccounts
select * from "smtp_accounts" where "status" = ? and ("circuit_state" = ? or ("circuit_state" = ? and "circuit_retry_at" <= ?)) order by "id";
-- params: ["active","closed","open","2026-03-02T09:00:00.000Z"]

-- outbox.ensureBuckets
insert into "rate_buckets" ("account_id", "scale", "tokens", "updated_at") values (?, ?, ?, ?) on conflict ("account_id", "scale") do nothing;
-- params: ["0190a5b0-0000-7000-8000-000000000001","second",5,"2026-03-02T09:00:00.000Z"]

-- outbox.lockBuckets
select * from "rate_buckets" where "account_id" = ? order by "scale";
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- outbox.saveBuckets
insert into "rate_buckets" ("account_id", "scale", "tokens", "updated_at") values (?, ?, ?, ?) on conflict ("account_id", "scale") do update set "tokens" = "excluded"."tokens", "updated_at" = "excluded"."updated_at";
-- params: ["0190a5b0-0000-7000-8000-000000000001","second",4.5,"2026-03-02T09:00:00.000Z"]

-- outbox.claim
update "messages" set "status" = ?, "lease_owner" = ?, "lease_expires_at" = ?, "attempts" = "attempts" + ?, "first_attempt_at" = coalesce("first_attempt_at", ?), "held_reason" = ? where "id" in ((select "id" from "messages" where "account_id" = ? and "status" = ? and "status" in ('queued', 'retry_wait') and "next_attempt_at" <= ? order by "priority", "next_attempt_at", "id" limit ?)) and "status" = ? returning "id", "account_id", "to_address", "envelope_from", "eml_sha256", "attempts", "series", "first_attempt_at", "message_id_header", "batch_id";
-- params: ["sending","w1","2026-03-02T09:00:00.000Z",1,"2026-03-02T09:00:00.000Z",null,"0190a5b0-0000-7000-8000-000000000001","queued","2026-03-02T09:00:00.000Z",20,"queued"]

-- outbox.claim
update "messages" set "status" = ?, "lease_owner" = ?, "lease_expires_at" = ?, "attempts" = "attempts" + ?, "first_attempt_at" = coalesce("first_attempt_at", ?), "held_reason" = ? where "id" in ((select "id" from "messages" where "account_id" = ? and "status" = ? and "held_reason" = ? order by "priority", "next_attempt_at", "id" limit ?)) and "status" = ? returning "id", "account_id", "to_address", "envelope_from", "eml_sha256", "attempts", "series", "first_attempt_at", "message_id_header", "batch_id";
-- params: ["sending","w1","2026-03-02T09:00:00.000Z",1,"2026-03-02T09:00:00.000Z",null,"0190a5b0-0000-7000-8000-000000000001","held","account",1,"held"]

-- outbox.markHalfOpen
update "smtp_accounts" set "circuit_state" = ? where "id" = ? and "circuit_state" = ? and "circuit_retry_at" <= ?;
-- params: ["half_open","0190a5b0-0000-7000-8000-000000000001","open","2026-03-02T09:00:00.000Z"]

-- outbox.reopenHalfOpen
update "smtp_accounts" set "circuit_state" = ?, "circuit_retry_at" = ? where "id" = ? and "circuit_state" = ?;
-- params: ["open","2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001","half_open"]

-- outbox.finishMany

          with v (id, owner, status, mailbox, next_attempt_at, last_outcome, last_error, error_hint, held_reason, sent_at,
    smtp_response, smtp_queue_id, refund, expired_before) as (values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?))
          
  update messages set
    status = v.status, mailbox = v.mailbox, lease_owner = null, lease_expires_at = null,
    next_attempt_at = v.next_attempt_at, last_outcome = v.last_outcome, last_error = v.last_error,
    error_hint = v.error_hint, held_reason = v.held_reason, sent_at = coalesce(v.sent_at, messages.sent_at),
    smtp_response = coalesce(v.smtp_response, messages.smtp_response),
    smtp_queue_id = coalesce(v.smtp_queue_id, messages.smtp_queue_id),
    attempts = messages.attempts - cast(v.refund as integer), updated_at = ?
  from v
  where messages.id = v.id and messages.lease_owner = v.owner and messages.status = 'sending'
    and (v.expired_before is null or messages.lease_expires_at < v.expired_before)
  returning messages.id;
-- params: ["0190a5b0-0000-7000-8000-000000000001","w1","sent",null,null,"sent",null,null,null,"2026-03-02T09:00:00.000Z","250 ok","Q1",0,null,"0190a5b0-0000-7000-8000-000000000002","w1","held",null,null,"account","535","x","account",null,null,null,1,"2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z"]

-- outbox.renewLeases
update "messages" set "lease_expires_at" = ? where "id" in (?, ?) and "lease_owner" = ? and "status" = ?;
-- params: ["2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002","w1","sending"]

-- outbox.releaseClaims
update "messages" set "status" = ?, "held_reason" = ?, "lease_owner" = ?, "lease_expires_at" = ?, "attempts" = "attempts" - ? where "id" in (?, ?) and "lease_owner" = ? and "status" = 'sending';
-- params: ["queued",null,null,null,1,"0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002","w1"]

-- outbox.releaseClaims
update "messages" set "status" = ?, "held_reason" = ?, "lease_owner" = ?, "lease_expires_at" = ?, "attempts" = "attempts" - ? where "id" in (?) and "lease_owner" = ? and "status" = 'sending';
-- params: ["held","account",null,null,1,"0190a5b0-0000-7000-8000-000000000001","w1"]

-- outbox.insertAttempts
insert into "message_attempts" ("id", "message_id", "series", "attempt_no", "account_id", "worker_id", "started_at", "finished_at", "outcome", "smtp_code", "enhanced_status", "response", "error_code") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);
-- params: ["0190a5b0-0000-7000-8000-000000000002","0190a5b0-0000-7000-8000-000000000001",0,1,"0190a5b0-0000-7000-8000-000000000001","w1","2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z","sent",250,"2.0.0","250 ok",null]

-- outbox.findAccountCircuit
select "circuit_state", "circuit_failures", "last_error", "last_error_at" from "smtp_accounts" where "id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- outbox.clearAccountAlarm
update "smtp_accounts" set "last_error" = ?, "last_error_at" = ? where "id" = ? and "last_error" is not null and "circuit_state" = ?;
-- params: [null,null,"0190a5b0-0000-7000-8000-000000000001","closed"]

-- outbox.retryWaitingNow
update "messages" set "next_attempt_at" = ?, "updated_at" = ? where "account_id" = ? and "status" = ?;
-- params: ["2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001","retry_wait"]

-- outbox.setCircuit
update "smtp_accounts" set "circuit_state" = ?, "circuit_failures" = ?, "circuit_retry_at" = ? where "id" = ?;
-- params: ["open",1,"2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001"]

-- outbox.recordSmtpUtf8
update "smtp_accounts" set "smtputf8" = ? where "id" = ?;
-- params: ["offered","0190a5b0-0000-7000-8000-000000000001"]

-- outbox.holdWaiting
update "messages" set "status" = ?, "held_reason" = ?, "updated_at" = ? where "status" in ('queued', 'retry_wait') and "account_id" = ?;
-- params: ["held","account","2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001"]

-- outbox.holdWaiting
update "messages" set "status" = ?, "held_reason" = ?, "updated_at" = ?, "error_hint" = case when ("last_outcome" in (?, ?, ?) and "error_hint" is not null) then "error_hint" else ? end where "status" in ('queued', 'retry_wait') and "account_id" = ?;
-- params: ["held","account","2026-03-02T09:00:00.000Z","transient","recipient","message","Nie można połączyć się z serwerem","0190a5b0-0000-7000-8000-000000000001"]

-- outbox.holdWaiting
update "messages" set "status" = ?, "held_reason" = ?, "updated_at" = ? where "status" in ('queued', 'retry_wait') and "to_address" = ?;
-- params: ["held","suppressed","2026-03-02T09:00:00.000Z","a@example.pl"]

-- outbox.releaseHeld
update "messages" set "status" = ?, "held_reason" = ?, "next_attempt_at" = ?, "updated_at" = ? where "status" = 'held' and "held_reason" in (?, ?) and "account_id" = ?;
-- params: ["queued",null,"2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z","account","paused","0190a5b0-0000-7000-8000-000000000001"]

-- outbox.insertSuppression
insert into "suppressions" ("address", "reason", "message_id", "created_at") values (?, ?, ?, ?) on conflict ("address") do nothing;
-- params: ["a@example.pl","550 5.1.1","0190a5b0-0000-7000-8000-000000000001","2026-03-02T09:00:00.000Z"]

-- outbox.deleteSuppression
delete from "suppressions" where "address" = ?;
-- params: ["a@example.pl"]

-- outbox.findSuppressions
select * from "suppressions" where "address" in (?, ?);
-- params: ["a@example.pl","erased:3b5e80c0b0f8febf091095fc816e8fd7386c387cf5be748ab7c23bf1d504521e"]

-- outbox.expiredLeases
select "id", "account_id", "batch_id", "to_address", "lease_owner", "attempts", "series", "first_attempt_at", "lease_expires_at" from "messages" where "status" = 'sending' and "lease_expires_at" < ? order by "id" limit ?;
-- params: ["2026-03-02T09:00:00.000Z",500]

-- outbox.nextDueAt
select min("next_attempt_at") as "at" from "messages" where "status" in ('queued', 'retry_wait');
-- params: []

-- outbox.countUnfinished
select count(*) as "n" from "messages" where ("status" in ('queued', 'retry_wait') or "status" = 'sending');
-- params: []
