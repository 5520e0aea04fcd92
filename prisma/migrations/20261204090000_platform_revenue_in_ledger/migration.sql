-- The platform's money is the sum of its ledger entries, not a balance row that every fee and every
-- closed account would update (concurrent ones aborted each other on it). Its entries already hold
-- every cent it received, so the row's figure is dropped and kept at zero from now on.
UPDATE "User" SET "balanceCents" = 0 WHERE role = 'PLATFORM';

ALTER TABLE "User" ADD CONSTRAINT "User_platform_has_no_balance_row" CHECK (role <> 'PLATFORM' OR "balanceCents" = 0);
