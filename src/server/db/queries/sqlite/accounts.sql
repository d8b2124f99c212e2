-- accounts.findById
select * from "smtp_accounts" where "id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- accounts.findByIds
select * from "smtp_accounts" where "id" in (?, ?);
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]

-- accounts.findByName
select * from "smtp_accounts" where "name" = ?;
-- params: ["Czynsze"]

-- accounts.findCapture
select * from "smtp_accounts" where "kind" = ?;
-- params: ["capture"]

-- accounts.list
select * from "smtp_accounts" order by "name";
-- params: []

-- accounts.list
select * from "smtp_accounts" where "id" in (?) order by "name";
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- accounts.accountIdsForUser
select distinct "position_accounts"."account_id" from "position_accounts" inner join "user_positions" on "user_positions"."position_id" = "position_accounts"."position_id" where "user_positions"."user_id" = ? order by "position_accounts"."account_id";
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- accounts.accountIdsForPosition
select "account_id" from "position_accounts" where "position_id" = ? order by "account_id";
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- accounts.positionLinks
select "account_id", "position_id" from "position_accounts" where "account_id" in (?) order by "position_id";
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- accounts.feedbackMailboxExists
select "id" from "feedback_mailboxes" where "id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- accounts.recovered
update "smtp_accounts" set "circuit_state" = ?, "circuit_failures" = ?, "circuit_retry_at" = ? where "id" = ? and "circuit_state" in (?, ?);
-- params: ["closed",0,null,"0190a5b0-0000-7000-8000-000000000001","open","half_open"]
update "messages" set "status" = ?, "held_reason" = ?, "next_attempt_at" = ?, "updated_at" = ? where "account_id" = ? and "status" = ? and "held_reason" = ?;
-- params: ["queued",null,"2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001","held","account"]

-- accounts.insert
insert into "smtp_accounts" ("id", "kind", "name", "from_name", "from_address", "feedback_address", "envelope_mode", "host", "port", "security", "username", "password_enc", "rate_per_second", "rate_per_minute", "rate_per_hour", "rate_per_day", "dkim_domain", "dkim_selector", "dkim_key_enc", "status", "last_error", "last_error_at", "last_verified_at", "created_at", "updated_at") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);
-- params: ["0190a5b0-0000-7000-8000-000000000001","smtp","A","","a@example.pl","b@example.pl","verp","smtp.example.pl",587,"starttls",null,null,5,null,null,null,null,null,null,"active",null,null,null,"2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z"]

-- accounts.update
update "smtp_accounts" set "status" = ?, "updated_at" = ? where "id" = ?;
-- params: ["inactive","2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001"]

-- accounts.delete
delete from "smtp_accounts" where "id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- accounts.hasMessages
select "id" from "messages" where "account_id" = ? limit ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001",1]
