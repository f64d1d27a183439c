-- CreateEnum
CREATE TYPE "WebhookDeliveryStatus" AS ENUM ('PENDING', 'DELIVERED', 'FAILED');

-- AlterTable
ALTER TABLE "webhooks" ADD COLUMN     "description" TEXT,
ADD COLUMN     "secret_ciphertext" TEXT,
ALTER COLUMN "secret" DROP NOT NULL;

-- AlterTable
ALTER TABLE "webhook_deliveries" ADD COLUMN     "attempt_log" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "delivered_at" TIMESTAMP(3),
ADD COLUMN     "event_id" UUID,
ADD COLUMN     "lock_token" UUID,
ADD COLUMN     "locked_until" TIMESTAMP(3),
ADD COLUMN     "next_attempt_at" TIMESTAMP(3),
ADD COLUMN     "status" "WebhookDeliveryStatus" NOT NULL DEFAULT 'PENDING',
ALTER COLUMN "attempt" SET DEFAULT 0;

-- CreateIndex
CREATE INDEX "webhook_deliveries_status_next_attempt_at_idx" ON "webhook_deliveries"("status", "next_attempt_at");

-- CreateIndex
CREATE UNIQUE INDEX "webhook_deliveries_webhook_id_event_id_key" ON "webhook_deliveries"("webhook_id", "event_id");
