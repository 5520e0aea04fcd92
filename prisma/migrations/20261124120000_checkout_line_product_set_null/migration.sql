-- A product that only released or refunded checkouts refer to may be deleted: their lines keep
-- the product's name, unit price and seller, and lose the link. Pending checkouts and orders still
-- stop a deletion (the product is anonymised instead), which the application checks.
ALTER TABLE "CheckoutLine" DROP CONSTRAINT "CheckoutLine_productId_fkey";
ALTER TABLE "CheckoutLine" ALTER COLUMN "productId" DROP NOT NULL;
ALTER TABLE "CheckoutLine" ADD CONSTRAINT "CheckoutLine_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE SET NULL ON UPDATE CASCADE;
