-- apiKeys.insert
insert into "api_keys" ("id", "name", "prefix", "secret_sha256", "position_id", "scopes", "expires_at", "created_at", "created_by", "revoked_at", "last_used_at", "last_used_ip") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12);
-- params: ["0190a5b0-0000-7000-8000-000000000001","Czynsze SM","lst_AbCd1234","abababababababababababababababababababababababababababababababab","0190a5b0-0000-7000-8000-000000000002","[\"batches:write\"]","2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000002",null,null,null]

-- apiKeys.list
select * from "api_keys" order by "revoked_at" asc nulls first, "created_at" desc, "id";
-- params: []

-- apiKeys.findById
select * from "api_keys" where "id" = $1;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- apiKeys.findBySecret
select * from "api_keys" where "secret_sha256" = $1;
-- params: ["abababababababababababababababababababababababababababababababab"]

-- apiKeys.revoke
update "api_keys" set "revoked_at" = $1 where "id" = $2 and "revoked_at" is null;
-- params: ["2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001"]

-- apiKeys.touch
update "api_keys" set "last_used_at" = $1, "last_used_ip" = $2 where "id" = $3;
-- params: ["2026-03-02T09:00:00.000Z","127.0.0.1","0190a5b0-0000-7000-8000-000000000001"]
