-- instance.ping
select 1;
-- params: []

-- instance.getSetting
select "value" from "instance_settings" where "key" = ?;
-- params: ["k"]

-- instance.putSetting
insert into "instance_settings" ("key", "value", "updated_at") values (?, ?, ?) on conflict ("key") do update set "value" = ?, "updated_at" = ?;
-- params: ["k","v","2026-03-02T09:00:00.000Z","v","2026-03-02T09:00:00.000Z"]

-- instance.takeSetting
delete from "instance_settings" where "key" = ? and "value" = ?;
-- params: ["k","v"]
