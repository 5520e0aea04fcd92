-- Search by name is a substring match (ILIKE '%term%'), which a B-tree cannot serve; trigram
-- GIN indexes can. pg_trgm ships with PostgreSQL (contrib), embedded and hosted alike.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX "Product_name_trgm_idx" ON "Product" USING GIN ("name" gin_trgm_ops);
CREATE INDEX "User_name_trgm_idx" ON "User" USING GIN ("name" gin_trgm_ops);
