-- sandbox.insert
insert into "captured_messages" ("id", "received_at", "mail_from", "rcpt_to", "from_header", "to_header", "subject", "message_id_header", "message_id", "account_id", "size", "blob_sha256") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12);
-- params: ["0190a5b0-0000-7000-8000-000000000001","2026-03-02T09:00:00.000Z","a@example.pl","[]","","","",null,null,null,1,"ab"]

-- sandbox.findById
select * from "captured_messages" where "id" = $1;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- sandbox.findMessageByHeader
select "id", "account_id" from "messages" where "message_id_header" = $1;
-- params: ["<0190a5b0-0000-7000-8000-000000000001@example.pl>"]

-- sandbox.list
select * from "captured_messages" order by "received_at" desc, "id" desc limit $1;
-- params: [51]

-- sandbox.list
select * from "captured_messages" where lower(subject || ' ' || to_header || ' ' || from_header || ' ' || mail_from || ' ' || rcpt_to) like $1 escape '\' and "account_id" in ($2) and ("received_at", "id") < ($3, $4) order by "received_at" desc, "id" desc limit $5;
-- params: ["%kowal%","0190a5b0-0000-7000-8000-000000000001","2026-03-01T08:00:00.000Z","0190a5b0-0000-7000-8000-000000000001",51]
