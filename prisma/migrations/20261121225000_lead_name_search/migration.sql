-- Name search (GET /api/leads?name=…, server/src/leads/name-search.ts): a part of a name found
-- through indexes instead of a scan of the enterprise's leads (240 ms at 1,000,000 leads).
-- Kept in step with Lead by the triggers below, whoever writes (the API, an import's bulk
-- insert, a bulk delete). Neither table is in schema.prisma: Prisma has no virtual tables, and
-- its diff leaves objects it cannot model alone.

-- Three characters or more: trigrams (external content: the names are not stored twice).
CREATE VIRTUAL TABLE "LeadNameTrigram" USING fts5("name", content='Lead', content_rowid='id', tokenize='trigram');

-- One or two characters (most Chinese names are two or three, and trigrams need three): every
-- character a token (unicode61 splits on spaces), searched as a phrase ("王 伟": 王 then 伟).
-- The first 100 characters (NAME_MAX) of a name. Contentless: only the tokens are kept.
CREATE VIRTUAL TABLE "LeadNameChars" USING fts5("chars", content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0');

INSERT INTO "LeadNameTrigram"("LeadNameTrigram") VALUES ('rebuild');
INSERT INTO "LeadNameChars"(rowid, "chars") SELECT "id", (SELECT group_concat(substr("name", j.value, 1), ' ') FROM json_each('[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64,65,66,67,68,69,70,71,72,73,74,75,76,77,78,79,80,81,82,83,84,85,86,87,88,89,90,91,92,93,94,95,96,97,98,99,100]') AS j WHERE j.value <= length("name")) FROM "Lead";

CREATE TRIGGER "Lead_name_search_insert" AFTER INSERT ON "Lead" BEGIN
  INSERT INTO "LeadNameTrigram"(rowid, "name") VALUES (new."id", new."name");
  INSERT INTO "LeadNameChars"(rowid, "chars") VALUES (new."id", (SELECT group_concat(substr(new."name", j.value, 1), ' ') FROM (SELECT value FROM json_each('[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64,65,66,67,68,69,70,71,72,73,74,75,76,77,78,79,80,81,82,83,84,85,86,87,88,89,90,91,92,93,94,95,96,97,98,99,100]') LIMIT length(new."name")) AS j));
END;

CREATE TRIGGER "Lead_name_search_delete" AFTER DELETE ON "Lead" BEGIN
  INSERT INTO "LeadNameTrigram"("LeadNameTrigram", rowid, "name") VALUES ('delete', old."id", old."name");
  DELETE FROM "LeadNameChars" WHERE rowid = old."id";
END;

CREATE TRIGGER "Lead_name_search_update" AFTER UPDATE OF "name" ON "Lead" BEGIN
  INSERT INTO "LeadNameTrigram"("LeadNameTrigram", rowid, "name") VALUES ('delete', old."id", old."name");
  INSERT INTO "LeadNameTrigram"(rowid, "name") VALUES (new."id", new."name");
  DELETE FROM "LeadNameChars" WHERE rowid = old."id";
  INSERT INTO "LeadNameChars"(rowid, "chars") VALUES (new."id", (SELECT group_concat(substr(new."name", j.value, 1), ' ') FROM (SELECT value FROM json_each('[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59,60,61,62,63,64,65,66,67,68,69,70,71,72,73,74,75,76,77,78,79,80,81,82,83,84,85,86,87,88,89,90,91,92,93,94,95,96,97,98,99,100]') LIMIT length(new."name")) AS j));
END;
