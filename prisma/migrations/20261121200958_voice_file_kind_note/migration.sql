-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_VoiceFile" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "enterpriseId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "storageKey" TEXT NOT NULL,
    "originalName" TEXT,
    "kind" TEXT NOT NULL DEFAULT 'prompt',
    "note" TEXT,
    "durationMs" INTEGER NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "createdById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "VoiceFile_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_VoiceFile" ("createdAt", "createdById", "durationMs", "enterpriseId", "id", "name", "originalName", "sizeBytes", "storageKey") SELECT "createdAt", "createdById", "durationMs", "enterpriseId", "id", "name", "originalName", "sizeBytes", "storageKey" FROM "VoiceFile";
DROP TABLE "VoiceFile";
ALTER TABLE "new_VoiceFile" RENAME TO "VoiceFile";
CREATE INDEX "VoiceFile_enterpriseId_createdAt_idx" ON "VoiceFile"("enterpriseId", "createdAt");
CREATE UNIQUE INDEX "VoiceFile_enterpriseId_name_key" ON "VoiceFile"("enterpriseId", "name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
