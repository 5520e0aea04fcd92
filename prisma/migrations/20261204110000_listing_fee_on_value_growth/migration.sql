-- AlterTable
ALTER TABLE "Product" ADD COLUMN     "chargedGrowthCents" BIGINT NOT NULL DEFAULT 0;

-- Listing fees are now 4% of a product's total growth, rounded once (docs/fees.md). The growth
-- behind the fees already paid is taken as exactly what they cover, 25 x the fees: the sub-cent
-- roundings of past fees are neither charged back nor refunded.
UPDATE "Product" p SET "chargedGrowthCents" = 25 * f.cents
  FROM (SELECT "productId", SUM("amountCents") AS cents FROM "LedgerEntry"
         WHERE kind = 'LISTING_FEE' AND "productId" IS NOT NULL GROUP BY "productId") f
 WHERE p.id = f."productId";

ALTER TABLE "Product" ADD CONSTRAINT "Product_charged_growth_not_negative" CHECK ("chargedGrowthCents" >= 0);
