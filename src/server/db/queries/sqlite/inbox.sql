-- inbox.list
select "r"."id", "r"."message_id", "r"."account_id", "e"."mailbox_id", "r"."recipient_id", "r"."from_address", "r"."from_name", "r"."subject", "r"."text", "r"."received_at", "rr"."read_at", (select min("a"."created_at") as "m" from "messages" as "a" where "a"."inbox_reply_id" = "r"."id" and "a"."inbox_action" = ?) as "answered_at" from "feedback_replies" as "r" inner join "feedback_events" as "e" on "e"."id" = "r"."id" left join "feedback_reply_reads" as "rr" on "rr"."reply_id" = "r"."id" and "rr"."user_id" = ? where "r"."kind" = ? and true order by "r"."received_at" desc, "r"."id" desc limit ?;
-- params: ["reply","0190a5b0-0000-7000-8000-000000000001","reply",51]

-- inbox.list
select "r"."id", "r"."message_id", "r"."account_id", "e"."mailbox_id", "r"."recipient_id", "r"."from_address", "r"."from_name", "r"."subject", "r"."text", "r"."received_at", "rr"."read_at", (select min("a"."created_at") as "m" from "messages" as "a" where "a"."inbox_reply_id" = "r"."id" and "a"."inbox_action" = ?) as "answered_at" from "feedback_replies" as "r" inner join "feedback_events" as "e" on "e"."id" = "r"."id" left join "feedback_reply_reads" as "rr" on "rr"."reply_id" = "r"."id" and "rr"."user_id" = ? where "r"."kind" = ? and ("r"."account_id" in (?, ?) or ("r"."account_id" is null and "e"."mailbox_id" in (?)) or false) and "rr"."read_at" is null and "r"."message_id" = ? and lower(r.subject || ' ' || coalesce(r.from_address, '') || ' ' || coalesce(r.from_name, '') || ' ' || r.text) like ? escape '\' and ("r"."received_at", "r"."id") < (?, ?) order by "r"."received_at" desc, "r"."id" desc limit ?;
-- params: ["reply","0190a5b0-0000-7000-8000-000000000001","reply","0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002","0190a5b0-0000-7000-8000-000000000002","0190a5b0-0000-7000-8000-000000000002","%pralka%","2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001",51]

-- inbox.list
select "r"."id", "r"."message_id", "r"."account_id", "e"."mailbox_id", "r"."recipient_id", "r"."from_address", "r"."from_name", "r"."subject", "r"."text", "r"."received_at", "rr"."read_at", (select min("a"."created_at") as "m" from "messages" as "a" where "a"."inbox_reply_id" = "r"."id" and "a"."inbox_action" = ?) as "answered_at" from "feedback_replies" as "r" inner join "feedback_events" as "e" on "e"."id" = "r"."id" left join "feedback_reply_reads" as "rr" on "rr"."reply_id" = "r"."id" and "rr"."user_id" = ? where "r"."kind" = ? and false order by "r"."received_at" desc, "r"."id" desc limit ?;
-- params: ["reply","0190a5b0-0000-7000-8000-000000000001","reply",51]

-- inbox.counts
select count(*) as "total", count("r"."id") filter(where "rr"."read_at" is null) as "unread" from "feedback_replies" as "r" inner join "feedback_events" as "e" on "e"."id" = "r"."id" left join "feedback_reply_reads" as "rr" on "rr"."reply_id" = "r"."id" and "rr"."user_id" = ? where "r"."kind" = ? and ("r"."account_id" in (?) or false);
-- params: ["0190a5b0-0000-7000-8000-000000000001","reply","0190a5b0-0000-7000-8000-000000000001"]

-- inbox.findOne
select "r"."id", "r"."message_id", "r"."account_id", "e"."mailbox_id", "r"."recipient_id", "r"."from_address", "r"."from_name", "r"."subject", "r"."text", "r"."received_at", "rr"."read_at", (select min("a"."created_at") as "m" from "messages" as "a" where "a"."inbox_reply_id" = "r"."id" and "a"."inbox_action" = ?) as "answered_at" from "feedback_replies" as "r" inner join "feedback_events" as "e" on "e"."id" = "r"."id" left join "feedback_reply_reads" as "rr" on "rr"."reply_id" = "r"."id" and "rr"."user_id" = ? where "r"."kind" = ? and true and "r"."id" = ?;
-- params: ["reply","0190a5b0-0000-7000-8000-000000000002","reply","0190a5b0-0000-7000-8000-000000000001"]

-- inbox.rawOf
select "raw_sha256" from "feedback_events" where "id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- inbox.answers
select "id", "inbox_action", "to_address", "status", "created_at" from "messages" where "inbox_reply_id" = ? order by "created_at", "id";
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- inbox.markRead
insert into "feedback_reply_reads" ("reply_id", "user_id", "read_at") values (?, ?, ?) on conflict ("reply_id", "user_id") do nothing;
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002","2026-03-02T09:00:00.000Z"]

-- inbox.markUnread
delete from "feedback_reply_reads" where "reply_id" = ? and "user_id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]

-- inbox.recipient
select "id", "name" from "recipients" where "id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- inbox.unitOf
select "unit_id" from "documents" where "id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]
select "unit_id" from "recipient_units" where "recipient_id" = ? order by "unit_id";
-- params: ["0190a5b0-0000-7000-8000-000000000002"]

-- inbox.unitOf
select "unit_id" from "recipient_units" where "recipient_id" = ? order by "unit_id";
-- params: ["0190a5b0-0000-7000-8000-000000000002"]
