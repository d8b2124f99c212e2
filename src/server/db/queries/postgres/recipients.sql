-- recipients.findById
select * from "recipients" where "id" = $1;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- recipients.findByIds
select * from "recipients" where "id" in ($1, $2);
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]

-- recipients.findByExternalKey
select * from "recipients" where "external_key" = $1;
-- params: ["WMD-0012"]

-- recipients.list
select * from "recipients" order by "sort_name" asc, "id" asc limit $1;
-- params: [51]

-- recipients.list
select * from "recipients" where translate("recipients"."search_text", '.@-_/+:,;!?#$%&()*<=>[]^{|}~–—„”…', 'qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq') like $1 escape '\' and "channel" = $2 and "id" in (select "recipient_id" from "recipient_units" where "unit_id" = $3) and "id" in (select "recipient_units"."recipient_id" from "recipient_units" inner join "units" on "units"."id" = "recipient_units"."unit_id" where "units"."property_id" in ($4, $5)) and ("sort_name", "id") > ($6, $7) order by "sort_name" asc, "id" asc limit $8;
-- params: ["%kowalska%","email","0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002","kowalska anna","0190a5b0-0000-7000-8000-000000000001",51]

-- recipients.list
select * from "recipients" where "recipients"."search_text" like $1 escape '\' order by "sort_name" asc, "id" asc limit $2;
-- params: ["%ko%",51]

-- recipients.list
select * from "recipients" where false order by "sort_name" asc, "id" asc limit $1;
-- params: [51]

-- recipients.emailsOf
select "recipient_id", "address" from "recipient_emails" where "recipient_id" in ($1) order by "recipient_id", "position";
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- recipients.propertyIdsOf
select distinct "units"."property_id" from "recipient_units" inner join "units" on "units"."id" = "recipient_units"."unit_id" where "recipient_units"."recipient_id" = $1;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- recipients.unitsOf
select "recipient_id", "unit_id", "role" from "recipient_units" where "recipient_id" in ($1) order by "recipient_id", "unit_id";
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- recipients.insert
insert into "recipients" ("id", "name", "street", "postal_code", "city", "country", "channel", "consent_at", "consent_source", "external_key", "search_text", "sort_name", "created_at", "updated_at") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14);
-- params: ["0190a5b0-0000-7000-8000-000000000001","Anna Kowalska","ul. Długa 12/3","00-950","Warszawa","PL","email","2025-01-10","oświadczenie",null,"anna kowalska","anna kowalska","2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z"]

-- recipients.update
update "recipients" set "channel" = $1, "updated_at" = $2 where "id" = $3;
-- params: ["paper","2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001"]

-- recipients.delete
delete from "recipients" where "id" = $1;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- recipients.replaceEmails
delete from "recipient_emails" where "recipient_id" = $1;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]
insert into "recipient_emails" ("id", "recipient_id", "address", "position") values ($1, $2, $3, $4);
-- params: ["0190a5b0-0000-7000-8000-000000000002","0190a5b0-0000-7000-8000-000000000001","anna@example.pl",0]

-- recipients.replaceUnits
delete from "recipient_units" where "recipient_id" = $1;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]
insert into "recipient_units" ("recipient_id", "unit_id", "role") values ($1, $2, $3);
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002","owner"]
