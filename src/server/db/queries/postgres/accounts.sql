-- accounts.findById
select * from "smtp_accounts" where "id" = $1;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- accounts.findByIds
select * from "smtp_accounts" where "id" in ($1, $2);
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]

-- accounts.findByName
select * from "smtp_accounts" where "name" = $1;
-- params: ["Czynsze"]

-- accounts.findCapture
select * from "smtp_accounts" where "kind" = $1;
-- params: ["capture"]

-- accounts.list
select * from "smtp_accounts" order by "name";
-- params: []

-- accounts.list
select * from "smtp_accounts" where "id" in ($1) order by "name";
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- accounts.accountIdsForUser
select distinct "position_accounts"."account_id" from "position_accounts" inner join "user_positions" on "user_positions"."position_id" = "position_accounts"."position_id" where "user_positions"."user_id" = $1 order by "position_accounts"."account_id";
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- accounts.accountIdsForPosition
select "account_id" from "position_accounts" where "position_id" = $1 order by "account_id";
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- accounts.positionLinks
select "account_id", "position_id" from "position_accounts" where "account_id" in ($1) order by "position_id";
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- accounts.feedbackMailboxExists
select "id" from "feedback_mailboxes" where "id" = $1;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- accounts.recovered
update "smtp_accounts" set "circuit_state" = $1, "circuit_failures" = $2, "circuit_retry_at" = $3 where "id" = $4 and "circuit_state" in ($5, $6);
-- params: ["closed",0,null,"0190a5b0-0000-7000-8000-000000000001","open","half_open"]
update "messages" set "status" = $1, "held_reason" = $2, "next_attempt_at" = $3, "updated_at" = $4 where "account_id" = $5 and "status" = $6 and "held_reason" = $7;
-- params: ["queued",null,"2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001","held","account"]

-- accounts.insert
insert into "smtp_accounts" ("id", "kind", "name", "from_name", "from_address", "feedback_address", "envelope_mode", "host", "port", "security", "username", "password_enc", "rate_per_second", "rate_per_minute", "rate_per_hour", "rate_per_day", "dkim_domain", "dkim_selector", "dkim_key_enc", "status", "last_error", "last_error_at", "last_verified_at", "created_at", "updated_at") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25);
-- params: ["0190a5b0-0000-7000-8000-000000000001","smtp","A","","a@example.pl","b@example.pl","verp","smtp.example.pl",587,"starttls",null,null,5,null,null,null,null,null,null,"active",null,null,null,"2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z"]

-- accounts.update
update "smtp_accounts" set "status" = $1, "updated_at" = $2 where "id" = $3;
-- params: ["inactive","2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001"]

-- accounts.delete
delete from "smtp_accounts" where "id" = $1;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- accounts.hasMessages
select "id" from "messages" where "account_id" = $1 limit $2;
-- params: ["0190a5b0-0000-7000-8000-000000000001",1]
