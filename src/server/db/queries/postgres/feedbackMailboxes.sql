-- feedbackMailboxes.findById
select * from "feedback_mailboxes" where "id" = $1;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- feedbackMailboxes.findByName
select * from "feedback_mailboxes" where "name" = $1;
-- params: ["Zwroty"]

-- feedbackMailboxes.list
select * from "feedback_mailboxes" order by "name", "id";
-- params: []

-- feedbackMailboxes.accountLinks
-- (no query)

-- feedbackMailboxes.accountLinks
select "id", "name", "feedback_mailbox_id" from "smtp_accounts" where "feedback_mailbox_id" in ($1, $2) order by "name";
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]

-- feedbackMailboxes.readerLeases
-- (no query)

-- feedbackMailboxes.readerLeases
select * from "feedback_reader_leases" where "mailbox_id" in ($1, $2);
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]

-- feedbackMailboxes.insert
insert into "feedback_mailboxes" ("id", "name", "host", "port", "security", "username", "auth", "password_enc", "folders", "process_since", "status", "created_at", "updated_at") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13);
-- params: ["0190a5b0-0000-7000-8000-000000000001","Zwroty","imap.example.pl",993,"tls","zwroty@example.pl","password","v1.x.y.z","[\"INBOX\"]","2026-03-02T09:00:00.000Z","active","2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z"]

-- feedbackMailboxes.update
update "feedback_mailboxes" set "last_checked_at" = $1, "last_error" = $2 where "id" = $3;
-- params: ["2026-03-02T09:00:00.000Z",null,"0190a5b0-0000-7000-8000-000000000001"]

-- feedbackMailboxes.replaceRefreshToken
update "feedback_mailboxes" set "oauth_refresh_token_enc" = $1 where "id" = $2 and "oauth_refresh_token_enc" = $3;
-- params: ["sealed-new","0190a5b0-0000-7000-8000-000000000001","sealed-old"]

-- feedbackMailboxes.detachAccounts
update "smtp_accounts" set "feedback_mailbox_id" = $1, "updated_at" = $2 where "feedback_mailbox_id" = $3;
-- params: [null,"2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001"]

-- feedbackMailboxes.recordedCount
select count(*) as "n" from "feedback_messages" where "mailbox_id" = $1;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- feedbackMailboxes.delete
delete from "feedback_mailboxes" where "id" = $1;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]
