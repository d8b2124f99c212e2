-- triage.mailboxesOf
select distinct "feedback_mailbox_id" from "smtp_accounts" where "id" in (?, ?) and "feedback_mailbox_id" is not null;
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]

-- triage.openPage
select "r"."id", "r"."from_address", "r"."from_name", "r"."subject", "r"."received_at", "e"."reason", "m"."name" as "mailbox_name" from "feedback_replies" as "r" inner join "feedback_events" as "e" on "e"."id" = "r"."id" left join "feedback_mailboxes" as "m" on "m"."id" = "e"."mailbox_id" where "r"."kind" = ? and "r"."reviewed_at" is null and true order by "r"."received_at" desc, "r"."id" desc limit ?;
-- params: ["unknown",51]

-- triage.openPage
select "r"."id", "r"."from_address", "r"."from_name", "r"."subject", "r"."received_at", "e"."reason", "m"."name" as "mailbox_name" from "feedback_replies" as "r" inner join "feedback_events" as "e" on "e"."id" = "r"."id" left join "feedback_mailboxes" as "m" on "m"."id" = "e"."mailbox_id" where "r"."kind" = ? and "r"."reviewed_at" is null and ("r"."account_id" in (?) or ("r"."account_id" is null and "e"."mailbox_id" in (?)) or false) and ("r"."received_at", "r"."id") < (?, ?) order by "r"."received_at" desc, "r"."id" desc limit ?;
-- params: ["unknown","0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002","2026-03-01T08:00:00.000Z","0190a5b0-0000-7000-8000-000000000001",51]

-- triage.openPage
select "r"."id", "r"."from_address", "r"."from_name", "r"."subject", "r"."received_at", "e"."reason", "m"."name" as "mailbox_name" from "feedback_replies" as "r" inner join "feedback_events" as "e" on "e"."id" = "r"."id" left join "feedback_mailboxes" as "m" on "m"."id" = "e"."mailbox_id" where "r"."kind" = ? and "r"."reviewed_at" is null and false order by "r"."received_at" desc, "r"."id" desc limit ?;
-- params: ["unknown",51]

-- triage.counts
select sum(case when ("r"."kind" = ? and "r"."reviewed_at" is null) then 1 else 0 end) as "triage", sum(case when ("r"."kind" = ? and not exists (select "rr"."reply_id" from "feedback_reply_reads" as "rr" where "rr"."reply_id" = "r"."id" and "rr"."user_id" = ?)) then 1 else 0 end) as "unread" from "feedback_replies" as "r" inner join "feedback_events" as "e" on "e"."id" = "r"."id" where true;
-- params: ["unknown","reply","0190a5b0-0000-7000-8000-000000000001"]

-- triage.counts
select sum(case when ("r"."kind" = ? and "r"."reviewed_at" is null) then 1 else 0 end) as "triage", sum(case when ("r"."kind" = ? and not exists (select "rr"."reply_id" from "feedback_reply_reads" as "rr" where "rr"."reply_id" = "r"."id" and "rr"."user_id" = ?)) then 1 else 0 end) as "unread" from "feedback_replies" as "r" inner join "feedback_events" as "e" on "e"."id" = "r"."id" where ("r"."account_id" in (?) or ("r"."account_id" is null and "e"."mailbox_id" in (?)) or false);
-- params: ["unknown","reply","0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]

-- triage.find
select "r"."id", "r"."kind", "r"."message_id", "r"."account_id", "r"."from_address", "r"."from_name", "r"."subject", "r"."text", "r"."received_at", "r"."reviewed_at", "e"."mailbox_id", "e"."reason", "e"."confidence", "e"."raw_sha256", "m"."name" as "mailbox_name" from "feedback_replies" as "r" inner join "feedback_events" as "e" on "e"."id" = "r"."id" left join "feedback_mailboxes" as "m" on "m"."id" = "e"."mailbox_id" where "r"."id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- triage.isVisible
select "r"."id" from "feedback_replies" as "r" inner join "feedback_events" as "e" on "e"."id" = "r"."id" where "r"."id" = ? and ("r"."account_id" in (?) or ("r"."account_id" is null and "e"."mailbox_id" in (?)) or false);
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]

-- triage.decide
update "feedback_replies" set "kind" = ?, "decision" = ?, "reviewed_by" = ?, "reviewed_at" = ?, "message_id" = ?, "account_id" = ?, "recipient_id" = ? where "id" = ? and "kind" = ? and "reviewed_at" is null;
-- params: ["reply","reply","0190a5b0-0000-7000-8000-000000000001","2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000002","0190a5b0-0000-7000-8000-000000000001",null,"0190a5b0-0000-7000-8000-000000000001","unknown"]

-- triage.decide
update "feedback_replies" set "kind" = ?, "decision" = ?, "reviewed_by" = ?, "reviewed_at" = ? where "id" = ? and "kind" = ? and "reviewed_at" is null;
-- params: ["unknown","nothing","0190a5b0-0000-7000-8000-000000000001","2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001","unknown"]

-- triage.retagEvent
update "feedback_events" set "kind" = ?, "reason" = ?, "effect" = ?, "message_id" = ?, "account_id" = ?, "recipient_id" = ?, "address" = ?, "confidence" = ? where "id" = ?;
-- params: ["hard_bounce","recipient_unknown","bounced","0190a5b0-0000-7000-8000-000000000002","0190a5b0-0000-7000-8000-000000000001",null,"jan@example.pl","manual","0190a5b0-0000-7000-8000-000000000001"]

-- triage.message
select "id", "account_id", "recipient_id", "to_address", "subject", "status", "sent_at" from "messages" where "id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]
