-- imports.analyzeAfterImport
-- (no query)

-- imports.recipientsByExternalKeys
-- (no query)

-- imports.recipientsByExternalKeys
select * from "recipients" where "external_key" in (?, ?);
-- params: ["K-0001","K-0002"]

-- imports.recipientsBySortNames
select * from "recipients" where "sort_name" in (?, ?) order by "id";
-- params: ["kowalska anna","nowak jan"]

-- imports.unitsByExternalKeys
select * from "units" where "external_key" in (?);
-- params: ["WMD-0012"]

-- imports.unitsByNumbers
select * from "units" where ("property_id", "number") in ((?, ?), (?, ?));
-- params: ["0190a5b0-0000-7000-8000-000000000001","12","0190a5b0-0000-7000-8000-000000000002","3A"]
