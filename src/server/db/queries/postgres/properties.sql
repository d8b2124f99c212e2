-- properties.findById
select * from "properties" where "id" = $1;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- properties.findByName
select * from "properties" where "name" = $1;
-- params: ["WM Długa 12"]

-- properties.propertyIdsForUser
select distinct "position_properties"."property_id" from "position_properties" inner join "user_positions" on "user_positions"."position_id" = "position_properties"."position_id" where "user_positions"."user_id" = $1;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- properties.propertyIdsForPosition
select "property_id" from "position_properties" where "position_id" = $1;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- properties.listWithUnitCounts
select "properties".*, (select count(*) as "n" from "units" where "units"."property_id" = "properties"."id") as "unit_count" from "properties" order by "properties"."name";
-- params: []

-- properties.listWithUnitCounts
select "properties".*, (select count(*) as "n" from "units" where "units"."property_id" = "properties"."id") as "unit_count" from "properties" where "properties"."id" = $1 order by "properties"."name";
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- properties.listWithUnitCounts
select "properties".*, (select count(*) as "n" from "units" where "units"."property_id" = "properties"."id") as "unit_count" from "properties" where "properties"."id" in ($1, $2) order by "properties"."name";
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]

-- properties.listWithUnitCounts
select "properties".*, (select count(*) as "n" from "units" where "units"."property_id" = "properties"."id") as "unit_count" from "properties" where false order by "properties"."name";
-- params: []

-- properties.insert
insert into "properties" ("id", "name", "kind", "street", "postal_code", "city", "nip", "created_at", "updated_at") values ($1, $2, $3, $4, $5, $6, $7, $8, $9);
-- params: ["0190a5b0-0000-7000-8000-000000000001","WM Długa 12","community","ul. Długa 12","00-950","Warszawa",null,"2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z"]

-- properties.update
update "properties" set "city" = $1, "updated_at" = $2 where "id" = $3;
-- params: ["Kraków","2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001"]

-- properties.delete
delete from "properties" where "id" = $1;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- properties.hasUnits
select "id" from "units" where "property_id" = $1 limit $2;
-- params: ["0190a5b0-0000-7000-8000-000000000001",1]

-- properties.findUnitById
select * from "units" where "id" = $1;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- properties.findUnitsByIds
select * from "units" where "id" in ($1, $2);
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]

-- properties.findUnitByNumber
select * from "units" where "property_id" = $1 and "number" = $2;
-- params: ["0190a5b0-0000-7000-8000-000000000001","12"]

-- properties.findUnitByExternalKey
select * from "units" where "external_key" = $1;
-- params: ["WMD-0012"]

-- properties.listUnits
select * from "units" order by "number" asc, "id" asc limit $1;
-- params: [51]

-- properties.listUnits
select * from "units" where "property_id" = $1 and "property_id" in ($2, $3) and (lower("number") like $4 escape '\' or lower("address") like $5 escape '\' or lower("external_key") like $6 escape '\') and ("number", "id") > ($7, $8) order by "number" asc, "id" asc limit $9;
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002","%12%","%12%","%12%","12","0190a5b0-0000-7000-8000-000000000001",51]

-- properties.insertUnit
insert into "units" ("id", "property_id", "number", "kind", "address", "bank_account", "external_key", "created_at", "updated_at") values ($1, $2, $3, $4, $5, $6, $7, $8, $9);
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002","12","flat","ul. Długa 12/12",null,null,"2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z"]

-- properties.updateUnit
update "units" set "number" = $1, "updated_at" = $2 where "id" = $3;
-- params: ["12A","2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001"]

-- properties.deleteUnit
delete from "units" where "id" = $1;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]
