-- users.findById
select * from "users" where "id" = $1;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- users.findByLogin
select * from "users" where "login" = $1;
-- params: ["anna"]

-- users.list
select * from "users" order by "display_name", "id";
-- params: []

-- users.count
select count(*) as "n" from "users";
-- params: []

-- users.insert
insert into "users" ("id", "login", "display_name", "email", "role", "status", "password_hash", "created_at", "updated_at", "last_login_at") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10);
-- params: ["0190a5b0-0000-7000-8000-000000000001","anna","Anna",null,"clerk","active","x","2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z",null]

-- users.update
update "users" set "display_name" = $1, "updated_at" = $2 where "id" = $3;
-- params: ["Anna K.","2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001"]

-- users.positionIdsOf
select "user_id", "position_id" from "user_positions" where "user_id" in ($1, $2) order by "position_id";
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]

-- users.replacePositions
delete from "user_positions" where "user_id" = $1;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]
insert into "user_positions" ("user_id", "position_id") values ($1, $2);
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]
