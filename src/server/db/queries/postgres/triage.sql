-- triage.mailboxesOf
select distinct "feedback_mailbox_id" from "smtp_accounts" where "id" in ($1, $2) and "feedback_mailbox_id" is not null;
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]

-- triage.openPage
select "r"."id", "r"."from_address", "r"."from_name", "r"."subject", "r"."received_at", "e"."reason", "m"."name" as "mailbox_name" from "feedback_replies" as "r" inner join "feedback_events" as "e" on "e"."id" = "r"."id" left join "feedback_mailboxes" as "m" on "m"."id" = "e"."mailbox_id" where "r"."kind" = $1 and "r"."reviewed_at" is null and true order by "r"."received_at" desc, "r"."id" desc limit $2;
-- params: ["unknown",51]

-- triage.openPage
select "r"."id", "r"."from_address", "r"."from_name", "r"."subject", "r"."received_at", "e"."reason", "m"."name" as "mailbox_name" from "feedback_replies" as "r" inner join "feedback_events" as "e" on "e"."id" = "r"."id" left join "feedback_mailboxes" as "m" on "m"."id" = "e"."mailbox_id" where "r"."kind" = $1 and "r"."reviewed_at" is null and ("r"."account_id" in ($2) or ("r"."account_id" is null and "e"."mailbox_id" in ($3)) or false) and ("r"."received_at", "r"."id") < ($4, $5) order by "r"."received_at" desc, "r"."id" desc limit $6;
-- params: ["unknown","0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002","2026-03-01T08:00:00.000Z","0190a5b0-0000-7000-8000-000000000001",51]

-- triage.openPage
select "r"."id", "r"."from_address", "r"."from_name", "r"."subject", "r"."received_at", "e"."reason", "m"."name" as "mailbox_name" from "feedback_replies" as "r" inner join "feedback_events" as "e" on "e"."id" = "r"."id" left join "feedback_mailboxes" as "m" on "m"."id" = "e"."mailbox_id" where "r"."kind" = $1 and "r"."reviewed_at" is null and false order by "r"."received_at" desc, "r"."id" desc limit $2;
-- params: ["unknown",51]

-- triage.counts
select sum(case when ("r"."kind" = $1 and "r"."reviewed_at" is null) then 1 else 0 end) as "triage", sum(case when ("r"."kind" = $2 and not exists (select "rr"."reply_id" from "feedback_reply_reads" as "rr" where "rr"."reply_id" = "r"."id" and "rr"."user_id" = $3)) then 1 else 0 end) as "unread" from "feedback_replies" as "r" inner join "feedback_events" as "e" on "e"."id" = "r"."id" where true;
-- params: ["unknown","reply","0190a5b0-0000-7000-8000-000000000001"]

-- triage.counts
select sum(case when ("r"."kind" = $1 and "r"."reviewed_at" is null) then 1 else 0 end) as "triage", sum(case when ("r"."kind" = $2 and not exists (select "rr"."reply_id" from "feedback_reply_reads" as "rr" where "rr"."reply_id" = "r"."id" and "rr"."user_id" = $3)) then 1 else 0 end) as "unread" from "feedback_replies" as "r" inner join "feedback_events" as "e" on "e"."id" = "r"."id" where ("r"."account_id" in ($4) or ("r"."account_id" is null and "e"."mailbox_id" in ($5)) or false);
-- params: ["unknown","reply","0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]

-- triage.find
select "r"."id", "r"."kind", "r"."message_id", "r"."account_id", "r"."from_address", "r"."from_name", "r"."subject", "r"."text", "r"."received_at", "r"."reviewed_at", "e"."mailbox_id", "e"."reason", "e"."confidence", "e"."raw_sha256", "m"."name" as "mailbox_name" from "feedback_replies" as "r" inner join "feedback_events" as "e" on "e"."id" = "r"."id" left join "feedback_mailboxes" as "m" on "m"."id" = "e"."mailbox_id" where "r"."id" = $1;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- triage.isVisible
select "r"."id" from "feedback_replies" as "r" inner join "feedback_events" as "e" on "e"."id" = "r"."id" where "r"."id" = $1 and ("r"."account_id" in ($2) or ("r"."account_id" is null and "e"."mailbox_id" in ($3)) or false);
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]

-- triage.decide
update "feedback_replies" set "kind" = $1, "decision" = $2, "reviewed_by" = $3, "reviewed_at" = $4, "message_id" = $5, "account_id" = $6, "recipient_id" = $7 where "id" = $8 and "kind" = $9 and "reviewed_at" is null;
-- params: ["reply","reply","0190a5b0-0000-7000-8000-000000000001","2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000002","0190a5b0-0000-7000-8000-000000000001",null,"0190a5b0-0000-7000-8000-000000000001","unknown"]

-- triage.decide
update "feedback_replies" set "kind" = $1, "decision" = $2, "reviewed_by" = $3, "reviewed_at" = $4 where "id" = $5 and "kind" = $6 and "reviewed_at" is null;
-- params: ["unknown","nothing","0190a5b0-0000-7000-8000-000000000001","2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001","unknown"]

-- triage.retagEvent
update "feedback_events" set "kind" = $1, "reason" = $2, "effect" = $3, "message_id" = $4, "account_id" = $5, "recipient_id" = $6, "address" = $7, "confidence" = $8 where "id" = $9;
-- params: ["hard_bounce","recipient_unknown","bounced","0190a5b0-0000-7000-8000-000000000002","0190a5b0-0000-7000-8000-000000000001",null,"jan@example.pl","manual","0190a5b0-0000-7000-8000-000000000001"]

-- triage.message
select "id", "account_id", "recipient_id", "to_address", "subject", "status", "sent_at" from "messages" where "id" = $1;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]
