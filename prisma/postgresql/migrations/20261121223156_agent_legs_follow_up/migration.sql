-- AlterTable
ALTER TABLE "CallAttempt" ADD COLUMN     "agentAnswerAt" TIMESTAMP(3),
ADD COLUMN     "agentEndAt" TIMESTAMP(3),
ADD COLUMN     "agentRingAt" TIMESTAMP(3),
ADD COLUMN     "agentTalkMs" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "disposition" TEXT,
ADD COLUMN     "followedUpAt" TIMESTAMP(3),
ADD COLUMN     "transferGroupId" INTEGER,
ADD COLUMN     "transferOutcome" TEXT,
ADD COLUMN     "transferTried" TEXT;

-- AlterTable
ALTER TABLE "FollowUp" ADD COLUMN     "attemptId" INTEGER;

-- CreateIndex
CREATE INDEX "CallAttempt_enterpriseId_taskId_transferOutcome_idx" ON "CallAttempt"("enterpriseId", "taskId", "transferOutcome");

-- CreateIndex
CREATE INDEX "FollowUp_userId_nextAt_idx" ON "FollowUp"("userId", "nextAt");
