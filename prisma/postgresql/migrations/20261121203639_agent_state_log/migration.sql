-- AlterTable
ALTER TABLE "AgentGroup" ADD COLUMN     "afterCallWorkMs" INTEGER NOT NULL DEFAULT 15000,
ADD COLUMN     "enabled" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "note" TEXT;

-- CreateTable
CREATE TABLE "AgentStateLog" (
    "id" SERIAL NOT NULL,
    "enterpriseId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,
    "state" TEXT NOT NULL,
    "reason" TEXT,
    "startAt" TIMESTAMP(3) NOT NULL,
    "endAt" TIMESTAMP(3) NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "nextState" TEXT NOT NULL,

    CONSTRAINT "AgentStateLog_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AgentStateLog_enterpriseId_startAt_idx" ON "AgentStateLog"("enterpriseId", "startAt");

-- CreateIndex
CREATE INDEX "AgentStateLog_userId_startAt_idx" ON "AgentStateLog"("userId", "startAt");

-- AddForeignKey
ALTER TABLE "AgentStateLog" ADD CONSTRAINT "AgentStateLog_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentStateLog" ADD CONSTRAINT "AgentStateLog_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
