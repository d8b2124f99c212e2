-- storage.charge
insert into "upload_usage" ("user_id", "day", "bytes", "updated_at") values (?, ?, ?, ?) on conflict ("user_id", "day") do update set "bytes" = "upload_usage"."bytes" + "excluded"."bytes", "updated_at" = "excluded"."updated_at" where "upload_usage"."bytes" + "excluded"."bytes" <= ? returning "bytes";
-- params: ["0190a5b0-0000-7000-8000-000000000001","2026-03-02",1048576,"2026-03-02T09:00:00.000Z",2147483648]

-- storage.refund
update "upload_usage" set "bytes" = case when "bytes" > ? then "bytes" - ? else 0 end, "updated_at" = ? where "user_id" = ? and "day" = ?;
-- params: [1048576,1048576,"2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001","2026-03-02"]

-- storage.usedOn
select "bytes" from "upload_usage" where "user_id" = ? and "day" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001","2026-03-02"]

-- storage.byDay
select "day", sum("bytes") as "bytes", count(*) as "users" from "upload_usage" group by "day" order by "day" desc limit ?;
-- params: [14]

-- storage.byUser
select "upload_usage"."user_id", "users"."login", "users"."display_name", "upload_usage"."bytes" from "upload_usage" inner join "users" on "users"."id" = "upload_usage"."user_id" where "upload_usage"."day" = ? order by "upload_usage"."bytes" desc, "users"."login" limit ?;
-- params: ["2026-03-02",50]

-- storage.blobTotals
select count(*) as "count", sum("size") as "bytes" from "blobs";
-- params: []
