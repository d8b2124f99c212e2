-- feedback.eventExists
select "id" from "feedback_events" where "id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- feedback.insertEvent
insert into "feedback_events" ("id", "mailbox_id", "kind", "reason", "message_id", "account_id", "recipient_id", "address", "confidence", "forged", "effect", "raw_sha256", "details", "occurred_at", "created_at") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict ("id") do nothing;
-- params: ["0190a5b0-0000-7000-8000-000000000001","mb","hard_bounce","recipient_unknown","0190a5b0-0000-7000-8000-000000000002",null,null,"jan@example.pl","verp",0,"bounced",null,"{}","2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z"]

-- feedback.message
select "id", "account_id", "recipient_id", "to_address", "status" from "messages" where "id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- feedback.markBounced
update "messages" set "status" = ?, "mailbox" = ?, "last_error" = ?, "updated_at" = ? where "id" = ? and "status" in (?, ?);
-- params: ["bounced","failed","5.1.1 User unknown","2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001","sent","complained"]

-- feedback.insertSuppression
insert into "suppressions" ("address", "reason", "message_id", "created_at", "source") values (?, ?, ?, ?, ?) on conflict ("address") do nothing;
-- params: ["jan@example.pl","5.1.1","0190a5b0-0000-7000-8000-000000000001","2026-03-02T09:00:00.000Z","bounce"]

-- feedback.holdWaitingTo
update "messages" set "status" = ?, "held_reason" = ?, "updated_at" = ? where "status" in (?, ?) and lower("to_address") in (?, ?);
-- params: ["held","suppressed","2026-03-02T09:00:00.000Z","queued","retry_wait","jan@example.pl","jan@xn--w-uga1v8h.pl"]

-- feedback.holdWaitingTo
-- (no query)

-- feedback.isRecipientAddress
select "id" from "recipient_emails" where lower("address") in (?);
-- params: ["jan@example.pl"]

-- feedback.softBounces
select "message_id", "occurred_at" from "feedback_events" where "address" = ? and "kind" = ? and "occurred_at" > ? order by "occurred_at";
-- params: ["jan@example.pl","soft_bounce","2026-03-02T09:00:00.000Z"]

-- feedback.addressState
select * from "address_states" where "address" = ?;
-- params: ["jan@example.pl"]

-- feedback.upsertAddressState
insert into "address_states" ("address", "suspect_at", "reset_at", "updated_at") values (?, ?, ?, ?) on conflict ("address") do update set "suspect_at" = ?, "reset_at" = ?, "updated_at" = ?;
-- params: ["jan@example.pl","2026-03-02T09:00:00.000Z",null,"2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z",null,"2026-03-02T09:00:00.000Z"]

-- feedback.flagComplaint
update "recipients" set "complained_at" = ? where "id" = ? and "complained_at" is null;
-- params: ["2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001"]

-- feedback.accountAlarm
update "smtp_accounts" set "feedback_alarm_at" = ?, "feedback_alarm_reason" = ? where "id" = ?;
-- params: ["2026-03-02T09:00:00.000Z","spam","0190a5b0-0000-7000-8000-000000000001"]

-- feedback.insertReply
insert into "feedback_replies" ("id", "kind", "message_id", "recipient_id", "account_id", "from_address", "from_name", "subject", "text", "received_at", "created_at") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict ("id") do nothing;
-- params: ["0190a5b0-0000-7000-8000-000000000001","reply","0190a5b0-0000-7000-8000-000000000002",null,null,"jan@example.pl","Jan","Re: Zawiadomienie","Dziękuję","2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z"]

-- feedback.eventsOf
select "id", "message_id", "kind", "reason", "confidence", "forged", "effect", "occurred_at", "raw_sha256" from "feedback_events" where "message_id" in (?, ?) order by "occurred_at", "id";
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]

-- feedback.receiptEventsOf
select "e"."id", "e"."kind", "e"."reason", "e"."confidence", "e"."forged", "e"."address", "e"."details", "e"."occurred_at", "e"."raw_sha256", "b"."size" as "raw_size" from "feedback_events" as "e" left join "blobs" as "b" on "b"."sha256" = "e"."raw_sha256" where "e"."message_id" = ? order by "e"."occurred_at", "e"."id";
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- feedback.rawReportOf
select "id", "kind", "raw_sha256" from "feedback_events" where "id" = ? and "message_id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000002","0190a5b0-0000-7000-8000-000000000001"]
