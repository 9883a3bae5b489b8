-- AlterTable
ALTER TABLE "ActiveDial" ADD COLUMN     "taskId" INTEGER,
ADD COLUMN     "trunkId" INTEGER;

-- AlterTable
ALTER TABLE "CallTask" ADD COLUMN     "recentDials" TEXT NOT NULL DEFAULT '[]';

-- CreateIndex
CREATE INDEX "ActiveDial_taskId_leaseUntil_idx" ON "ActiveDial"("taskId", "leaseUntil");

-- CreateIndex
CREATE INDEX "ActiveDial_trunkId_leaseUntil_idx" ON "ActiveDial"("trunkId", "leaseUntil");
