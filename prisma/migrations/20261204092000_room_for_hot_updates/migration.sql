-- Balances and stock change all the time. With room left in each page, PostgreSQL updates such a
-- row in place (a HOT update) and writes no new index entries; under SERIALIZABLE, an index entry
-- written into a page that other transactions have read makes them conflict even when they looked
-- at other rows. Pages written from now on keep 30% free; VACUUM FULL would repack older ones.
ALTER TABLE "User" SET (fillfactor = 70);
ALTER TABLE "Product" SET (fillfactor = 70);
