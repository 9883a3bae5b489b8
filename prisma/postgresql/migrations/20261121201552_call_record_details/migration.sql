-- AlterTable
ALTER TABLE "CallAttempt" ADD COLUMN     "callbackRequested" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "cause" INTEGER,
ADD COLUMN     "earlyMediaText" TEXT,
ADD COLUMN     "endReason" TEXT,
ADD COLUMN     "outcomeSource" TEXT;

-- AlterTable
ALTER TABLE "Turn" ADD COLUMN     "latency" TEXT,
ADD COLUMN     "source" TEXT;
