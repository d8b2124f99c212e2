-- sandbox.insert
insert into "captured_messages" ("id", "received_at", "mail_from", "rcpt_to", "from_header", "to_header", "subject", "message_id_header", "message_id", "account_id", "size", "blob_sha256") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);
-- params: ["0190a5b0-0000-7000-8000-000000000001","2026-03-02T09:00:00.000Z","a@example.pl","[]","","","",null,null,null,1,"ab"]

-- sandbox.findById
select * from "captured_messages" where "id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- sandbox.findMessageByHeader
select "id", "account_id" from "messages" where "message_id_header" = ?;
-- params: ["<0190a5b0-0000-7000-8000-000000000001@example.pl>"]

-- sandbox.list
select * from "captured_messages" order by "received_at" desc, "id" desc limit ?;
-- params: [51]

-- sandbox.list
select * from "captured_messages" where lower(subject || ' ' || to_header || ' ' || from_header || ' ' || mail_from || ' ' || rcpt_to) like ? escape '\' and "account_id" in (?) and ("received_at", "id") < (?, ?) order by "received_at" desc, "id" desc limit ?;
-- params: ["%kowal%","0190a5b0-0000-7000-8000-000000000001","2026-03-01T08:00:00.000Z","0190a5b0-0000-7000-8000-000000000001",51]
