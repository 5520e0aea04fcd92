-- CreateTable
CREATE TABLE "TestPaymentSession" (
    "id" VARCHAR(80) NOT NULL,
    "checkoutId" UUID NOT NULL,
    "status" VARCHAR(20) NOT NULL,
    "amountTotal" INTEGER NOT NULL,
    "lines" JSONB NOT NULL,
    "successUrl" TEXT NOT NULL,
    "cancelUrl" TEXT NOT NULL,
    "webhookUrl" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "paymentIntentId" VARCHAR(80),
    "refundId" VARCHAR(80),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TestPaymentSession_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "TestPaymentSession_checkoutId_key" ON "TestPaymentSession"("checkoutId");

ALTER TABLE "TestPaymentSession" ADD CONSTRAINT "TestPaymentSession_status" CHECK ("status" IN ('open', 'complete', 'expired'));
