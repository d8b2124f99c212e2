-- correlation.existingIds
select "id" from "messages" where "id" in ($1);
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- correlation.existingIds
select "id" from "messages" where "id" in ($1, $2) and "account_id" in ($3);
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002","0190a5b0-0000-7000-8000-000000000002"]

-- correlation.byMessageIdHeaders
select "id", "message_id_header" from "messages" where "message_id_header" in ($1, $2) and "account_id" in ($3);
-- params: ["<a@example.pl>","<b@example.pl>","0190a5b0-0000-7000-8000-000000000001"]

-- correlation.latestSentTo
select "id" from "messages" where lower(to_address) in ($1) and "account_id" in ($2, $3) and "sent_at" is not null order by "sent_at" desc, "id" desc limit $4;
-- params: ["jan@example.pl","0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002",1]
