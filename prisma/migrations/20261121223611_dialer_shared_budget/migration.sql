-- AlterTable
ALTER TABLE "ActiveDial" ADD COLUMN "taskId" INTEGER;
ALTER TABLE "ActiveDial" ADD COLUMN "trunkId" INTEGER;

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
    "recentDials" TEXT NOT NULL DEFAULT '[]',
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
INSERT INTO "new_CallTask" ("agentGroupId", "createdAt", "createdById", "dialRatioPercent", "endAt", "enterpriseId", "finishedAt", "id", "lines", "maxCallsPerSecond", "name", "settings", "startAt", "startedAt", "state", "stateChangedAt", "stateReason", "templateId", "templateVersionId", "trunkId", "updatedAt") SELECT "agentGroupId", "createdAt", "createdById", "dialRatioPercent", "endAt", "enterpriseId", "finishedAt", "id", "lines", "maxCallsPerSecond", "name", "settings", "startAt", "startedAt", "state", "stateChangedAt", "stateReason", "templateId", "templateVersionId", "trunkId", "updatedAt" FROM "CallTask";
DROP TABLE "CallTask";
ALTER TABLE "new_CallTask" RENAME TO "CallTask";
CREATE INDEX "CallTask_enterpriseId_state_idx" ON "CallTask"("enterpriseId", "state");
CREATE INDEX "CallTask_enterpriseId_createdAt_idx" ON "CallTask"("enterpriseId", "createdAt");
CREATE INDEX "CallTask_templateId_idx" ON "CallTask"("templateId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "ActiveDial_taskId_leaseUntil_idx" ON "ActiveDial"("taskId", "leaseUntil");

-- CreateIndex
CREATE INDEX "ActiveDial_trunkId_leaseUntil_idx" ON "ActiveDial"("trunkId", "leaseUntil");
