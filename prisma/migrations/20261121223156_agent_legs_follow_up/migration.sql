-- AlterTable
ALTER TABLE "FollowUp" ADD COLUMN "attemptId" INTEGER;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_CallAttempt" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "enterpriseId" INTEGER NOT NULL,
    "taskId" INTEGER,
    "leadId" INTEGER,
    "customerId" INTEGER,
    "templateVersionId" INTEGER,
    "trunkId" INTEGER,
    "agentId" INTEGER,
    "kind" TEXT NOT NULL DEFAULT 'ROBOT',
    "attemptNo" INTEGER NOT NULL DEFAULT 1,
    "calleeNumber" TEXT NOT NULL,
    "callerNumber" TEXT NOT NULL,
    "sipCallId" TEXT,
    "dialAt" DATETIME NOT NULL,
    "ringAt" DATETIME,
    "answerAt" DATETIME,
    "transferAt" DATETIME,
    "endAt" DATETIME,
    "talkMs" INTEGER NOT NULL DEFAULT 0,
    "outcome" TEXT,
    "sipStatus" INTEGER,
    "cause" INTEGER,
    "outcomeSource" TEXT,
    "endReason" TEXT,
    "earlyMediaText" TEXT,
    "callbackRequested" BOOLEAN NOT NULL DEFAULT false,
    "transferGroupId" INTEGER,
    "transferOutcome" TEXT,
    "transferTried" TEXT,
    "agentRingAt" DATETIME,
    "agentAnswerAt" DATETIME,
    "agentEndAt" DATETIME,
    "agentTalkMs" INTEGER NOT NULL DEFAULT 0,
    "disposition" TEXT,
    "followedUpAt" DATETIME,
    "hangupBy" TEXT,
    "grade" TEXT,
    "gradeReasons" TEXT,
    "tags" TEXT NOT NULL DEFAULT '[]',
    "affirmatives" INTEGER NOT NULL DEFAULT 0,
    "questions" INTEGER NOT NULL DEFAULT 0,
    "interactions" INTEGER NOT NULL DEFAULT 0,
    "refusals" INTEGER NOT NULL DEFAULT 0,
    "events" TEXT,
    "costFen" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CallAttempt_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "CallAttempt_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "CallTask" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "CallAttempt_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "CallAttempt_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "CallAttempt_templateVersionId_fkey" FOREIGN KEY ("templateVersionId") REFERENCES "TemplateVersion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "CallAttempt_trunkId_fkey" FOREIGN KEY ("trunkId") REFERENCES "Trunk" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "CallAttempt_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_CallAttempt" ("affirmatives", "agentId", "answerAt", "attemptNo", "callbackRequested", "calleeNumber", "callerNumber", "cause", "costFen", "createdAt", "customerId", "dialAt", "earlyMediaText", "endAt", "endReason", "enterpriseId", "events", "grade", "gradeReasons", "hangupBy", "id", "interactions", "kind", "leadId", "outcome", "outcomeSource", "questions", "refusals", "ringAt", "sipCallId", "sipStatus", "tags", "talkMs", "taskId", "templateVersionId", "transferAt", "trunkId") SELECT "affirmatives", "agentId", "answerAt", "attemptNo", "callbackRequested", "calleeNumber", "callerNumber", "cause", "costFen", "createdAt", "customerId", "dialAt", "earlyMediaText", "endAt", "endReason", "enterpriseId", "events", "grade", "gradeReasons", "hangupBy", "id", "interactions", "kind", "leadId", "outcome", "outcomeSource", "questions", "refusals", "ringAt", "sipCallId", "sipStatus", "tags", "talkMs", "taskId", "templateVersionId", "transferAt", "trunkId" FROM "CallAttempt";
DROP TABLE "CallAttempt";
ALTER TABLE "new_CallAttempt" RENAME TO "CallAttempt";
CREATE INDEX "CallAttempt_enterpriseId_dialAt_idx" ON "CallAttempt"("enterpriseId", "dialAt");
CREATE INDEX "CallAttempt_enterpriseId_taskId_dialAt_idx" ON "CallAttempt"("enterpriseId", "taskId", "dialAt");
CREATE INDEX "CallAttempt_enterpriseId_grade_dialAt_idx" ON "CallAttempt"("enterpriseId", "grade", "dialAt");
CREATE INDEX "CallAttempt_enterpriseId_calleeNumber_idx" ON "CallAttempt"("enterpriseId", "calleeNumber");
CREATE INDEX "CallAttempt_enterpriseId_agentId_dialAt_idx" ON "CallAttempt"("enterpriseId", "agentId", "dialAt");
CREATE INDEX "CallAttempt_enterpriseId_taskId_transferOutcome_idx" ON "CallAttempt"("enterpriseId", "taskId", "transferOutcome");
CREATE INDEX "CallAttempt_leadId_idx" ON "CallAttempt"("leadId");
CREATE INDEX "CallAttempt_customerId_idx" ON "CallAttempt"("customerId");
CREATE INDEX "CallAttempt_sipCallId_idx" ON "CallAttempt"("sipCallId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "FollowUp_userId_nextAt_idx" ON "FollowUp"("userId", "nextAt");
