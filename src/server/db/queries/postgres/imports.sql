-- imports.analyzeAfterImport
select c.relname as name, c.reltuples as tuples from pg_class c where c.oid = any(array(select to_regclass(t) from unnest($1::text[]) as t));
-- params: [["recipients","recipient_emails","units","recipient_units"]]

-- imports.recipientsByExternalKeys
-- (no query)

-- imports.recipientsByExternalKeys
select * from "recipients" where "external_key" in ($1, $2);
-- params: ["K-0001","K-0002"]

-- imports.recipientsBySortNames
select * from "recipients" where "sort_name" in ($1, $2) order by "id";
-- params: ["kowalska anna","nowak jan"]

-- imports.unitsByExternalKeys
select * from "units" where "external_key" in ($1);
-- params: ["WMD-0012"]

-- imports.unitsByNumbers
select * from "units" where ("property_id", "number") in (($1, $2), ($3, $4));
-- params: ["0190a5b0-0000-7000-8000-000000000001","12","0190a5b0-0000-7000-8000-000000000002","3A"]
