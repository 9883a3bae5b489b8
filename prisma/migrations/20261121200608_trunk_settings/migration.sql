-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Trunk" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "enterpriseId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "port" INTEGER NOT NULL DEFAULT 5060,
    "transport" TEXT NOT NULL DEFAULT 'udp',
    "mode" TEXT NOT NULL DEFAULT 'peer',
    "username" TEXT,
    "password" TEXT,
    "lines" INTEGER NOT NULL DEFAULT 1,
    "campaignLines" INTEGER NOT NULL DEFAULT 1,
    "stripDigits" INTEGER NOT NULL DEFAULT 0,
    "addPrefix" TEXT,
    "callerIdPrefixes" TEXT NOT NULL DEFAULT '[]',
    "calleePrefixes" TEXT NOT NULL DEFAULT '[]',
    "registerExpiresS" INTEGER NOT NULL DEFAULT 600,
    "ringTimeoutMs" INTEGER NOT NULL DEFAULT 45000,
    "callerIdRules" TEXT NOT NULL DEFAULT '{}',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Trunk_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Trunk" ("addPrefix", "callerIdRules", "createdAt", "enabled", "enterpriseId", "host", "id", "lines", "mode", "name", "password", "port", "transport", "updatedAt", "username") SELECT "addPrefix", "callerIdRules", "createdAt", "enabled", "enterpriseId", "host", "id", "lines", "mode", "name", "password", "port", "transport", "updatedAt", "username" FROM "Trunk";
DROP TABLE "Trunk";
ALTER TABLE "new_Trunk" RENAME TO "Trunk";
CREATE UNIQUE INDEX "Trunk_enterpriseId_name_key" ON "Trunk"("enterpriseId", "name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
