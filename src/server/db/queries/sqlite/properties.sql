-- properties.findById
select * from "properties" where "id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- properties.findByName
select * from "properties" where "name" = ?;
-- params: ["WM Długa 12"]

-- properties.propertyIdsForUser
select distinct "position_properties"."property_id" from "position_properties" inner join "user_positions" on "user_positions"."position_id" = "position_properties"."position_id" where "user_positions"."user_id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- properties.propertyIdsForPosition
select "property_id" from "position_properties" where "position_id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- properties.listWithUnitCounts
select "properties".*, (select count(*) as "n" from "units" where "units"."property_id" = "properties"."id") as "unit_count" from "properties" order by "properties"."name";
-- params: []

-- properties.listWithUnitCounts
select "properties".*, (select count(*) as "n" from "units" where "units"."property_id" = "properties"."id") as "unit_count" from "properties" where "properties"."id" = ? order by "properties"."name";
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- properties.listWithUnitCounts
select "properties".*, (select count(*) as "n" from "units" where "units"."property_id" = "properties"."id") as "unit_count" from "properties" where "properties"."id" in (?, ?) order by "properties"."name";
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]

-- properties.listWithUnitCounts
select "properties".*, (select count(*) as "n" from "units" where "units"."property_id" = "properties"."id") as "unit_count" from "properties" where false order by "properties"."name";
-- params: []

-- properties.insert
insert into "properties" ("id", "name", "kind", "street", "postal_code", "city", "nip", "created_at", "updated_at") values (?, ?, ?, ?, ?, ?, ?, ?, ?);
-- params: ["0190a5b0-0000-7000-8000-000000000001","WM Długa 12","community","ul. Długa 12","00-950","Warszawa",null,"2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z"]

-- properties.update
update "properties" set "city" = ?, "updated_at" = ? where "id" = ?;
-- params: ["Kraków","2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001"]

-- properties.delete
delete from "properties" where "id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- properties.hasUnits
select "id" from "units" where "property_id" = ? limit ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001",1]

-- properties.findUnitById
select * from "units" where "id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- properties.findUnitsByIds
select * from "units" where "id" in (?, ?);
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]

-- properties.findUnitByNumber
select * from "units" where "property_id" = ? and "number" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001","12"]

-- properties.findUnitByExternalKey
select * from "units" where "external_key" = ?;
-- params: ["WMD-0012"]

-- properties.listUnits
select * from "units" order by "number" asc, "id" asc limit ?;
-- params: [51]

-- properties.listUnits
select * from "units" where "property_id" = ? and "property_id" in (?, ?) and (lower("number") like ? escape '\' or lower("address") like ? escape '\' or lower("external_key") like ? escape '\') and ("number", "id") > (?, ?) order by "number" asc, "id" asc limit ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002","%12%","%12%","%12%","12","0190a5b0-0000-7000-8000-000000000001",51]

-- properties.insertUnit
insert into "units" ("id", "property_id", "number", "kind", "address", "bank_account", "external_key", "created_at", "updated_at") values (?, ?, ?, ?, ?, ?, ?, ?, ?);
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002","12","flat","ul. Długa 12/12",null,null,"2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z"]

-- properties.updateUnit
update "units" set "number" = ?, "updated_at" = ? where "id" = ?;
-- params: ["12A","2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001"]

-- properties.deleteUnit
delete from "units" where "id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]
