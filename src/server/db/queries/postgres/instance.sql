-- instance.ping
select 1;
-- params: []

-- instance.getSetting
select "value" from "instance_settings" where "key" = $1;
-- params: ["k"]

-- instance.putSetting
insert into "instance_settings" ("key", "value", "updated_at") values ($1, $2, $3) on conflict ("key") do update set "value" = $4, "updated_at" = $5;
-- params: ["k","v","2026-03-02T09:00:00.000Z","v","2026-03-02T09:00:00.000Z"]

-- instance.takeSetting
delete from "instance_settings" where "key" = $1 and "value" = $2;
-- params: ["k","v"]
