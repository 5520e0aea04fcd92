-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('NADMIN', 'ADMIN', 'ANONYMOUS', 'PLATFORM');

-- CreateEnum
CREATE TYPE "CheckoutStatus" AS ENUM ('PENDING', 'COMPLETED', 'RELEASED', 'REFUNDED', 'REFUND_FAILED');

-- CreateEnum
CREATE TYPE "LedgerKind" AS ENUM ('GRANT', 'UPGRADE_FEE', 'LISTING_FEE', 'HOLD', 'RELEASE', 'SALE', 'ACCOUNT_CLOSURE');

-- CreateEnum
CREATE TYPE "WebhookProvider" AS ENUM ('STRIPE', 'CLERK');

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL,
    "clerkId" TEXT,
    "name" VARCHAR(100) NOT NULL,
    "email" VARCHAR(254),
    "role" "Role" NOT NULL DEFAULT 'NADMIN',
    "balanceCents" BIGINT NOT NULL DEFAULT 0,
    "amountSpentCents" BIGINT NOT NULL DEFAULT 0,
    "amountGainedCents" BIGINT NOT NULL DEFAULT 0,
    "purchasesCount" INTEGER NOT NULL DEFAULT 0,
    "salesCount" INTEGER NOT NULL DEFAULT 0,
    "deletedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeletedClerkId" (
    "clerkId" TEXT NOT NULL,
    "deletedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeletedClerkId_pkey" PRIMARY KEY ("clerkId")
);

