-- idempotency.claim
insert into "idempotency_keys" ("caller", "key", "request_sha256", "created_at") values (?, ?, ?, ?) on conflict ("caller", "key") do nothing;
-- params: ["key:0190a5b0-0000-7000-8000-000000000001","abc-1","abababababababababababababababababababababababababababababababab","2026-03-02T09:00:00.000Z"]

-- idempotency.find
select * from "idempotency_keys" where "caller" = ? and "key" = ?;
-- params: ["key:0190a5b0-0000-7000-8000-000000000001","abc-1"]

-- idempotency.complete
update "idempotency_keys" set "completed_at" = ?, "response_status" = ?, "response_type" = ?, "response_body" = ? where "caller" = ? and "key" = ? and "completed_at" is null;
-- params: ["2026-03-02T09:00:00.000Z",201,"application/json","{}","key:0190a5b0-0000-7000-8000-000000000001","abc-1"]

-- idempotency.release
delete from "idempotency_keys" where "caller" = ? and "key" = ? and "completed_at" is null;
-- params: ["user:0190a5b0-0000-7000-8000-000000000001","abc-1"]

-- idempotency.release
delete from "idempotency_keys" where "caller" = ? and "key" = ? and "completed_at" is null and "created_at" < ?;
-- params: ["user:0190a5b0-0000-7000-8000-000000000001","abc-1","2026-03-02T09:00:00.000Z"]

-- idempotency.deleteOlderThan
delete from "idempotency_keys" where "created_at" < ?;
-- params: ["2026-03-02T09:00:00.000Z"]
