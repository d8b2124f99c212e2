-- recipients.findById
select * from "recipients" where "id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- recipients.findByIds
select * from "recipients" where "id" in (?, ?);
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]

-- recipients.findByExternalKey
select * from "recipients" where "external_key" = ?;
-- params: ["WMD-0012"]

-- recipients.list
select * from "recipients" order by "sort_name" asc, "id" asc limit ?;
-- params: [51]

-- recipients.list
select count(*) as n from (select rowid from "recipients_fts" where "recipients_fts" match ? limit ?);
-- params: ["\"kowalska\"",2000]
select * from "recipients" where "recipients"."rowid" in (select rowid from "recipients_fts" where "recipients_fts" match ?) and "channel" = ? and "id" in (select "recipient_id" from "recipient_units" where "unit_id" = ?) and "id" in (select "recipient_units"."recipient_id" from "recipient_units" inner join "units" on "units"."id" = "recipient_units"."unit_id" where "units"."property_id" in (?, ?)) and ("sort_name", "id") > (?, ?) order by "sort_name" asc, "id" asc limit ?;
-- params: ["\"kowalska\"","email","0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002","kowalska anna","0190a5b0-0000-7000-8000-000000000001",51]

-- recipients.list
select * from "recipients" where "recipients"."search_text" like ? escape '\' order by "sort_name" asc, "id" asc limit ?;
-- params: ["%ko%",51]

-- recipients.list
select * from "recipients" where false order by "sort_name" asc, "id" asc limit ?;
-- params: [51]

-- recipients.emailsOf
select "recipient_id", "address" from "recipient_emails" where "recipient_id" in (?) order by "recipient_id", "position";
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- recipients.propertyIdsOf
select distinct "units"."property_id" from "recipient_units" inner join "units" on "units"."id" = "recipient_units"."unit_id" where "recipient_units"."recipient_id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- recipients.unitsOf
select "recipient_id", "unit_id", "role" from "recipient_units" where "recipient_id" in (?) order by "recipient_id", "unit_id";
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- recipients.insert
insert into "recipients" ("id", "name", "street", "postal_code", "city", "country", "channel", "consent_at", "consent_source", "external_key", "search_text", "sort_name", "created_at", "updated_at") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);
-- params: ["0190a5b0-0000-7000-8000-000000000001","Anna Kowalska","ul. Długa 12/3","00-950","Warszawa","PL","email","2025-01-10","oświadczenie",null,"anna kowalska","anna kowalska","2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z"]

-- recipients.update
update "recipients" set "channel" = ?, "updated_at" = ? where "id" = ?;
-- params: ["paper","2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001"]

-- recipients.delete
delete from "recipients" where "id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- recipients.replaceEmails
delete from "recipient_emails" where "recipient_id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]
insert into "recipient_emails" ("id", "recipient_id", "address", "position") values (?, ?, ?, ?);
-- params: ["0190a5b0-0000-7000-8000-000000000002","0190a5b0-0000-7000-8000-000000000001","anna@example.pl",0]

-- recipients.replaceUnits
delete from "recipient_units" where "recipient_id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]
insert into "recipient_units" ("recipient_id", "unit_id", "role") values (?, ?, ?);
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002","owner"]
