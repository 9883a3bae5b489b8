-- CreateTable
CREATE TABLE "ActiveDial" (
    "enterpriseId" INTEGER NOT NULL,
    "phone" TEXT NOT NULL,
    "taskLeadId" INTEGER NOT NULL,
    "workerId" TEXT NOT NULL,
    "leaseUntil" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("enterpriseId", "phone")
);

-- CreateTable
CREATE TABLE "Delivery" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "enterpriseId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "attemptId" INTEGER,
    "taskId" INTEGER,
    "target" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL,
    "claimedUntil" DATETIME,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL,
    "sentAt" DATETIME
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_CallTask" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "enterpriseId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "templateId" INTEGER NOT NULL,
    "templateVersionId" INTEGER NOT NULL,
    "trunkId" INTEGER,
    "agentGroupId" INTEGER,
    "settings" TEXT NOT NULL DEFAULT '{}',
    "state" TEXT NOT NULL DEFAULT 'DRAFT',
    "stateReason" TEXT,
    "stateChangedAt" DATETIME,
    "startAt" DATETIME,
    "endAt" DATETIME,
    "lines" INTEGER NOT NULL DEFAULT 1,
    "maxCallsPerSecond" INTEGER NOT NULL DEFAULT 1,
    "dialRatioPercent" INTEGER NOT NULL DEFAULT 100,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "createdById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "CallTask_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "CallTask_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "Template" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "CallTask_templateVersionId_fkey" FOREIGN KEY ("templateVersionId") REFERENCES "TemplateVersion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "CallTask_trunkId_fkey" FOREIGN KEY ("trunkId") REFERENCES "Trunk" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "CallTask_agentGroupId_fkey" FOREIGN KEY ("agentGroupId") REFERENCES "AgentGroup" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_CallTask" ("agentGroupId", "createdAt", "createdById", "enterpriseId", "finishedAt", "id", "name", "settings", "startedAt", "state", "templateId", "templateVersionId", "trunkId", "updatedAt") SELECT "agentGroupId", "createdAt", "createdById", "enterpriseId", "finishedAt", "id", "name", "settings", "startedAt", "state", "templateId", "templateVersionId", "trunkId", "updatedAt" FROM "CallTask";
DROP TABLE "CallTask";
ALTER TABLE "new_CallTask" RENAME TO "CallTask";
CREATE INDEX "CallTask_enterpriseId_state_idx" ON "CallTask"("enterpriseId", "state");
CREATE INDEX "CallTask_enterpriseId_createdAt_idx" ON "CallTask"("enterpriseId", "createdAt");
CREATE INDEX "CallTask_templateId_idx" ON "CallTask"("templateId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

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
