-- correlation.existingIds
select "id" from "messages" where "id" in (?);
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- correlation.existingIds
select "id" from "messages" where "id" in (?, ?) and "account_id" in (?);
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002","0190a5b0-0000-7000-8000-000000000002"]

-- correlation.byMessageIdHeaders
select "id", "message_id_header" from "messages" where "message_id_header" in (?, ?) and "account_id" in (?);
-- params: ["<a@example.pl>","<b@example.pl>","0190a5b0-0000-7000-8000-000000000001"]

-- correlation.latestSentTo
select "id" from "messages" where lower(to_address) in (?) and "account_id" in (?, ?) and "sent_at" is not null order by "sent_at" desc, "id" desc limit ?;
-- params: ["jan@example.pl","0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002",1]
