-- feedbackMailboxes.findById
select * from "feedback_mailboxes" where "id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- feedbackMailboxes.findByName
select * from "feedback_mailboxes" where "name" = ?;
-- params: ["Zwroty"]

-- feedbackMailboxes.list
select * from "feedback_mailboxes" order by "name", "id";
-- params: []

-- feedbackMailboxes.accountLinks
-- (no query)

-- feedbackMailboxes.accountLinks
select "id", "name", "feedback_mailbox_id" from "smtp_accounts" where "feedback_mailbox_id" in (?, ?) order by "name";
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]

-- feedbackMailboxes.readerLeases
-- (no query)

-- feedbackMailboxes.readerLeases
select * from "feedback_reader_leases" where "mailbox_id" in (?, ?);
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]

-- feedbackMailboxes.insert
insert into "feedback_mailboxes" ("id", "name", "host", "port", "security", "username", "auth", "password_enc", "folders", "process_since", "status", "created_at", "updated_at") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);
-- params: ["0190a5b0-0000-7000-8000-000000000001","Zwroty","imap.example.pl",993,"tls","zwroty@example.pl","password","v1.x.y.z","[\"INBOX\"]","2026-03-02T09:00:00.000Z","active","2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z"]

-- feedbackMailboxes.update
update "feedback_mailboxes" set "last_checked_at" = ?, "last_error" = ? where "id" = ?;
-- params: ["2026-03-02T09:00:00.000Z",null,"0190a5b0-0000-7000-8000-000000000001"]

-- feedbackMailboxes.replaceRefreshToken
update "feedback_mailboxes" set "oauth_refresh_token_enc" = ? where "id" = ? and "oauth_refresh_token_enc" = ?;
-- params: ["sealed-new","0190a5b0-0000-7000-8000-000000000001","sealed-old"]

-- feedbackMailboxes.detachAccounts
update "smtp_accounts" set "feedback_mailbox_id" = ?, "updated_at" = ? where "feedback_mailbox_id" = ?;
-- params: [null,"2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001"]

-- feedbackMailboxes.recordedCount
select count(*) as "n" from "feedback_messages" where "mailbox_id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- feedbackMailboxes.delete
delete from "feedback_mailboxes" where "id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]
