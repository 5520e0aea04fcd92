-- Daily figures of the economy, kept by the scheduled economy-rollup job from the ledger, so that
-- /economy reads a few hundred rows however long the ledger grows.
CREATE TABLE "EconomyDay" (
    "day" DATE NOT NULL,
    "grantsCents" BIGINT NOT NULL,
    "newPeople" INTEGER NOT NULL,
    "newSellers" INTEGER NOT NULL,
    "upgradeFeesCents" BIGINT NOT NULL,
    "listingFeesCents" BIGINT NOT NULL,
    "closuresCents" BIGINT NOT NULL,
    "salesCents" BIGINT NOT NULL,
    "orders" INTEGER NOT NULL,
    "moneySupplyCents" BIGINT NOT NULL,
    "people" INTEGER NOT NULL,
    "gini" DOUBLE PRECISION NOT NULL,
    "lorenz" JSONB NOT NULL,

    CONSTRAINT "EconomyDay_pkey" PRIMARY KEY ("day")
);

-- One row: up to when the rollups were last computed.
CREATE TABLE "EconomyRollupState" (
    "id" INTEGER NOT NULL,
    "refreshedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EconomyRollupState_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "EconomyRollupState_one_row" CHECK ("id" = 1)
);

-- The leaderboards as of the last refresh; names and deletions are read live when shown.
CREATE TABLE "EconomyLeader" (
    "board" VARCHAR(20) NOT NULL,
    "rank" INTEGER NOT NULL,
    "subjectId" UUID NOT NULL,
    "value" BIGINT NOT NULL,

    CONSTRAINT "EconomyLeader_pkey" PRIMARY KEY ("board", "rank")
);

-- The refresh reads only the entries since its last run.
CREATE INDEX "LedgerEntry_createdAt_idx" ON "LedgerEntry"("createdAt");
