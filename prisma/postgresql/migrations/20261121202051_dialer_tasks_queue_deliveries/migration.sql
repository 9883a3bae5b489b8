-- AlterTable
ALTER TABLE "CallTask" ADD COLUMN     "dialRatioPercent" INTEGER NOT NULL DEFAULT 100,
ADD COLUMN     "endAt" TIMESTAMP(3),
ADD COLUMN     "lines" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "maxCallsPerSecond" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "startAt" TIMESTAMP(3),
ADD COLUMN     "stateChangedAt" TIMESTAMP(3),
ADD COLUMN     "stateReason" TEXT;

-- CreateTable
CREATE TABLE "ActiveDial" (
    "enterpriseId" INTEGER NOT NULL,
    "phone" TEXT NOT NULL,
    "taskLeadId" INTEGER NOT NULL,
    "workerId" TEXT NOT NULL,
    "leaseUntil" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ActiveDial_pkey" PRIMARY KEY ("enterpriseId","phone")
);

-- CreateTable
CREATE TABLE "Delivery" (
    "id" SERIAL NOT NULL,
    "enterpriseId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "attemptId" INTEGER,
    "taskId" INTEGER,
    "target" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "claimedUntil" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "Delivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ActiveDial_leaseUntil_idx" ON "ActiveDial"("leaseUntil");

-- CreateIndex
CREATE INDEX "Delivery_status_nextAttemptAt_idx" ON "Delivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "Delivery_enterpriseId_status_createdAt_idx" ON "Delivery"("enterpriseId", "status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Delivery_enterpriseId_kind_dedupeKey_key" ON "Delivery"("enterpriseId", "kind", "dedupeKey");

-- CreateIndex
CREATE INDEX "CallTaskLead_state_claimedUntil_idx" ON "CallTaskLead"("state", "claimedUntil");
