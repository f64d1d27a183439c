-- CreateTable
CREATE TABLE "pending_platform_fees" (
    "purchase_id" INTEGER NOT NULL,
    "amount_cents" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "reference" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pending_platform_fees_pkey" PRIMARY KEY ("purchase_id")
);

-- AddForeignKey
ALTER TABLE "pending_platform_fees" ADD CONSTRAINT "pending_platform_fees_purchase_id_fkey" FOREIGN KEY ("purchase_id") REFERENCES "purchases"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
