-- The version of what signed-out pages show (the catalog, product pages, the home page), for the
-- server's cache of rendered pages (docs/decisions/018-exact-page-cache.md). Triggers bump it in the
-- transaction of every write that changes such a page, whatever code path made it; a reader takes
-- the sum of the stripes, which changes exactly when such a write commits.
--
-- Striped: a transaction bumps the stripe of its own connection (backend pid modulo 64), so two
-- concurrent checkouts almost never update the same row, and each transaction bumps at most once.
CREATE TABLE "PageVersion" (
    "stripe" INTEGER NOT NULL,
    "n" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "PageVersion_pkey" PRIMARY KEY ("stripe"),
    CONSTRAINT "PageVersion_stripe_check" CHECK ("stripe" >= 0 AND "stripe" < 64)
) WITH (fillfactor = 50);

INSERT INTO "PageVersion" ("stripe") SELECT generate_series(0, 63);

CREATE FUNCTION bump_page_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Once per transaction: the setting is local to it (and undone with a rolled back savepoint).
  IF current_setting('reen.page_version_bumped', true) IS DISTINCT FROM 'yes' THEN
    UPDATE "PageVersion" SET "n" = "n" + 1 WHERE "stripe" = pg_backend_pid() % 64;
    PERFORM set_config('reen.page_version_bumped', 'yes', true);
  END IF;
  RETURN NULL;
END
$$;

-- Products: everything a list or a product page shows or sorts by (name, description, price,
-- stock and so availability, images, seller, purchases for "popular", age for "newest").
CREATE TRIGGER "Product_pages_changed_by_insert_or_delete" AFTER INSERT OR DELETE ON "Product"
    FOR EACH ROW EXECUTE FUNCTION bump_page_version();
CREATE TRIGGER "Product_pages_changed_by_update" AFTER UPDATE ON "Product"
    FOR EACH ROW
    WHEN ((OLD."name", OLD."description", OLD."priceCents", OLD."stock", OLD."imageIds", OLD."ownerId", OLD."purchasesCount", OLD."createdAt")
          IS DISTINCT FROM (NEW."name", NEW."description", NEW."priceCents", NEW."stock", NEW."imageIds", NEW."ownerId", NEW."purchasesCount", NEW."createdAt"))
    EXECUTE FUNCTION bump_page_version();
CREATE TRIGGER "Product_pages_changed_by_truncate" AFTER TRUNCATE ON "Product"
    FOR EACH STATEMENT EXECUTE FUNCTION bump_page_version();

-- People: a seller's name and role show beside their products; a deleted account's products go.
CREATE TRIGGER "User_pages_changed_by_update" AFTER UPDATE ON "User"
    FOR EACH ROW
    WHEN ((OLD."name", OLD."role", OLD."deletedAt") IS DISTINCT FROM (NEW."name", NEW."role", NEW."deletedAt"))
    EXECUTE FUNCTION bump_page_version();
CREATE TRIGGER "User_pages_changed_by_delete" AFTER DELETE ON "User"
    FOR EACH ROW EXECUTE FUNCTION bump_page_version();
