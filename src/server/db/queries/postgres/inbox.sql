-- inbox.list
select "r"."id", "r"."message_id", "r"."account_id", "e"."mailbox_id", "r"."recipient_id", "r"."from_address", "r"."from_name", "r"."subject", "r"."text", "r"."received_at", "rr"."read_at", (select min("a"."created_at") as "m" from "messages" as "a" where "a"."inbox_reply_id" = "r"."id" and "a"."inbox_action" = $1) as "answered_at" from "feedback_replies" as "r" inner join "feedback_events" as "e" on "e"."id" = "r"."id" left join "feedback_reply_reads" as "rr" on "rr"."reply_id" = "r"."id" and "rr"."user_id" = $2 where "r"."kind" = $3 and true order by "r"."received_at" desc, "r"."id" desc limit $4;
-- params: ["reply","0190a5b0-0000-7000-8000-000000000001","reply",51]

-- inbox.list
select "r"."id", "r"."message_id", "r"."account_id", "e"."mailbox_id", "r"."recipient_id", "r"."from_address", "r"."from_name", "r"."subject", "r"."text", "r"."received_at", "rr"."read_at", (select min("a"."created_at") as "m" from "messages" as "a" where "a"."inbox_reply_id" = "r"."id" and "a"."inbox_action" = $1) as "answered_at" from "feedback_replies" as "r" inner join "feedback_events" as "e" on "e"."id" = "r"."id" left join "feedback_reply_reads" as "rr" on "rr"."reply_id" = "r"."id" and "rr"."user_id" = $2 where "r"."kind" = $3 and ("r"."account_id" in ($4, $5) or ("r"."account_id" is null and "e"."mailbox_id" in ($6)) or false) and "rr"."read_at" is null and "r"."message_id" = $7 and lower(r.subject || ' ' || coalesce(r.from_address, '') || ' ' || coalesce(r.from_name, '') || ' ' || r.text) like $8 escape '\' and ("r"."received_at", "r"."id") < ($9, $10) order by "r"."received_at" desc, "r"."id" desc limit $11;
-- params: ["reply","0190a5b0-0000-7000-8000-000000000001","reply","0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002","0190a5b0-0000-7000-8000-000000000002","0190a5b0-0000-7000-8000-000000000002","%pralka%","2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001",51]

-- inbox.list
select "r"."id", "r"."message_id", "r"."account_id", "e"."mailbox_id", "r"."recipient_id", "r"."from_address", "r"."from_name", "r"."subject", "r"."text", "r"."received_at", "rr"."read_at", (select min("a"."created_at") as "m" from "messages" as "a" where "a"."inbox_reply_id" = "r"."id" and "a"."inbox_action" = $1) as "answered_at" from "feedback_replies" as "r" inner join "feedback_events" as "e" on "e"."id" = "r"."id" left join "feedback_reply_reads" as "rr" on "rr"."reply_id" = "r"."id" and "rr"."user_id" = $2 where "r"."kind" = $3 and false order by "r"."received_at" desc, "r"."id" desc limit $4;
-- params: ["reply","0190a5b0-0000-7000-8000-000000000001","reply",51]

-- inbox.counts
select count(*) as "total", count("r"."id") filter(where "rr"."read_at" is null) as "unread" from "feedback_replies" as "r" inner join "feedback_events" as "e" on "e"."id" = "r"."id" left join "feedback_reply_reads" as "rr" on "rr"."reply_id" = "r"."id" and "rr"."user_id" = $1 where "r"."kind" = $2 and ("r"."account_id" in ($3) or false);
-- params: ["0190a5b0-0000-7000-8000-000000000001","reply","0190a5b0-0000-7000-8000-000000000001"]

-- inbox.findOne
select "r"."id", "r"."message_id", "r"."account_id", "e"."mailbox_id", "r"."recipient_id", "r"."from_address", "r"."from_name", "r"."subject", "r"."text", "r"."received_at", "rr"."read_at", (select min("a"."created_at") as "m" from "messages" as "a" where "a"."inbox_reply_id" = "r"."id" and "a"."inbox_action" = $1) as "answered_at" from "feedback_replies" as "r" inner join "feedback_events" as "e" on "e"."id" = "r"."id" left join "feedback_reply_reads" as "rr" on "rr"."reply_id" = "r"."id" and "rr"."user_id" = $2 where "r"."kind" = $3 and true and "r"."id" = $4;
-- params: ["reply","0190a5b0-0000-7000-8000-000000000002","reply","0190a5b0-0000-7000-8000-000000000001"]

-- inbox.rawOf
select "raw_sha256" from "feedback_events" where "id" = $1;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- inbox.answers
select "id", "inbox_action", "to_address", "status", "created_at" from "messages" where "inbox_reply_id" = $1 order by "created_at", "id";
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- inbox.markRead
insert into "feedback_reply_reads" ("reply_id", "user_id", "read_at") values ($1, $2, $3) on conflict ("reply_id", "user_id") do nothing;
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002","2026-03-02T09:00:00.000Z"]

-- inbox.markUnread
delete from "feedback_reply_reads" where "reply_id" = $1 and "user_id" = $2;
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]

-- inbox.recipient
select "id", "name" from "recipients" where "id" = $1;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- inbox.unitOf
select "unit_id" from "documents" where "id" = $1;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]
select "unit_id" from "recipient_units" where "recipient_id" = $1 order by "unit_id";
-- params: ["0190a5b0-0000-7000-8000-000000000002"]

-- inbox.unitOf
select "unit_id" from "recipient_units" where "recipient_id" = $1 order by "unit_id";
-- params: ["0190a5b0-0000-7000-8000-000000000002"]