-- CreateTable
CREATE TABLE "Product" (
    "id" UUID NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "description" VARCHAR(2000) NOT NULL,
    "priceCents" INTEGER NOT NULL,
    "stock" INTEGER NOT NULL,
    "imageIds" UUID[],
    "ownerId" UUID NOT NULL,
    "purchasesCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Product_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CartItem" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "productId" UUID NOT NULL,
    "quantity" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CartItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Checkout" (
    "id" UUID NOT NULL,
    "buyerId" UUID NOT NULL,
    "openForUserId" UUID,
    "status" "CheckoutStatus" NOT NULL DEFAULT 'PENDING',
    "totalCents" INTEGER NOT NULL,
    "paymentProvider" VARCHAR(20) NOT NULL,
    "paymentSessionId" TEXT,
    "paymentIntentId" TEXT,
    "reservedUntil" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "settledAt" TIMESTAMP(3),

    CONSTRAINT "Checkout_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CheckoutLine" (
    "id" UUID NOT NULL,
    "checkoutId" UUID NOT NULL,
    "productId" UUID NOT NULL,
    "productName" VARCHAR(100) NOT NULL,
    "unitPriceCents" INTEGER NOT NULL,
    "sellerId" UUID NOT NULL,
    "quantity" INTEGER NOT NULL,

    CONSTRAINT "CheckoutLine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Order" (
    "id" UUID NOT NULL,
    "buyerId" UUID NOT NULL,
    "checkoutId" UUID NOT NULL,
    "totalCents" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Order_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrderItem" (
    "id" UUID NOT NULL,
    "orderId" UUID NOT NULL,
    "productId" UUID NOT NULL,
    "productName" VARCHAR(100) NOT NULL,
    "unitPriceCents" INTEGER NOT NULL,
    "sellerId" UUID NOT NULL,
    "quantity" INTEGER NOT NULL,

    CONSTRAINT "OrderItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LedgerEntry" (
    "id" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kind" "LedgerKind" NOT NULL,
    "amountCents" BIGINT NOT NULL,
    "fromUserId" UUID,
    "toUserId" UUID,
    "grantUserId" UUID,
    "checkoutId" UUID,
    "orderId" UUID,
    "productId" UUID,
    "memo" VARCHAR(200),

    CONSTRAINT "LedgerEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookEvent" (
    "id" UUID NOT NULL,
    "provider" "WebhookProvider" NOT NULL,
    "eventId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMP(3),

    CONSTRAINT "WebhookEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EmailMessage" (
    "id" UUID NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "kind" VARCHAR(40) NOT NULL,
    "messageId" TEXT NOT NULL,
    "toAddress" VARCHAR(254) NOT NULL,
    "toName" VARCHAR(100),
    "subject" VARCHAR(200) NOT NULL,
    "html" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "userId" UUID,
    "orderId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "EmailMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_clerkId_key" ON "User"("clerkId");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "User_role_name_idx" ON "User"("role", "name");

-- CreateIndex
CREATE INDEX "User_createdAt_idx" ON "User"("createdAt");

-- CreateIndex
CREATE INDEX "Product_ownerId_createdAt_idx" ON "Product"("ownerId", "createdAt");

-- CreateIndex
CREATE INDEX "Product_createdAt_idx" ON "Product"("createdAt");

-- CreateIndex
CREATE INDEX "Product_priceCents_idx" ON "Product"("priceCents");

-- CreateIndex
CREATE INDEX "Product_purchasesCount_idx" ON "Product"("purchasesCount");

-- CreateIndex
CREATE INDEX "Product_name_idx" ON "Product"("name");

-- CreateIndex
CREATE INDEX "CartItem_productId_idx" ON "CartItem"("productId");

-- CreateIndex
CREATE UNIQUE INDEX "CartItem_userId_productId_key" ON "CartItem"("userId", "productId");

-- CreateIndex
CREATE UNIQUE INDEX "Checkout_openForUserId_key" ON "Checkout"("openForUserId");

-- CreateIndex
CREATE UNIQUE INDEX "Checkout_paymentSessionId_key" ON "Checkout"("paymentSessionId");

-- CreateIndex
CREATE INDEX "Checkout_buyerId_createdAt_idx" ON "Checkout"("buyerId", "createdAt");

-- CreateIndex
CREATE INDEX "Checkout_status_reservedUntil_idx" ON "Checkout"("status", "reservedUntil");

-- CreateIndex
CREATE INDEX "CheckoutLine_checkoutId_idx" ON "CheckoutLine"("checkoutId");

-- CreateIndex
CREATE INDEX "CheckoutLine_productId_idx" ON "CheckoutLine"("productId");

-- CreateIndex
CREATE UNIQUE INDEX "Order_checkoutId_key" ON "Order"("checkoutId");

-- CreateIndex
CREATE INDEX "Order_buyerId_createdAt_idx" ON "Order"("buyerId", "createdAt");

-- CreateIndex
CREATE INDEX "OrderItem_orderId_idx" ON "OrderItem"("orderId");

-- CreateIndex
CREATE INDEX "OrderItem_productId_idx" ON "OrderItem"("productId");

-- CreateIndex
CREATE INDEX "OrderItem_sellerId_orderId_idx" ON "OrderItem"("sellerId", "orderId");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerEntry_grantUserId_key" ON "LedgerEntry"("grantUserId");

-- CreateIndex
CREATE INDEX "LedgerEntry_fromUserId_createdAt_idx" ON "LedgerEntry"("fromUserId", "createdAt");

-- CreateIndex
CREATE INDEX "LedgerEntry_toUserId_createdAt_idx" ON "LedgerEntry"("toUserId", "createdAt");

-- CreateIndex
CREATE INDEX "LedgerEntry_checkoutId_idx" ON "LedgerEntry"("checkoutId");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookEvent_provider_eventId_key" ON "WebhookEvent"("provider", "eventId");

-- CreateIndex
CREATE UNIQUE INDEX "EmailMessage_dedupeKey_key" ON "EmailMessage"("dedupeKey");

-- CreateIndex
CREATE UNIQUE INDEX "EmailMessage_messageId_key" ON "EmailMessage"("messageId");

-- CreateIndex
CREATE INDEX "EmailMessage_createdAt_idx" ON "EmailMessage"("createdAt");

-- AddForeignKey
ALTER TABLE "Product" ADD CONSTRAINT "Product_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CartItem" ADD CONSTRAINT "CartItem_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CartItem" ADD CONSTRAINT "CartItem_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Checkout" ADD CONSTRAINT "Checkout_buyerId_fkey" FOREIGN KEY ("buyerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Checkout" ADD CONSTRAINT "Checkout_openForUserId_fkey" FOREIGN KEY ("openForUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CheckoutLine" ADD CONSTRAINT "CheckoutLine_checkoutId_fkey" FOREIGN KEY ("checkoutId") REFERENCES "Checkout"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CheckoutLine" ADD CONSTRAINT "CheckoutLine_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Order" ADD CONSTRAINT "Order_buyerId_fkey" FOREIGN KEY ("buyerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Order" ADD CONSTRAINT "Order_checkoutId_fkey" FOREIGN KEY ("checkoutId") REFERENCES "Checkout"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrderItem" ADD CONSTRAINT "OrderItem_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrderItem" ADD CONSTRAINT "OrderItem_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_fromUserId_fkey" FOREIGN KEY ("fromUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_toUserId_fkey" FOREIGN KEY ("toUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_grantUserId_fkey" FOREIGN KEY ("grantUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_checkoutId_fkey" FOREIGN KEY ("checkoutId") REFERENCES "Checkout"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EmailMessage" ADD CONSTRAINT "EmailMessage_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EmailMessage" ADD CONSTRAINT "EmailMessage_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------------
-- Rules Prisma's schema language cannot express. Written by hand; keep them when regenerating.
-- ---------------------------------------------------------------------------------------------

-- Money never goes negative, counters never drop below zero.
ALTER TABLE "User"
  ADD CONSTRAINT "User_balance_not_negative" CHECK ("balanceCents" >= 0),
  ADD CONSTRAINT "User_amounts_not_negative" CHECK ("amountSpentCents" >= 0 AND "amountGainedCents" >= 0),
  ADD CONSTRAINT "User_counts_not_negative" CHECK ("purchasesCount" >= 0 AND "salesCount" >= 0),
  ADD CONSTRAINT "User_email_lower_case" CHECK ("email" = lower("email"));

ALTER TABLE "Product"
  ADD CONSTRAINT "Product_stock_not_negative" CHECK ("stock" >= 0),
  ADD CONSTRAINT "Product_price_positive" CHECK ("priceCents" > 0),
  ADD CONSTRAINT "Product_purchases_not_negative" CHECK ("purchasesCount" >= 0),
  ADD CONSTRAINT "Product_one_to_six_images" CHECK (cardinality("imageIds") BETWEEN 1 AND 6);

ALTER TABLE "CartItem" ADD CONSTRAINT "CartItem_quantity_positive" CHECK ("quantity" > 0);

ALTER TABLE "Checkout"
  ADD CONSTRAINT "Checkout_total_not_negative" CHECK ("totalCents" >= 0),
  -- openForUserId is the buyer while pending and null otherwise: one open checkout per user.
  ADD CONSTRAINT "Checkout_open_marker" CHECK (
    CASE WHEN "status" = 'PENDING' THEN "openForUserId" = "buyerId" ELSE "openForUserId" IS NULL END
  );

ALTER TABLE "CheckoutLine"
  ADD CONSTRAINT "CheckoutLine_quantity_positive" CHECK ("quantity" > 0),
  ADD CONSTRAINT "CheckoutLine_price_positive" CHECK ("unitPriceCents" > 0);

ALTER TABLE "Order" ADD CONSTRAINT "Order_total_not_negative" CHECK ("totalCents" >= 0);

ALTER TABLE "OrderItem"
  ADD CONSTRAINT "OrderItem_quantity_positive" CHECK ("quantity" > 0),
  ADD CONSTRAINT "OrderItem_price_positive" CHECK ("unitPriceCents" > 0);

-- Each kind of movement has a fixed shape: a grant comes from outside the economy (once per user:
-- grantUserId is unique); a hold moves a buyer's money into a checkout; a release or a sale moves
-- it out again; every other movement goes from one user to another.
ALTER TABLE "LedgerEntry"
  ADD CONSTRAINT "LedgerEntry_amount_positive" CHECK ("amountCents" > 0),
  ADD CONSTRAINT "LedgerEntry_shape" CHECK (
    CASE "kind"
      WHEN 'GRANT' THEN "fromUserId" IS NULL AND "toUserId" IS NOT NULL AND "grantUserId" = "toUserId"
      WHEN 'HOLD' THEN "fromUserId" IS NOT NULL AND "toUserId" IS NULL AND "checkoutId" IS NOT NULL
      WHEN 'RELEASE' THEN "fromUserId" IS NULL AND "toUserId" IS NOT NULL AND "checkoutId" IS NOT NULL
      WHEN 'SALE' THEN "fromUserId" IS NULL AND "toUserId" IS NOT NULL AND "checkoutId" IS NOT NULL
      ELSE "fromUserId" IS NOT NULL AND "toUserId" IS NOT NULL
    END
  ),
  ADD CONSTRAINT "LedgerEntry_grant_marker" CHECK ("grantUserId" IS NULL OR "kind" = 'GRANT');

-- The system accounts. Their ids are fixed: app/models/system-accounts.ts names them.
INSERT INTO "User" ("id", "name", "role", "updatedAt") VALUES
  ('00000000-0000-4000-8000-000000000001', 'REEN platform', 'PLATFORM', CURRENT_TIMESTAMP),
  ('00000000-0000-4000-8000-000000000002', 'Anonymous', 'ANONYMOUS', CURRENT_TIMESTAMP);
