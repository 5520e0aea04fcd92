-- CreateTable
CREATE TABLE "CartNotice" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "productName" VARCHAR(100) NOT NULL,
    "reason" VARCHAR(20) NOT NULL,
    "fromQuantity" INTEGER NOT NULL,
    "toQuantity" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CartNotice_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "CartNotice_reason_check" CHECK ("reason" IN ('deleted', 'stock')),
    -- A notice says that a line went down: to 0 (removed) or to what was left.
    CONSTRAINT "CartNotice_quantities_check" CHECK ("toQuantity" >= 0 AND "toQuantity" < "fromQuantity")
);

-- CreateIndex
CREATE INDEX "CartNotice_userId_createdAt_idx" ON "CartNotice"("userId", "createdAt");

-- AddForeignKey
ALTER TABLE "CartNotice" ADD CONSTRAINT "CartNotice_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
