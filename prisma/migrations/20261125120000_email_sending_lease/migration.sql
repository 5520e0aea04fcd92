-- AlterTable
ALTER TABLE "EmailMessage" ADD COLUMN     "sendingUntil" TIMESTAMPTZ(3);
