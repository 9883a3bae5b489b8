-- DropIndex
DROP INDEX "Lead_enterpriseId_status_idx";

-- DropIndex
DROP INDEX "Lead_enterpriseId_grade_idx";

-- DropIndex
DROP INDEX "Lead_enterpriseId_batchId_idx";

-- CreateIndex
CREATE INDEX "Lead_enterpriseId_batchId_createdAt_idx" ON "Lead"("enterpriseId", "batchId", "createdAt");

-- CreateIndex
CREATE INDEX "Lead_enterpriseId_grade_createdAt_idx" ON "Lead"("enterpriseId", "grade", "createdAt");

-- CreateIndex
CREATE INDEX "Lead_enterpriseId_status_createdAt_idx" ON "Lead"("enterpriseId", "status", "createdAt");
