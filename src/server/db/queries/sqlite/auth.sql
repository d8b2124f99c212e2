-- auth.insertSession
insert into "sessions" ("id", "user_id", "csrf_token", "created_at", "expires_at", "last_seen_at", "ip", "user_agent") values (?, ?, ?, ?, ?, ?, ?, ?);
-- params: ["hash","0190a5b0-0000-7000-8000-000000000001","t","2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z",null,null]

-- auth.findLiveSession
select "sessions"."id" as "session_id", "sessions"."csrf_token", "sessions"."expires_at", "sessions"."last_seen_at", "users"."id" as "user_id", "users"."login", "users"."display_name", "users"."email", "users"."role", "users"."password_change_required_at" from "sessions" inner join "users" on "users"."id" = "sessions"."user_id" where "sessions"."id" = ? and "sessions"."expires_at" > ? and "users"."status" = ?;
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

-- auth.reserveCheck
insert into "login_throttle" ("login", "ip", "failures", "lockouts", "blocked_until", "last_failure_at", "last_success_at") values (?, ?, ?, ?, ?, ?, ?) on conflict ("login", "ip") do update set "failures" = case when (case when ("login_throttle"."last_failure_at" is null or "login_throttle"."last_failure_at" < ?) then 1 else "login_throttle"."failures" + 1 end) >= ? then 0 else (case when ("login_throttle"."last_failure_at" is null or "login_throttle"."last_failure_at" < ?) then 1 else "login_throttle"."failures" + 1 end) end, "lockouts" = case when (case when ("login_throttle"."last_failure_at" is null or "login_throttle"."last_failure_at" < ?) then 1 else "login_throttle"."failures" + 1 end) >= ? then (case when ("login_throttle"."last_failure_at" is null or "login_throttle"."last_failure_at" < ?) then 0 else "login_throttle"."lockouts" end) + 1 else (case when ("login_throttle"."last_failure_at" is null or "login_throttle"."last_failure_at" < ?) then 0 else "login_throttle"."lockouts" end) end, "blocked_until" = case when (case when ("login_throttle"."last_failure_at" is null or "login_throttle"."last_failure_at" < ?) then 1 else "login_throttle"."failures" + 1 end) >= ? then (case (case when ("login_throttle"."last_failure_at" is null or "login_throttle"."last_failure_at" < ?) then 0 else "login_throttle"."lockouts" end) when ? then ? when ? then ? else ? end) else null end, "last_failure_at" = ? where ("login_throttle"."blocked_until" is null or "login_throttle"."blocked_until" <= ?) returning "blocked_until";
-- params: ["anna","192.0.2.1",1,0,null,"2026-03-02T09:00:00.000Z",null,"2026-03-02T09:00:00.000Z",5,"2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z",5,"2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z",5,"2026-03-02T09:00:00.000Z",0,"2026-03-02T09:00:00.000Z",1,"2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z"]

-- auth.lockedUntil
select "blocked_until" from "login_throttle" where "login" = ? and "ip" = ? and "blocked_until" > ?;
-- params: ["anna","*","2026-03-02T09:00:00.000Z"]

-- auth.isKnownAddress
select "login" from "login_throttle" where "login" = ? and "ip" = ? and "last_success_at" >= ?;
-- params: ["anna","192.0.2.1","2026-03-02T09:00:00.000Z"]

-- auth.recordSuccess
insert into "login_throttle" ("login", "ip", "failures", "lockouts", "blocked_until", "last_failure_at", "last_success_at") values (?, ?, ?, ?, ?, ?, ?) on conflict ("login", "ip") do update set "failures" = ?, "lockouts" = ?, "blocked_until" = ?, "last_success_at" = ?;
-- params: ["anna","192.0.2.1",0,0,null,null,"2026-03-02T09:00:00.000Z",0,0,null,"2026-03-02T09:00:00.000Z"]

-- auth.releaseCheck
update "login_throttle" set "failures" = "failures" - ? where "login" = ? and "ip" = ? and "failures" > ?;
-- params: [1,"anna","*",0]

-- auth.unlock
update "login_throttle" set "failures" = ?, "lockouts" = ?, "blocked_until" = ? where "login" = ?;
-- params: [0,0,null,"anna"]

-- auth.activeLocks
select "login", "ip", "blocked_until" from "login_throttle" where "login" in (?, ?) and "blocked_until" > ? order by "login", "ip";
-- params: ["anna","bartek","2026-03-02T09:00:00.000Z"]

-- auth.deleteStaleThrottles
delete from "login_throttle" where (("blocked_until" is null or "blocked_until" <= ?) and ("last_failure_at" is null or "last_failure_at" < ?) and ("last_success_at" is null or "last_success_at" < ?));
-- params: ["2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z"]
