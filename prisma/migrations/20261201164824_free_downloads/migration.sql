-- AlterTable
ALTER TABLE "download_grants" ADD COLUMN     "account_id" INTEGER,
ALTER COLUMN "purchase_id" DROP NOT NULL;

-- CreateIndex
CREATE INDEX "download_grants_account_id_idx" ON "download_grants"("account_id");

-- AddForeignKey
ALTER TABLE "download_grants" ADD CONSTRAINT "download_grants_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Written by hand: a grant is for a purchase, or (a free item downloaded without one) for
-- an account, never both or neither.
ALTER TABLE "download_grants" ADD CONSTRAINT "download_grants_purchase_or_account" CHECK (("purchase_id" IS NULL) <> ("account_id" IS NULL));
