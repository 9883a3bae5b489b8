-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Enterprise" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "account" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'merchant',
    "resellerId" INTEGER,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "balanceFen" INTEGER NOT NULL DEFAULT 0,
    "robotRateFen" INTEGER NOT NULL DEFAULT 0,
    "agentRateFen" INTEGER NOT NULL DEFAULT 0,
    "smsRateFen" INTEGER NOT NULL DEFAULT 0,
    "maxLines" INTEGER,
    "contactName" TEXT,
    "contactPhone" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Enterprise_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "enterpriseId" INTEGER,
    "role" TEXT NOT NULL,
    "workNo" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "mobile" TEXT,
    "callerNumber" TEXT,
    "extensionId" INTEGER,
    "failedLogins" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMP(3),
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "lastLoginAt" TIMESTAMP(3),
    "passwordChangedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" SERIAL NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "userId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'cookie',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "userAgent" TEXT,
    "ip" TEXT,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Template" (
    "id" SERIAL NOT NULL,
    "enterpriseId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "industry" TEXT,
    "shared" BOOLEAN NOT NULL DEFAULT false,
    "currentVersion" INTEGER NOT NULL DEFAULT 1,
    "revision" INTEGER NOT NULL DEFAULT 0,
    "archivedAt" TIMESTAMP(3),
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Template_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TemplateVersion" (
    "id" SERIAL NOT NULL,
    "enterpriseId" INTEGER NOT NULL,
    "templateId" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "note" TEXT,
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TemplateVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VoiceFile" (
    "id" SERIAL NOT NULL,
    "enterpriseId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "storageKey" TEXT NOT NULL,
    "originalName" TEXT,
    "durationMs" INTEGER NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VoiceFile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UnmatchedUtterance" (
    "id" SERIAL NOT NULL,
    "enterpriseId" INTEGER NOT NULL,
    "templateId" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "flow" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 1,
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastAttemptId" INTEGER,
    "resolvedAt" TIMESTAMP(3),

    CONSTRAINT "UnmatchedUtterance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LeadBatch" (
    "id" SERIAL NOT NULL,
    "enterpriseId" INTEGER NOT NULL,
    "code" TEXT NOT NULL,
    "fileName" TEXT,
    "status" TEXT NOT NULL DEFAULT 'importing',
    "totalRows" INTEGER NOT NULL DEFAULT 0,
    "accepted" INTEGER NOT NULL DEFAULT 0,
    "rejected" INTEGER NOT NULL DEFAULT 0,
    "duplicates" INTEGER NOT NULL DEFAULT 0,
    "blacklisted" INTEGER NOT NULL DEFAULT 0,
    "rejectReportKey" TEXT,
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "LeadBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Lead" (
    "id" SERIAL NOT NULL,
    "enterpriseId" INTEGER NOT NULL,
    "batchId" INTEGER,
    "name" TEXT NOT NULL DEFAULT '',
    "phone" TEXT NOT NULL,
    "fields" TEXT NOT NULL DEFAULT '{}',
    "grade" TEXT,
    "status" TEXT NOT NULL DEFAULT 'NEW',
    "callCount" INTEGER NOT NULL DEFAULT 0,
    "lastCalledAt" TIMESTAMP(3),
    "ownerId" INTEGER,
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Lead_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Blacklist" (
    "id" SERIAL NOT NULL,
    "enterpriseId" INTEGER NOT NULL,
    "phone" TEXT NOT NULL,
    "reason" TEXT,
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Blacklist_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Customer" (
    "id" SERIAL NOT NULL,
    "enterpriseId" INTEGER NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "phone" TEXT NOT NULL,
    "company" TEXT,
    "typeId" INTEGER,
    "fields" TEXT NOT NULL DEFAULT '{}',
    "grade" TEXT,
    "ownerId" INTEGER,
    "assignedAt" TIMESTAMP(3),
    "sourceLeadId" INTEGER,
    "lastFollowUpAt" TIMESTAMP(3),
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Customer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CustomerType" (
    "id" SERIAL NOT NULL,
    "enterpriseId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CustomerType_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CustomField" (
    "id" SERIAL NOT NULL,
    "enterpriseId" INTEGER NOT NULL,
    "target" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "type" TEXT NOT NULL DEFAULT 'text',
    "options" TEXT,
    "required" BOOLEAN NOT NULL DEFAULT false,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CustomField_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FollowUp" (
    "id" SERIAL NOT NULL,
    "enterpriseId" INTEGER NOT NULL,
    "customerId" INTEGER,
    "leadId" INTEGER,
    "userId" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "type" TEXT NOT NULL,
    "notes" TEXT NOT NULL DEFAULT '',
    "nextAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FollowUp_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Assignment" (
    "id" SERIAL NOT NULL,
    "enterpriseId" INTEGER NOT NULL,
    "customerId" INTEGER,
    "leadId" INTEGER,
    "fromUserId" INTEGER,
    "toUserId" INTEGER,
    "byUserId" INTEGER,
    "reason" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Assignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CallTask" (
    "id" SERIAL NOT NULL,
    "enterpriseId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "templateId" INTEGER NOT NULL,
    "templateVersionId" INTEGER NOT NULL,
    "trunkId" INTEGER,
    "agentGroupId" INTEGER,
    "settings" TEXT NOT NULL DEFAULT '{}',
    "state" TEXT NOT NULL DEFAULT 'DRAFT',
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CallTask_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CallTaskLead" (
    "id" SERIAL NOT NULL,
    "enterpriseId" INTEGER NOT NULL,
    "taskId" INTEGER NOT NULL,
    "leadId" INTEGER NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3),
    "claimedBy" TEXT,
    "claimedUntil" TIMESTAMP(3),
    "lastAttemptId" INTEGER,
    "lastOutcome" TEXT,
    "grade" TEXT,
    "skipReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CallTaskLead_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CallAttempt" (
    "id" SERIAL NOT NULL,
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
    "dialAt" TIMESTAMP(3) NOT NULL,
    "ringAt" TIMESTAMP(3),
    "answerAt" TIMESTAMP(3),
    "transferAt" TIMESTAMP(3),
    "endAt" TIMESTAMP(3),
    "talkMs" INTEGER NOT NULL DEFAULT 0,
    "outcome" TEXT,
    "sipStatus" INTEGER,
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
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CallAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Turn" (
    "enterpriseId" INTEGER NOT NULL,
    "attemptId" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "who" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "correctedText" TEXT,
    "matched" TEXT,
    "flow" TEXT,
    "startMs" INTEGER NOT NULL,
    "endMs" INTEGER NOT NULL,
    "latencyMs" INTEGER,
    "bargedIn" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "Turn_pkey" PRIMARY KEY ("attemptId","seq")
);

-- CreateTable
CREATE TABLE "Recording" (
    "id" SERIAL NOT NULL,
    "enterpriseId" INTEGER NOT NULL,
    "attemptId" INTEGER NOT NULL,
    "storageKey" TEXT NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "sizeBytes" INTEGER,
    "format" TEXT NOT NULL DEFAULT 'wav',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Recording_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Trunk" (
    "id" SERIAL NOT NULL,
    "enterpriseId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "port" INTEGER NOT NULL DEFAULT 5060,
    "transport" TEXT NOT NULL DEFAULT 'udp',
    "mode" TEXT NOT NULL DEFAULT 'peer',
    "username" TEXT,
    "password" TEXT,
    "lines" INTEGER NOT NULL DEFAULT 1,
    "stripPrefix" TEXT,
    "addPrefix" TEXT,
    "callerIdRules" TEXT NOT NULL DEFAULT '{}',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Trunk_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CallerId" (
    "id" SERIAL NOT NULL,
    "enterpriseId" INTEGER NOT NULL,
    "number" TEXT NOT NULL,
    "trunkId" INTEGER,
    "approved" BOOLEAN NOT NULL DEFAULT false,
    "approvedAt" TIMESTAMP(3),
    "approvedById" INTEGER,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CallerId_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Extension" (
    "id" SERIAL NOT NULL,
    "enterpriseId" INTEGER NOT NULL,
    "number" TEXT NOT NULL,
    "sipPassword" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'softphone',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Extension_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgentGroup" (
    "id" SERIAL NOT NULL,
    "enterpriseId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "strategy" TEXT NOT NULL DEFAULT 'ROUND_ROBIN',
    "ringTimeoutMs" INTEGER NOT NULL DEFAULT 20000,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AgentGroup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgentGroupMember" (
    "enterpriseId" INTEGER NOT NULL,
    "groupId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "AgentGroupMember_pkey" PRIMARY KEY ("groupId","userId")
);

-- CreateTable
CREATE TABLE "SmsTemplate" (
    "id" SERIAL NOT NULL,
    "enterpriseId" INTEGER NOT NULL,
    "grade" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "text" TEXT NOT NULL,
    "approved" BOOLEAN NOT NULL DEFAULT false,
    "approvedAt" TIMESTAMP(3),
    "approvedById" INTEGER,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SmsTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Setting" (
    "enterpriseId" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedById" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("enterpriseId","key")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" SERIAL NOT NULL,
    "enterpriseId" INTEGER,
    "userId" INTEGER,
    "action" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "entityId" TEXT,
    "before" TEXT,
    "after" TEXT,
    "ip" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Enterprise_account_key" ON "Enterprise"("account");

-- CreateIndex
CREATE INDEX "Enterprise_resellerId_idx" ON "Enterprise"("resellerId");

-- CreateIndex
CREATE INDEX "Enterprise_createdAt_idx" ON "Enterprise"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "User_callerNumber_key" ON "User"("callerNumber");

-- CreateIndex
CREATE UNIQUE INDEX "User_extensionId_key" ON "User"("extensionId");

-- CreateIndex
CREATE INDEX "User_enterpriseId_role_idx" ON "User"("enterpriseId", "role");

-- CreateIndex
CREATE UNIQUE INDEX "User_enterpriseId_workNo_key" ON "User"("enterpriseId", "workNo");

-- CreateIndex
CREATE UNIQUE INDEX "Session_tokenHash_key" ON "Session"("tokenHash");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE INDEX "Session_expiresAt_idx" ON "Session"("expiresAt");

-- CreateIndex
CREATE INDEX "Template_enterpriseId_updatedAt_idx" ON "Template"("enterpriseId", "updatedAt");

-- CreateIndex
CREATE INDEX "Template_enterpriseId_name_idx" ON "Template"("enterpriseId", "name");

-- CreateIndex
CREATE INDEX "Template_shared_idx" ON "Template"("shared");

-- CreateIndex
CREATE INDEX "TemplateVersion_enterpriseId_idx" ON "TemplateVersion"("enterpriseId");

-- CreateIndex
CREATE UNIQUE INDEX "TemplateVersion_templateId_number_key" ON "TemplateVersion"("templateId", "number");

-- CreateIndex
CREATE INDEX "VoiceFile_enterpriseId_createdAt_idx" ON "VoiceFile"("enterpriseId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "VoiceFile_enterpriseId_name_key" ON "VoiceFile"("enterpriseId", "name");

-- CreateIndex
CREATE INDEX "UnmatchedUtterance_enterpriseId_templateId_lastSeenAt_idx" ON "UnmatchedUtterance"("enterpriseId", "templateId", "lastSeenAt");

-- CreateIndex
CREATE UNIQUE INDEX "UnmatchedUtterance_templateId_flow_text_key" ON "UnmatchedUtterance"("templateId", "flow", "text");

-- CreateIndex
CREATE INDEX "LeadBatch_enterpriseId_createdAt_idx" ON "LeadBatch"("enterpriseId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "LeadBatch_enterpriseId_code_key" ON "LeadBatch"("enterpriseId", "code");

-- CreateIndex
CREATE INDEX "Lead_enterpriseId_batchId_idx" ON "Lead"("enterpriseId", "batchId");

-- CreateIndex
CREATE INDEX "Lead_enterpriseId_grade_idx" ON "Lead"("enterpriseId", "grade");

-- CreateIndex
CREATE INDEX "Lead_enterpriseId_createdAt_idx" ON "Lead"("enterpriseId", "createdAt");

-- CreateIndex
CREATE INDEX "Lead_enterpriseId_name_idx" ON "Lead"("enterpriseId", "name");

-- CreateIndex
CREATE INDEX "Lead_enterpriseId_status_idx" ON "Lead"("enterpriseId", "status");

-- CreateIndex
CREATE INDEX "Lead_ownerId_idx" ON "Lead"("ownerId");

-- CreateIndex
CREATE UNIQUE INDEX "Lead_enterpriseId_phone_key" ON "Lead"("enterpriseId", "phone");

-- CreateIndex
CREATE INDEX "Blacklist_enterpriseId_createdAt_idx" ON "Blacklist"("enterpriseId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Blacklist_enterpriseId_phone_key" ON "Blacklist"("enterpriseId", "phone");

-- CreateIndex
CREATE UNIQUE INDEX "Customer_sourceLeadId_key" ON "Customer"("sourceLeadId");

-- CreateIndex
CREATE INDEX "Customer_enterpriseId_ownerId_idx" ON "Customer"("enterpriseId", "ownerId");

-- CreateIndex
CREATE INDEX "Customer_enterpriseId_typeId_idx" ON "Customer"("enterpriseId", "typeId");

-- CreateIndex
CREATE INDEX "Customer_enterpriseId_createdAt_idx" ON "Customer"("enterpriseId", "createdAt");

-- CreateIndex
CREATE INDEX "Customer_enterpriseId_name_idx" ON "Customer"("enterpriseId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Customer_enterpriseId_phone_key" ON "Customer"("enterpriseId", "phone");

-- CreateIndex
CREATE UNIQUE INDEX "CustomerType_enterpriseId_name_key" ON "CustomerType"("enterpriseId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "CustomField_enterpriseId_target_key_key" ON "CustomField"("enterpriseId", "target", "key");

-- CreateIndex
CREATE INDEX "FollowUp_enterpriseId_customerId_at_idx" ON "FollowUp"("enterpriseId", "customerId", "at");

-- CreateIndex
CREATE INDEX "FollowUp_enterpriseId_leadId_at_idx" ON "FollowUp"("enterpriseId", "leadId", "at");

-- CreateIndex
CREATE INDEX "FollowUp_userId_at_idx" ON "FollowUp"("userId", "at");

-- CreateIndex
CREATE INDEX "Assignment_enterpriseId_customerId_at_idx" ON "Assignment"("enterpriseId", "customerId", "at");

-- CreateIndex
CREATE INDEX "Assignment_enterpriseId_leadId_at_idx" ON "Assignment"("enterpriseId", "leadId", "at");

-- CreateIndex
CREATE INDEX "Assignment_toUserId_at_idx" ON "Assignment"("toUserId", "at");

-- CreateIndex
CREATE INDEX "CallTask_enterpriseId_state_idx" ON "CallTask"("enterpriseId", "state");

-- CreateIndex
CREATE INDEX "CallTask_enterpriseId_createdAt_idx" ON "CallTask"("enterpriseId", "createdAt");

-- CreateIndex
CREATE INDEX "CallTask_templateId_idx" ON "CallTask"("templateId");

-- CreateIndex
CREATE INDEX "CallTaskLead_taskId_state_nextAttemptAt_idx" ON "CallTaskLead"("taskId", "state", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "CallTaskLead_enterpriseId_leadId_idx" ON "CallTaskLead"("enterpriseId", "leadId");

-- CreateIndex
CREATE UNIQUE INDEX "CallTaskLead_taskId_leadId_key" ON "CallTaskLead"("taskId", "leadId");

-- CreateIndex
CREATE INDEX "CallAttempt_enterpriseId_dialAt_idx" ON "CallAttempt"("enterpriseId", "dialAt");

-- CreateIndex
CREATE INDEX "CallAttempt_enterpriseId_taskId_dialAt_idx" ON "CallAttempt"("enterpriseId", "taskId", "dialAt");

-- CreateIndex
CREATE INDEX "CallAttempt_enterpriseId_grade_dialAt_idx" ON "CallAttempt"("enterpriseId", "grade", "dialAt");

-- CreateIndex
CREATE INDEX "CallAttempt_enterpriseId_calleeNumber_idx" ON "CallAttempt"("enterpriseId", "calleeNumber");

-- CreateIndex
CREATE INDEX "CallAttempt_enterpriseId_agentId_dialAt_idx" ON "CallAttempt"("enterpriseId", "agentId", "dialAt");

-- CreateIndex
CREATE INDEX "CallAttempt_leadId_idx" ON "CallAttempt"("leadId");

-- CreateIndex
CREATE INDEX "CallAttempt_customerId_idx" ON "CallAttempt"("customerId");

-- CreateIndex
CREATE INDEX "CallAttempt_sipCallId_idx" ON "CallAttempt"("sipCallId");

-- CreateIndex
CREATE INDEX "Turn_enterpriseId_idx" ON "Turn"("enterpriseId");

-- CreateIndex
CREATE UNIQUE INDEX "Recording_attemptId_key" ON "Recording"("attemptId");

-- CreateIndex
CREATE INDEX "Recording_enterpriseId_createdAt_idx" ON "Recording"("enterpriseId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Trunk_enterpriseId_name_key" ON "Trunk"("enterpriseId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "CallerId_enterpriseId_number_key" ON "CallerId"("enterpriseId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "Extension_enterpriseId_number_key" ON "Extension"("enterpriseId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "AgentGroup_enterpriseId_name_key" ON "AgentGroup"("enterpriseId", "name");

-- CreateIndex
CREATE INDEX "AgentGroupMember_enterpriseId_idx" ON "AgentGroupMember"("enterpriseId");

-- CreateIndex
CREATE INDEX "AgentGroupMember_userId_idx" ON "AgentGroupMember"("userId");

-- CreateIndex
CREATE INDEX "SmsTemplate_enterpriseId_grade_idx" ON "SmsTemplate"("enterpriseId", "grade");

-- CreateIndex
CREATE INDEX "AuditLog_enterpriseId_at_idx" ON "AuditLog"("enterpriseId", "at");

-- CreateIndex
CREATE INDEX "AuditLog_entity_entityId_idx" ON "AuditLog"("entity", "entityId");

-- CreateIndex
CREATE INDEX "AuditLog_userId_at_idx" ON "AuditLog"("userId", "at");

-- AddForeignKey
ALTER TABLE "Enterprise" ADD CONSTRAINT "Enterprise_resellerId_fkey" FOREIGN KEY ("resellerId") REFERENCES "Enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_extensionId_fkey" FOREIGN KEY ("extensionId") REFERENCES "Extension"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Template" ADD CONSTRAINT "Template_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TemplateVersion" ADD CONSTRAINT "TemplateVersion_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TemplateVersion" ADD CONSTRAINT "TemplateVersion_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "Template"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VoiceFile" ADD CONSTRAINT "VoiceFile_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UnmatchedUtterance" ADD CONSTRAINT "UnmatchedUtterance_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UnmatchedUtterance" ADD CONSTRAINT "UnmatchedUtterance_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "Template"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LeadBatch" ADD CONSTRAINT "LeadBatch_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Lead" ADD CONSTRAINT "Lead_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Lead" ADD CONSTRAINT "Lead_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "LeadBatch"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Lead" ADD CONSTRAINT "Lead_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Blacklist" ADD CONSTRAINT "Blacklist_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Customer" ADD CONSTRAINT "Customer_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Customer" ADD CONSTRAINT "Customer_typeId_fkey" FOREIGN KEY ("typeId") REFERENCES "CustomerType"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Customer" ADD CONSTRAINT "Customer_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Customer" ADD CONSTRAINT "Customer_sourceLeadId_fkey" FOREIGN KEY ("sourceLeadId") REFERENCES "Lead"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CustomerType" ADD CONSTRAINT "CustomerType_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CustomField" ADD CONSTRAINT "CustomField_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FollowUp" ADD CONSTRAINT "FollowUp_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FollowUp" ADD CONSTRAINT "FollowUp_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FollowUp" ADD CONSTRAINT "FollowUp_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FollowUp" ADD CONSTRAINT "FollowUp_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_fromUserId_fkey" FOREIGN KEY ("fromUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_toUserId_fkey" FOREIGN KEY ("toUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_byUserId_fkey" FOREIGN KEY ("byUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallTask" ADD CONSTRAINT "CallTask_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallTask" ADD CONSTRAINT "CallTask_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "Template"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallTask" ADD CONSTRAINT "CallTask_templateVersionId_fkey" FOREIGN KEY ("templateVersionId") REFERENCES "TemplateVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallTask" ADD CONSTRAINT "CallTask_trunkId_fkey" FOREIGN KEY ("trunkId") REFERENCES "Trunk"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallTask" ADD CONSTRAINT "CallTask_agentGroupId_fkey" FOREIGN KEY ("agentGroupId") REFERENCES "AgentGroup"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallTaskLead" ADD CONSTRAINT "CallTaskLead_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallTaskLead" ADD CONSTRAINT "CallTaskLead_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "CallTask"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallTaskLead" ADD CONSTRAINT "CallTaskLead_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallAttempt" ADD CONSTRAINT "CallAttempt_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallAttempt" ADD CONSTRAINT "CallAttempt_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "CallTask"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallAttempt" ADD CONSTRAINT "CallAttempt_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallAttempt" ADD CONSTRAINT "CallAttempt_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallAttempt" ADD CONSTRAINT "CallAttempt_templateVersionId_fkey" FOREIGN KEY ("templateVersionId") REFERENCES "TemplateVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallAttempt" ADD CONSTRAINT "CallAttempt_trunkId_fkey" FOREIGN KEY ("trunkId") REFERENCES "Trunk"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallAttempt" ADD CONSTRAINT "CallAttempt_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Turn" ADD CONSTRAINT "Turn_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Turn" ADD CONSTRAINT "Turn_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "CallAttempt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Recording" ADD CONSTRAINT "Recording_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Recording" ADD CONSTRAINT "Recording_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "CallAttempt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Trunk" ADD CONSTRAINT "Trunk_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallerId" ADD CONSTRAINT "CallerId_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallerId" ADD CONSTRAINT "CallerId_trunkId_fkey" FOREIGN KEY ("trunkId") REFERENCES "Trunk"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Extension" ADD CONSTRAINT "Extension_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentGroup" ADD CONSTRAINT "AgentGroup_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentGroupMember" ADD CONSTRAINT "AgentGroupMember_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentGroupMember" ADD CONSTRAINT "AgentGroupMember_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "AgentGroup"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentGroupMember" ADD CONSTRAINT "AgentGroupMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SmsTemplate" ADD CONSTRAINT "SmsTemplate_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Setting" ADD CONSTRAINT "Setting_enterpriseId_fkey" FOREIGN KEY ("enterpriseId") REFERENCES "Enterprise"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
