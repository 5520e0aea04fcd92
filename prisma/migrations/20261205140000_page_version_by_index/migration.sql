-- The trigger finds its stripe through the primary key, never by reading the whole table: under
-- SERIALIZABLE a sequential scan locks the whole relation for reading, so any two transactions
-- bumping any two stripes would conflict and one of them would be rolled back and retried
-- (docs/decisions/020-exact-page-cache.md). The setting holds only while the function runs.
ALTER FUNCTION bump_page_version() SET enable_seqscan = off;
