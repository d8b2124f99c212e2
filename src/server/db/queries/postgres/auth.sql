-- auth.insertSession
insert into "sessions" ("id", "user_id", "csrf_token", "created_at", "expires_at", "last_seen_at", "ip", "user_agent") values ($1, $2, $3, $4, $5, $6, $7, $8);
-- params: ["hash","0190a5b0-0000-7000-8000-000000000001","t","2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z",null,null]

-- auth.findLiveSession
select "sessions"."id" as "session_id", "sessions"."csrf_token", "sessions"."expires_at", "sessions"."last_seen_at", "users"."id" as "user_id", "users"."login", "users"."display_name", "users"."email", "users"."role" from "sessions" inner join "users" on "users"."id" = "sessions"."user_id" where "sessions"."id" = $1 and "sessions"."expires_at" > $2 and "users"."status" = $3;
-- params: ["hash","2026-03-02T09:00:00.000Z","active"]

-- auth.touchSession
update "sessions" set "last_seen_at" = $1, "expires_at" = $2 where "id" = $3;
-- params: ["2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z","hash"]

-- auth.deleteSession
delete from "sessions" where "id" = $1;
-- params: ["hash"]

-- auth.deleteUserSessions
delete from "sessions" where "user_id" = $1;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- auth.deleteUserSessions
delete from "sessions" where "user_id" = $1 and "id" != $2;
-- params: ["0190a5b0-0000-7000-8000-000000000001","hash"]

-- auth.deleteExpiredSessions
delete from "sessions" where "expires_at" <= $1;
-- params: ["2026-03-02T09:00:00.000Z"]

-- auth.insertLoginFailure
insert into "login_failures" ("id", "login", "ip", "at") values ($1, $2, $3, $4);
-- params: ["0190a5b0-0000-7000-8000-000000000001","anna",null,"2026-03-02T09:00:00.000Z"]

-- auth.recentLoginFailures
select count(*) as "n", min("at") as "oldest" from "login_failures" where "login" = $1 and "at" > $2;
-- params: ["anna","2026-03-02T09:00:00.000Z"]

-- auth.clearLoginFailures
delete from "login_failures" where "login" = $1;
-- params: ["anna"]

-- auth.deleteOldLoginFailures
delete from "login_failures" where "at" < $1;
-- params: ["2026-03-02T09:00:00.000Z"]
