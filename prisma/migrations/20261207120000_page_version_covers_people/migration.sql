-- The people list (/users) is read at the page version too (docs/decisions/026-catalog-reads-at-the-page-version.md):
-- it shows each person's balance and age, and a new account joins it. Money nearly always moves in a
-- transaction that bumps the version already (a reservation or a sale changes a product's stock or
-- purchases, a fee comes with a product or a role), so this adds few bumps: a sign-up, the release of a
-- checkout whose products were deleted.
DROP TRIGGER "User_pages_changed_by_update" ON "User";
CREATE TRIGGER "User_pages_changed_by_update" AFTER UPDATE ON "User"
    FOR EACH ROW
    WHEN ((OLD."name", OLD."role", OLD."deletedAt", OLD."balanceCents", OLD."createdAt")
          IS DISTINCT FROM (NEW."name", NEW."role", NEW."deletedAt", NEW."balanceCents", NEW."createdAt"))
    EXECUTE FUNCTION bump_page_version();
CREATE TRIGGER "User_pages_changed_by_insert" AFTER INSERT ON "User"
    FOR EACH ROW EXECUTE FUNCTION bump_page_version();
CREATE TRIGGER "User_pages_changed_by_truncate" AFTER TRUNCATE ON "User"
    FOR EACH STATEMENT EXECUTE FUNCTION bump_page_version();
