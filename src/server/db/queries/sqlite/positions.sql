-- positions.findById
select * from "positions" where "id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- positions.findByIds
select * from "positions" where "id" in (?, ?);
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]

-- positions.findByName
select * from "positions" where "name" = ?;
-- params: ["Czynsze"]

-- positions.list
select "positions".* from "positions" order by "positions"."name";
-- params: []

-- positions.list
select "positions".* from "positions" where "positions"."id" in (select "position_id" from "user_positions" where "user_id" = ?) order by "positions"."name";
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- positions.insert
insert into "positions" ("id", "name", "description", "created_at", "updated_at") values (?, ?, ?, ?, ?);
-- params: ["0190a5b0-0000-7000-8000-000000000001","Czynsze","","2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z"]

-- positions.update
update "positions" set "name" = ?, "updated_at" = ? where "id" = ?;
-- params: ["Czynsze","2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001"]

-- positions.delete
delete from "positions" where "id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- positions.accountLinks
select "position_id", "account_id", "role" from "position_accounts" where "position_id" in (?) order by "role", "account_id";
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- positions.userLinks
select "position_id", "user_id" from "user_positions" where "position_id" in (?) order by "user_id";
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- positions.propertyLinks
select "position_id", "property_id" from "position_properties" where "position_id" in (?) order by "property_id";
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- positions.replaceProperties
delete from "position_properties" where "position_id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]
insert into "position_properties" ("position_id", "property_id") values (?, ?);
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]

-- positions.replaceProperties
delete from "position_properties" where "position_id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- positions.replaceAccounts
delete from "position_accounts" where "position_id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]
insert into "position_accounts" ("position_id", "account_id", "role") values (?, ?, ?);
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002","default"]
