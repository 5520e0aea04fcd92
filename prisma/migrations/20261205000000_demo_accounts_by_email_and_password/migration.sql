-- Demo sign-in accounts are found by email and password together (ADR 013): sign-up no longer
-- refuses an address another account uses, so it tells nobody which addresses have accounts.

-- Keys made with a random salt cannot be looked up: those accounts can no longer be entered, as
-- accounts made before passwords could not.
UPDATE "User" SET "passwordHash" = NULL WHERE "passwordHash" IS NOT NULL;

DROP INDEX "User_email_key";
-- Clerk users and personas keep one account per address.
CREATE UNIQUE INDEX "User_email_key" ON "User"("email") WHERE "passwordHash" IS NULL;
-- The same email with the same password is one account; sign-in looks the key up here.
CREATE UNIQUE INDEX "User_passwordHash_key" ON "User"("passwordHash");
