-- blobs.insertIfAbsent
insert into "blobs" ("sha256", "size", "data", "created_at") values ($1, $2, $3, $4) on conflict ("sha256") do nothing;
-- params: ["ab",3,"<3 bytes>","2026-03-02T09:00:00.000Z"]

-- blobs.insertManyIfAbsent
insert into "blobs" ("sha256", "size", "data", "created_at") values ($1, $2, $3, $4), ($5, $6, $7, $8) on conflict ("sha256") do nothing;
-- params: ["ab",3,"<3 bytes>","2026-03-02T09:00:00.000Z","cd",3,"<3 bytes>","2026-03-02T09:00:00.000Z"]

-- blobs.getData
select "data" from "blobs" where "sha256" = $1;
-- params: ["ab"]

-- blobs.findMeta
select "sha256", "size", "created_at" from "blobs" where "sha256" = $1;
-- params: ["ab"]
