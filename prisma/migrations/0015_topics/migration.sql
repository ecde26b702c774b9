-- AlterTable
ALTER TABLE "recaps" ADD COLUMN     "delivery_attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "next_delivery_at" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "recaps_next_delivery_idx" ON "recaps"("next_delivery_at");
