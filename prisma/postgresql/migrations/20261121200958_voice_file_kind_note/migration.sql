-- AlterTable
ALTER TABLE "VoiceFile" ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'prompt',
ADD COLUMN     "note" TEXT;
