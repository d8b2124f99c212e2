-- storage.charge
insert into "upload_usage" ("user_id", "day", "bytes", "updated_at") values ($1, $2, $3, $4) on conflict ("user_id", "day") do update set "bytes" = "upload_usage"."bytes" + "excluded"."bytes", "updated_at" = "excluded"."updated_at" where "upload_usage"."bytes" + "excluded"."bytes" <= $5 returning "bytes";
-- params: ["0190a5b0-0000-7000-8000-000000000001","2026-03-02",1048576,"2026-03-02T09:00:00.000Z",2147483648]

-- storage.refund
update "upload_usage" set "bytes" = case when "bytes" > $1 then "bytes" - $2 else 0 end, "updated_at" = $3 where "user_id" = $4 and "day" = $5;
-- params: [1048576,1048576,"2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001","2026-03-02"]

-- storage.usedOn
select "bytes" from "upload_usage" where "user_id" = $1 and "day" = $2;
-- params: ["0190a5b0-0000-7000-8000-000000000001","2026-03-02"]

-- storage.byDay
select "day", sum("bytes") as "bytes", count(*) as "users" from "upload_usage" group by "day" order by "day" desc limit $1;
-- params: [14]

-- storage.byUser
select "upload_usage"."user_id", "users"."login", "users"."display_name", "upload_usage"."bytes" from "upload_usage" inner join "users" on "users"."id" = "upload_usage"."user_id" where "upload_usage"."day" = $1 order by "upload_usage"."bytes" desc, "users"."login" limit $2;
-- params: ["2026-03-02",50]

-- storage.blobTotals
select count(*) as "count", sum("size") as "bytes" from "blobs";
-- params: []
