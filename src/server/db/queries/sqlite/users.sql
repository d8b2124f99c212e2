-- users.findById
select * from "users" where "id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- users.findByLogin
select * from "users" where "login" = ?;
-- params: ["anna"]

-- users.list
select * from "users" order by "display_name", "id";
-- params: []

-- users.count
select count(*) as "n" from "users";
-- params: []

-- users.insert
insert into "users" ("id", "login", "display_name", "email", "role", "status", "password_hash", "created_at", "updated_at", "last_login_at") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?);
-- params: ["0190a5b0-0000-7000-8000-000000000001","anna","Anna",null,"clerk","active","x","2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z",null]

-- users.update
update "users" set "display_name" = ?, "updated_at" = ? where "id" = ?;
-- params: ["Anna K.","2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001"]

-- users.positionIdsOf
select "user_id", "position_id" from "user_positions" where "user_id" in (?, ?) order by "position_id";
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]

-- users.replacePositions
delete from "user_positions" where "user_id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]
insert into "user_positions" ("user_id", "position_id") values (?, ?);
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]
