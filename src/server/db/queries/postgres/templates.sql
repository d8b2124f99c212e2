-- templates.findForType
select * from "templates" where "document_type" = $1 and "account_id" is null;
-- params: ["fee_notice"]

-- templates.findForType
select * from "templates" where "document_type" = $1 and ("account_id" is null or "account_id" = $2);
-- params: ["fee_notice","0190a5b0-0000-7000-8000-000000000001"]

-- templates.listAll
select * from "templates" order by "document_type", "account_id";
-- params: []

-- templates.upsert
select "id" from "templates" where "document_type" = $1 and "account_id" = $2;
-- params: ["fee_notice","0190a5b0-0000-7000-8000-000000000002"]
insert into "templates" ("id", "document_type", "account_id", "subject", "html", "text", "updated_by", "created_at", "updated_at") values ($1, $2, $3, $4, $5, $6, $7, $8, $9);
-- params: ["0190a5b0-0000-7000-8000-000000000001","fee_notice","0190a5b0-0000-7000-8000-000000000002","S","<p>h</p>","",null,"2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z"]

-- templates.remove
delete from "templates" where "document_type" = $1 and "account_id" is null;
-- params: ["fee_notice"]

-- templates.remove
delete from "templates" where "document_type" = $1 and "account_id" = $2;
-- params: ["fee_notice","0190a5b0-0000-7000-8000-000000000001"]
