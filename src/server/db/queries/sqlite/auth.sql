-- auth.insertSession
insert into "sessions" ("id", "user_id", "csrf_token", "created_at", "expires_at", "last_seen_at", "ip", "user_agent") values (?, ?, ?, ?, ?, ?, ?, ?);
-- params: ["hash","0190a5b0-0000-7000-8000-000000000001","t","2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z",null,null]

-- auth.findLiveSession
select "sessions"."id" as "session_id", "sessions"."csrf_token", "sessions"."expires_at", "sessions"."last_seen_at", "users"."id" as "user_id", "users"."login", "users"."display_name", "users"."email", "users"."role" from "sessions" inner join "users" on "users"."id" = "sessions"."user_id" where "sessions"."id" = ? and "sessions"."expires_at" > ? and "users"."status" = ?;
-- params: ["hash","2026-03-02T09:00:00.000Z","active"]

-- auth.touchSession
update "sessions" set "last_seen_at" = ?, "expires_at" = ? where "id" = ?;
-- params: ["2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z","hash"]

-- auth.deleteSession
delete from "sessions" where "id" = ?;
-- params: ["hash"]

-- auth.deleteUserSessions
delete from "sessions" where "user_id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- auth.deleteUserSessions
delete from "sessions" where "user_id" = ? and "id" != ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001","hash"]

-- auth.deleteExpiredSessions
delete from "sessions" where "expires_at" <= ?;
-- params: ["2026-03-02T09:00:00.000Z"]

-- auth.insertLoginFailure
insert into "login_failures" ("id", "login", "ip", "at") values (?, ?, ?, ?);
-- params: ["0190a5b0-0000-7000-8000-000000000001","anna",null,"2026-03-02T09:00:00.000Z"]

-- auth.recentLoginFailures
select count(*) as "n", min("at") as "oldest" from "login_failures" where "login" = ? and "at" > ?;
-- params: ["anna","2026-03-02T09:00:00.000Z"]

-- auth.clearLoginFailures
delete from "login_failures" where "login" = ?;
-- params: ["anna"]

-- auth.deleteOldLoginFailures
delete from "login_failures" where "at" < ?;
-- params: ["2026-03-02T09:00:00.000Z"]
