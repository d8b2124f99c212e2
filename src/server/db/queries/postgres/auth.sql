-- auth.insertSession
insert into "sessions" ("id", "user_id", "csrf_token", "created_at", "expires_at", "last_seen_at", "ip", "user_agent") values ($1, $2, $3, $4, $5, $6, $7, $8);
-- params: ["hash","0190a5b0-0000-7000-8000-000000000001","t","2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z",null,null]

-- auth.findLiveSession
select "sessions"."id" as "session_id", "sessions"."csrf_token", "sessions"."expires_at", "sessions"."last_seen_at", "users"."id" as "user_id", "users"."login", "users"."display_name", "users"."email", "users"."role", "users"."password_change_required_at" from "sessions" inner join "users" on "users"."id" = "sessions"."user_id" where "sessions"."id" = $1 and "sessions"."expires_at" > $2 and "users"."status" = $3;
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

-- auth.reserveCheck
insert into "login_throttle" ("login", "ip", "failures", "lockouts", "blocked_until", "last_failure_at", "last_success_at") values ($1, $2, $3, $4, $5, $6, $7) on conflict ("login", "ip") do update set "failures" = case when (case when ("login_throttle"."last_failure_at" is null or "login_throttle"."last_failure_at" < $8) then 1 else "login_throttle"."failures" + 1 end) >= $9 then 0 else (case when ("login_throttle"."last_failure_at" is null or "login_throttle"."last_failure_at" < $10) then 1 else "login_throttle"."failures" + 1 end) end, "lockouts" = case when (case when ("login_throttle"."last_failure_at" is null or "login_throttle"."last_failure_at" < $11) then 1 else "login_throttle"."failures" + 1 end) >= $12 then (case when ("login_throttle"."last_failure_at" is null or "login_throttle"."last_failure_at" < $13) then 0 else "login_throttle"."lockouts" end) + 1 else (case when ("login_throttle"."last_failure_at" is null or "login_throttle"."last_failure_at" < $14) then 0 else "login_throttle"."lockouts" end) end, "blocked_until" = case when (case when ("login_throttle"."last_failure_at" is null or "login_throttle"."last_failure_at" < $15) then 1 else "login_throttle"."failures" + 1 end) >= $16 then (case (case when ("login_throttle"."last_failure_at" is null or "login_throttle"."last_failure_at" < $17) then 0 else "login_throttle"."lockouts" end) when $18 then $19 when $20 then $21 else $22 end) else null end, "last_failure_at" = $23 where ("login_throttle"."blocked_until" is null or "login_throttle"."blocked_until" <= $24) returning "blocked_until";
-- params: ["anna","192.0.2.1",1,0,null,"2026-03-02T09:00:00.000Z",null,"2026-03-02T09:00:00.000Z",5,"2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z",5,"2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z",5,"2026-03-02T09:00:00.000Z",0,"2026-03-02T09:00:00.000Z",1,"2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z"]

-- auth.lockedUntil
select "blocked_until" from "login_throttle" where "login" = $1 and "ip" = $2 and "blocked_until" > $3;
-- params: ["anna","*","2026-03-02T09:00:00.000Z"]

-- auth.isKnownAddress
select "login" from "login_throttle" where "login" = $1 and "ip" = $2 and "last_success_at" >= $3;
-- params: ["anna","192.0.2.1","2026-03-02T09:00:00.000Z"]

-- auth.recordSuccess
insert into "login_throttle" ("login", "ip", "failures", "lockouts", "blocked_until", "last_failure_at", "last_success_at") values ($1, $2, $3, $4, $5, $6, $7) on conflict ("login", "ip") do update set "failures" = $8, "lockouts" = $9, "blocked_until" = $10, "last_success_at" = $11;
-- params: ["anna","192.0.2.1",0,0,null,null,"2026-03-02T09:00:00.000Z",0,0,null,"2026-03-02T09:00:00.000Z"]

-- auth.releaseCheck
update "login_throttle" set "failures" = "failures" - $1 where "login" = $2 and "ip" = $3 and "failures" > $4;
-- params: [1,"anna","*",0]

-- auth.unlock
update "login_throttle" set "failures" = $1, "lockouts" = $2, "blocked_until" = $3 where "login" = $4;
-- params: [0,0,null,"anna"]

-- auth.activeLocks
select "login", "ip", "blocked_until" from "login_throttle" where "login" in ($1, $2) and "blocked_until" > $3 order by "login", "ip";
-- params: ["anna","bartek","2026-03-02T09:00:00.000Z"]

-- auth.deleteStaleThrottles
delete from "login_throttle" where (("blocked_until" is null or "blocked_until" <= $1) and ("last_failure_at" is null or "last_failure_at" < $2) and ("last_success_at" is null or "last_success_at" < $3));
-- params: ["2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z"]
