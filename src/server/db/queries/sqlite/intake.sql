-- intake.ruleOf
select * from "position_intake" where "position_id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- intake.putRule
insert into "position_intake" ("position_id", "mode", "send_time", "updated_at") values (?, ?, ?, ?) on conflict ("position_id") do update set "mode" = ?, "send_time" = ?, "updated_at" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001","approval","18:00","2026-03-02T09:00:00.000Z","approval","18:00","2026-03-02T09:00:00.000Z"]

-- intake.foldersOf
select * from "drop_folders" where "position_id" = ? order by "document_type";
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- intake.allFolders
select * from "drop_folders" order by "id";
-- params: []

-- intake.replaceFolders
delete from "drop_folders" where "position_id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- intake.replaceFolders
delete from "drop_folders" where "position_id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]
insert into "drop_folders" ("id", "position_id", "document_type", "path", "created_at") values (?, ?, ?, ?, ?);
-- params: ["0190a5b0-0000-7000-8000-000000000002","0190a5b0-0000-7000-8000-000000000001","fee_notice","czynsze","2026-03-02T09:00:00.000Z"]

-- intake.insertIntake
insert into "intakes" ("id", "position_id", "document_type", "period", "mode", "source", "filename", "status", "created_at", "updated_at") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?);
-- params: ["0190a5b0-0000-7000-8000-000000000001","0190a5b0-0000-7000-8000-000000000002","fee_notice","2027-01","now","api","wydruk.pdf","accepted","2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z"]

-- intake.findIntake
select * from "intakes" where "id" = ?;
-- params: ["0190a5b0-0000-7000-8000-000000000001"]

-- intake.updateIntake
update "intakes" set "status" = ?, "updated_at" = ? where "id" = ?;
-- params: ["queued","2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001"]

-- intake.awaitingApproval
select "b"."id", "b"."name", "i"."created_at", (select count(*) as "n" from "messages" as "m" where "m"."batch_id" = "b"."id" and "m"."status" = ?) as "drafts" from "intakes" as "i" inner join "batches" as "b" on "b"."id" = "i"."id" where "i"."status" = ? and "b"."status" = ? and exists (select "m"."id" from "messages" as "m" where "m"."batch_id" = "b"."id" and "m"."status" = ?) order by "i"."created_at" limit ?;
-- params: ["draft","awaiting_approval","ready","draft",20]

-- intake.awaitingApproval
select "b"."id", "b"."name", "i"."created_at", (select count(*) as "n" from "messages" as "m" where "m"."batch_id" = "b"."id" and "m"."status" = ?) as "drafts" from "intakes" as "i" inner join "batches" as "b" on "b"."id" = "i"."id" where "i"."status" = ? and "b"."status" = ? and exists (select "m"."id" from "messages" as "m" where "m"."batch_id" = "b"."id" and "m"."status" = ?) and "b"."account_id" in (?) order by "i"."created_at" limit ?;
-- params: ["draft","awaiting_approval","ready","draft","0190a5b0-0000-7000-8000-000000000001",20]

-- intake.awaitingApproval
select "b"."id", "b"."name", "i"."created_at", (select count(*) as "n" from "messages" as "m" where "m"."batch_id" = "b"."id" and "m"."status" = ?) as "drafts" from "intakes" as "i" inner join "batches" as "b" on "b"."id" = "i"."id" where "i"."status" = ? and "b"."status" = ? and exists (select "m"."id" from "messages" as "m" where "m"."batch_id" = "b"."id" and "m"."status" = ?) and "b"."account_id" in (?) order by "i"."created_at" limit ?;
-- params: ["draft","awaiting_approval","ready","draft","",20]

-- intake.claimNewFile
insert into "drop_files" ("id", "folder", "name", "size", "sha256", "position_id", "document_type", "status", "intake_id", "lease_owner", "lease_expires_at", "created_at", "updated_at") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict ("folder", "name", "size", "sha256") do nothing returning "id";
-- params: ["0190a5b0-0000-7000-8000-000000000001","/srv/drop/czynsze","wydruk_2027-01.pdf",1234,"abababababababababababababababababababababababababababababababab","0190a5b0-0000-7000-8000-000000000002","fee_notice","working","0190a5b0-0000-7000-8000-000000000002","w1","2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z"]

-- intake.findFile
select * from "drop_files" where "folder" = ? and "name" = ? and "size" = ? and "sha256" = ?;
-- params: ["/srv/drop/czynsze","wydruk_2027-01.pdf",1234,"abababababababababababababababababababababababababababababababab"]

-- intake.takeOverFile
update "drop_files" set "lease_owner" = ?, "lease_expires_at" = ?, "attempts" = "attempts" + ?, "updated_at" = ? where "id" = ? and "status" = ? and "lease_expires_at" < ?;
-- params: ["w1","2026-03-02T09:00:00.000Z",1,"2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001","working","2026-03-02T09:00:00.000Z"]

-- intake.renewFileLease
update "drop_files" set "lease_expires_at" = ? where "id" = ? and "lease_owner" = ? and "status" = ?;
-- params: ["2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001","w1","working"]

-- intake.finishFile
update "drop_files" set "status" = ?, "intake_id" = ?, "report" = ?, "updated_at" = ?, "lease_owner" = ?, "lease_expires_at" = ? where "id" = ? and "lease_owner" = ? and "status" = ?;
-- params: ["processed","0190a5b0-0000-7000-8000-000000000002",null,"2026-03-02T09:00:00.000Z",null,null,"0190a5b0-0000-7000-8000-000000000001","w1","working"]

-- intake.markMoved
update "drop_files" set "moved_at" = ?, "updated_at" = ? where "id" = ?;
-- params: ["2026-03-02T09:00:00.000Z","2026-03-02T09:00:00.000Z","0190a5b0-0000-7000-8000-000000000001"]
