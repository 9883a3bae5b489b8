-- CreateTable
CREATE TABLE "StoredFile" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "enterpriseId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "storageKey" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "createdById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME,
    CONSTRAINT "StoredFile_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Customer" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "enterpriseId" INTEGER NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "phone" TEXT NOT NULL,
    "company" TEXT,
    "typeId" INTEGER,
    "fields" TEXT NOT NULL DEFAULT '{}',
    "grade" TEXT,
    "ownerId" INTEGER,
    "assignedAt" DATETIME,
    "sourceLeadId" INTEGER,
    "lastFollowUpAt" DATETIME,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "createdById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Customer_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Customer_typeId_fkey" FOREIGN KEY ("typeId") REFERENCES "CustomerType" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Customer_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Customer_sourceLeadId_fkey" FOREIGN KEY ("sourceLeadId") REFERENCES "Lead" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Customer" ("assignedAt", "company", "createdAt", "createdById", "enterpriseId", "fields", "grade", "id", "lastFollowUpAt", "name", "ownerId", "phone", "sourceLeadId", "typeId", "updatedAt") SELECT "assignedAt", "company", "createdAt", "createdById", "enterpriseId", "fields", "grade", "id", "lastFollowUpAt", "name", "ownerId", "phone", "sourceLeadId", "typeId", "updatedAt" FROM "Customer";
DROP TABLE "Customer";
ALTER TABLE "new_Customer" RENAME TO "Customer";
CREATE UNIQUE INDEX "Customer_sourceLeadId_key" ON "Customer"("sourceLeadId");
CREATE INDEX "Customer_enterpriseId_ownerId_idx" ON "Customer"("enterpriseId", "ownerId");
CREATE INDEX "Customer_enterpriseId_typeId_idx" ON "Customer"("enterpriseId", "typeId");
CREATE INDEX "Customer_enterpriseId_createdAt_idx" ON "Customer"("enterpriseId", "createdAt");
CREATE INDEX "Customer_enterpriseId_name_idx" ON "Customer"("enterpriseId", "name");
CREATE UNIQUE INDEX "Customer_enterpriseId_phone_key" ON "Customer"("enterpriseId", "phone");
CREATE TABLE "new_LeadBatch" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "enterpriseId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "fileName" TEXT,
    "status" TEXT NOT NULL DEFAULT 'importing',
    "totalRows" INTEGER NOT NULL DEFAULT 0,
    "accepted" INTEGER NOT NULL DEFAULT 0,
    "rejected" INTEGER NOT NULL DEFAULT 0,
    "duplicates" INTEGER NOT NULL DEFAULT 0,
    "blacklisted" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "rejectReportKey" TEXT,
    "createdById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    CONSTRAINT "LeadBatch_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_LeadBatch" ("accepted", "blacklisted", "code", "createdAt", "createdById", "duplicates", "enterpriseId", "fileName", "finishedAt", "id", "rejectReportKey", "rejected", "status", "totalRows") SELECT "accepted", "blacklisted", "code", "createdAt", "createdById", "duplicates", "enterpriseId", "fileName", "finishedAt", "id", "rejectReportKey", "rejected", "status", "totalRows" FROM "LeadBatch";
DROP TABLE "LeadBatch";
ALTER TABLE "new_LeadBatch" RENAME TO "LeadBatch";
CREATE INDEX "LeadBatch_enterpriseId_createdAt_idx" ON "LeadBatch"("enterpriseId", "createdAt");
CREATE UNIQUE INDEX "LeadBatch_enterpriseId_code_key" ON "LeadBatch"("enterpriseId", "code");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "StoredFile_storageKey_key" ON "StoredFile"("storageKey");

-- CreateIndex
CREATE INDEX "StoredFile_enterpriseId_createdAt_idx" ON "StoredFile"("enterpriseId", "createdAt");

-- CreateIndex
CREATE INDEX "StoredFile_expiresAt_idx" ON "StoredFile"("expiresAt");
