-- intake.ruleOf
select * from "position_intake" where "position_id" = $1;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- intake.putRule
insert into "position_intake" ("position_id", "mode", "send_time", "updated_at") values ($1, $2, $3, $4) on conflict ("position_id") do update set "mode" = $5, "send_time" = $6, "updated_at" = $7;
-- params: ["0190a5b0-0000-7000-8000-000000000001","approval","18:00","2026-03-02T09:00:00.000Z","approval","18:00","2026-03-02T09:00:00.000Z"]

-- intake.foldersOf
select * from "drop_folders" where "position_id" = $1 order by "document_type";
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- intake.allFolders
select * from "drop_folders" order by "id";
-- params: []

-- intake.replaceFolders
delete from "drop_folders" where "position_id" = $1;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- intake.replaceFolders
delete from "drop_folders" where "position_id" = $1;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]
insert into "drop_folders" ("id", "position_id", "document_type", "path", "created_at") values ($1, $2, $3, $4, $5);
-- params: ["0190a5b0-0000-7000-8000-000000000002","0190a5b0-0000-7000-8000-000000000001","fee_notice","czynsze","2026-03-02T09:00:00.000Z"]

-- intake.insertIntake
insert into "intakes" ("id", "position_id", "document_type", "period", "mode", "source", "filename", "status", "created_at", "updated_at") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10);
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002","fee_notice","2027-01","now","api","wydruk.pdf","accepted","2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z"]

-- intake.findIntake
select * from "intakes" where "id" = $1;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- intake.updateIntake
update "intakes" set "status" = $1, "updated_at" = $2 where "id" = $3;
-- params: ["queued","2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001"]

-- intake.awaitingApproval
select "b"."id", "b"."name", "i"."created_at", (select count(*) as "n" from "messages" as "m" where "m"."batch_id" = "b"."id" and "m"."status" = $1) as "drafts" from "intakes" as "i" inner join "batches" as "b" on "b"."id" = "i"."id" where "i"."status" = $2 and "b"."status" = $3 and exists (select "m"."id" from "messages" as "m" where "m"."batch_id" = "b"."id" and "m"."status" = $4) order by "i"."created_at" limit $5;
-- params: ["draft","awaiting_approval","ready","draft",20]

-- intake.awaitingApproval
select "b"."id", "b"."name", "i"."created_at", (select count(*) as "n" from "messages" as "m" where "m"."batch_id" = "b"."id" and "m"."status" = $1) as "drafts" from "intakes" as "i" inner join "batches" as "b" on "b"."id" = "i"."id" where "i"."status" = $2 and "b"."status" = $3 and exists (select "m"."id" from "messages" as "m" where "m"."batch_id" = "b"."id" and "m"."status" = $4) and "b"."account_id" in ($5) order by "i"."created_at" limit $6;
-- params: ["draft","awaiting_approval","ready","draft","0190a5b0-0000-7000-8000-000000000001",20]

-- intake.awaitingApproval
select "b"."id", "b"."name", "i"."created_at", (select count(*) as "n" from "messages" as "m" where "m"."batch_id" = "b"."id" and "m"."status" = $1) as "drafts" from "intakes" as "i" inner join "batches" as "b" on "b"."id" = "i"."id" where "i"."status" = $2 and "b"."status" = $3 and exists (select "m"."id" from "messages" as "m" where "m"."batch_id" = "b"."id" and "m"."status" = $4) and "b"."account_id" in ($5) order by "i"."created_at" limit $6;
-- params: ["draft","awaiting_approval","ready","draft","",20]

-- intake.claimNewFile
insert into "drop_files" ("id", "folder", "name", "size", "sha256", "position_id", "document_type", "status", "intake_id", "lease_owner", "lease_expires_at", "created_at", "updated_at") values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) on conflict ("folder", "name", "size", "sha256") do nothing returning "id";
-- params: ["0190a5b0-0000-7000-8000-000000000001","/srv/drop/czynsze","wydruk_2027-01.pdf",1234,"abababababababababababababababababababababababababababababababab","0190a5b0-0000-7000-8000-000000000002","fee_notice","working","0190a5b0-0000-7000-8000-000000000002","w1","2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z"]

-- intake.findFile
select * from "drop_files" where "folder" = $1 and "name" = $2 and "size" = $3 and "sha256" = $4;
-- params: ["/srv/drop/czynsze","wydruk_2027-01.pdf",1234,"abababababababababababababababababababababababababababababababab"]

-- intake.takeOverFile
update "drop_files" set "lease_owner" = $1, "lease_expires_at" = $2, "attempts" = "attempts" + $3, "updated_at" = $4 where "id" = $5 and "status" = $6 and "lease_expires_at" < $7;
-- params: ["w1","2026-03-02T09:00:00.000Z",1,"2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001","working","2026-03-02T09:00:00.000Z"]

-- intake.renewFileLease
update "drop_files" set "lease_expires_at" = $1 where "id" = $2 and "lease_owner" = $3 and "status" = $4;
-- params: ["2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001","w1","working"]

-- intake.finishFile
update "drop_files" set "status" = $1, "intake_id" = $2, "report" = $3, "updated_at" = $4, "lease_owner" = $5, "lease_expires_at" = $6 where "id" = $7 and "lease_owner" = $8 and "status" = $9;
-- params: ["processed","0190a5b0-0000-7000-8000-000000000002",null,"2026-03-02T09:00:00.000Z",null,null,"0190a5b0-0000-7000-8000-000000000001","w1","working"]

-- intake.markMoved
update "drop_files" set "moved_at" = $1, "updated_at" = $2 where "id" = $3;
-- params: ["2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001"]
