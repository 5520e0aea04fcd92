-- Every price a product had: one row when it is listed (no old price) and one for each edit that
-- changes its price, written in the edit's transaction with the listing fee that edit charged.
-- A deleted product's history goes with it; an anonymised product keeps its own.
CREATE TABLE "ProductPriceChange" (
    "id" UUID NOT NULL,
    "productId" UUID NOT NULL,
    "changedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "oldPriceCents" INTEGER,
    "newPriceCents" INTEGER NOT NULL,
    "feeCents" INTEGER NOT NULL,

    CONSTRAINT "ProductPriceChange_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "ProductPriceChange_prices_positive" CHECK ("newPriceCents" > 0 AND ("oldPriceCents" IS NULL OR "oldPriceCents" > 0)),
    CONSTRAINT "ProductPriceChange_is_a_change" CHECK ("oldPriceCents" IS DISTINCT FROM "newPriceCents"),
    CONSTRAINT "ProductPriceChange_fee_not_negative" CHECK ("feeCents" >= 0)
);

-- The product page reads one product's changes in time order.
CREATE INDEX "ProductPriceChange_productId_changedAt_idx" ON "ProductPriceChange"("productId", "changedAt");

ALTER TABLE "ProductPriceChange" ADD CONSTRAINT "ProductPriceChange_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Products listed before this table existed: their price today, from when they were listed.
INSERT INTO "ProductPriceChange" ("id", "productId", "changedAt", "oldPriceCents", "newPriceCents", "feeCents")
SELECT gen_random_uuid(), p.id, p."createdAt", NULL, p."priceCents", 0 FROM "Product" p;
