-- Name search (GET /api/leads?name=…): `contains` is LIKE '%…%', which a trigram GIN index
-- answers for three characters or more. pg_trgm ships with PostgreSQL's contrib, and with a
-- UTF-8 ctype it makes trigrams of Chinese characters too. Not in schema.prisma: the source
-- schema is SQLite's, which has no GIN (prisma.config.ts tells the diff to leave it alone).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX "Lead_name_trgm_idx" ON "Lead" USING GIN ("name" gin_trgm_ops);
