-- documents.analyzeAfterImport
select c.relname as name, c.reltuples as tuples from pg_class c where c.oid = any(array(select to_regclass(t) from unnest($1::text[]) as t));
-- params: [["documents"]]

-- documents.lookupKeys
select "id", "external_key", "bank_account" from "units" where "external_key" in ($1, $2);
-- params: ["L0001","K1"]
select "id", "external_key" from "recipients" where "external_key" in ($1, $2);
-- params: ["L0001","K1"]
select "id", "external_key", "bank_account" from "units" where "bank_account" in ($1);
-- params: ["34102010260000000000000001"]

-- documents.allKeys
select "external_key", "bank_account" from "units" where ("external_key" is not null or "bank_account" is not null);
-- params: []
select "external_key" from "recipients" where "external_key" is not null;
-- params: []

-- documents.unitsWithProperty
select "units"."id" as "unit_id", "units"."number", "units"."address", "units"."bank_account", "properties"."id" as "property_id", "properties"."name" as "property_name", "properties"."street" as "property_street", "properties"."postal_code" as "property_postal_code", "properties"."city" as "property_city", "properties"."nip" as "property_nip" from "units" inner join "properties" on "properties"."id" = "units"."property_id" where "units"."id" in ($1);
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- documents.linksOfUnits
select "unit_id", "recipient_id", "role" from "recipient_units" where "unit_id" in ($1);
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- documents.linksOfRecipients
select "unit_id", "recipient_id", "role" from "recipient_units" where "recipient_id" in ($1);
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- documents.recipientsByIds
select "id", "name", "street", "postal_code", "city", "country", "channel", "consent_at", "sort_name" from "recipients" where "id" in ($1, $2);
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002"]

-- documents.emailsOf
select "recipient_id", "address", "position" from "recipient_emails" where "recipient_id" in ($1) order by "recipient_id", "position";
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- documents.insertMany
insert into "documents" ("id", "type", "source", "recipient_key", "recipient_id", "unit_id", "property_id", "period", "title", "data", "parties", "pdf_sha256", "pdf_size", "filename", "import_id", "created_by", "created_at") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17);
-- params: ["0190a5b0-0000-7000-8000-000000000001","fee_notice","data","L0001",null,"0190a5b0-0000-7000-8000-000000000002","0190a5b0-0000-7000-8000-000000000002","2026-04","Zawiadomienie","{}","{}","ab",3,"z.pdf","0190a5b0-0000-7000-8000-000000000001",null,"2026-03-02T09:00:00.000Z"]

-- documents.findById
select * from "documents" where "id" = $1;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- documents.list
select "id", "type", "source", "recipient_key", "recipient_id", "unit_id", "property_id", "period", "title", "filename", "pdf_size", "pdf_sha256", "import_id", "created_at" from "documents" order by "created_at" desc, "id" desc limit $1;
-- params: [51]

-- documents.list
select "id", "type", "source", "recipient_key", "recipient_id", "unit_id", "property_id", "period", "title", "filename", "pdf_size", "pdf_sha256", "import_id", "created_at" from "documents" where "type" = $1 and "period" = $2 and "property_id" = $3 and "property_id" in ($4, $5) and "import_id" = $6 and ("created_at", "id") < ($7, $8) order by "created_at" desc, "id" desc limit $9;
-- params: ["fee_notice","2026-04","0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002","0190a5b0-0000-7000-8000-000000000001","2026-03-01T08:00:00.000Z","0190a5b0-0000-7000-8000-000000000001",51]

-- documents.list
select "id", "type", "source", "recipient_key", "recipient_id", "unit_id", "property_id", "period", "title", "filename", "pdf_size", "pdf_sha256", "import_id", "created_at" from "documents" where false order by "created_at" desc, "id" desc limit $1;
-- params: [51]
