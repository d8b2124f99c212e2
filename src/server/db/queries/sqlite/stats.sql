-- stats.waiting
select "account_id", "status", "held_reason", count(*) as "n", sum(case when ("status" in (?, ?) and "next_attempt_at" < ?) then 1 else 0 end) as "overdue", min("next_attempt_at") as "next_attempt_at" from "messages" where "status" in (?, ?, ?, ?, ?, ?) and ("status" not in (?, ?) or "resolved_at" is null) group by "account_id", "status", "held_reason";
-- params: ["queued","retry_wait","2026-03-02T09:00:00.000Z","queued","sending","retry_wait","held","failed","bounced","failed","bounced"]

-- stats.waiting
select "account_id", "status", "held_reason", count(*) as "n", sum(case when ("status" in (?, ?) and "next_attempt_at" < ?) then 1 else 0 end) as "overdue", min("next_attempt_at") as "next_attempt_at" from "messages" where "status" in (?, ?, ?, ?, ?, ?) and ("status" not in (?, ?) or "resolved_at" is null) and "account_id" in (?) group by "account_id", "status", "held_reason";
-- params: ["queued","retry_wait","2026-03-02T09:00:00.000Z","queued","sending","retry_wait","held","failed","bounced","failed","bounced","0190a5b0-0000-7000-8000-000000000001"]

-- stats.hourly
select "account_id", substr(sent_at, 1, 13) as "hour", 'sent' as "kind", count(*) as "n" from "messages" where "mailbox" = 'sent' and "sent_at" >= ? group by "account_id", substr(sent_at, 1, 13) union all select "account_id", substr(updated_at, 1, 13) as "hour", 'failed' as "kind", count(*) as "n" from "messages" where "mailbox" = ? and "updated_at" >= ? group by "account_id", substr(updated_at, 1, 13);
-- params: ["2026-03-02T09:00:00.000Z","failed","2026-03-02T09:00:00.000Z"]

-- stats.hourly
select "account_id", substr(sent_at, 1, 13) as "hour", 'sent' as "kind", count(*) as "n" from "messages" where "mailbox" = 'sent' and "sent_at" >= ? and "account_id" in (?) group by "account_id", substr(sent_at, 1, 13) union all select "account_id", substr(updated_at, 1, 13) as "hour", 'failed' as "kind", count(*) as "n" from "messages" where "mailbox" = ? and "updated_at" >= ? and "account_id" in (?) group by "account_id", substr(updated_at, 1, 13);
-- params: ["2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001","failed","2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001"]
