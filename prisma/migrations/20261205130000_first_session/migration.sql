-- The session (ours, or Clerk's) in which an account was first used: it greets "Welcome" there and
-- "Welcome back" in every later one. Accounts made before this column are returning ones ('').
ALTER TABLE "User" ADD COLUMN "firstSessionId" VARCHAR(64) DEFAULT '';
ALTER TABLE "User" ALTER COLUMN "firstSessionId" DROP DEFAULT;
