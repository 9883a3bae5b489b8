-- CreateTable
CREATE TABLE "AgentStateLog" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "enterpriseId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,
    "state" TEXT NOT NULL,
    "reason" TEXT,
    "startAt" DATETIME NOT NULL,
    "endAt" DATETIME NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "nextState" TEXT NOT NULL,
    CONSTRAINT "AgentStateLog_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "AgentStateLog_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_AgentGroup" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "enterpriseId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "strategy" TEXT NOT NULL DEFAULT 'ROUND_ROBIN',
    "ringTimeoutMs" INTEGER NOT NULL DEFAULT 20000,
    "afterCallWorkMs" INTEGER NOT NULL DEFAULT 15000,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "note" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "AgentGroup_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_AgentGroup" ("createdAt", "enterpriseId", "id", "name", "ringTimeoutMs", "strategy", "updatedAt") SELECT "createdAt", "enterpriseId", "id", "name", "ringTimeoutMs", "strategy", "updatedAt" FROM "AgentGroup";
DROP TABLE "AgentGroup";
ALTER TABLE "new_AgentGroup" RENAME TO "AgentGroup";
CREATE UNIQUE INDEX "AgentGroup_enterpriseId_name_key" ON "AgentGroup"("enterpriseId", "name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "AgentStateLog_enterpriseId_startAt_idx" ON "AgentStateLog"("enterpriseId", "startAt");

-- CreateIndex
CREATE INDEX "AgentStateLog_userId_startAt_idx" ON "AgentStateLog"("userId", "startAt");
