/**
 * The dialer's wire format as the console reads it (server/src/dialer/routes.ts, tasks.ts,
 * core/settings.ts; /docs for the schemas): call tasks with their settings and progress, the
 * call queue, SMS templates by grade, the dialer settings and the dashboard's figures.
 */
import type { DayHours, Grade, Weekday } from '../../api/types.js';

export const TASK_STATES = ['DRAFT', 'SCHEDULED', 'RUNNING', 'PAUSED', 'STOPPED', 'COMPLETED'] as const;
export type TaskState = (typeof TASK_STATES)[number];
export type TaskAction = 'start' | 'pause' | 'resume' | 'stop';

/** Outcomes a retry can help with (REJECTED and INVALID_NUMBER are never retried). */
export const RETRY_OUTCOMES = ['NO_ANSWER', 'BUSY', 'POWERED_OFF', 'SUSPENDED', 'NETWORK_ERROR', 'CANCELED'] as const;
export type RetryOutcome = (typeof RETRY_OUTCOMES)[number];
export interface RetryRule { count: number; intervalMs: number }

export const CALLER_RULES = ['round-robin', 'random', 'least-used', 'fixed'] as const;
export type CallerIdRule = (typeof CALLER_RULES)[number];

export interface TaskSettings {
  hours: Record<Weekday, DayHours>;
  retries: Record<RetryOutcome, RetryRule>;
  callerIds: { ids: number[]; rule: CallerIdRule; maxDailyPerNumber: number };
  skip: { calledToday: boolean; inCrm: boolean };
}

export interface CallTask {
  readonly id: number; readonly name: string; readonly templateId: number; readonly templateVersionId: number;
  readonly trunkId: number | null; readonly agentGroupId: number | null; readonly state: TaskState; readonly stateReason: string | null;
  readonly startAt: string | null; readonly endAt: string | null; readonly lines: number; readonly maxCallsPerSecond: number;
  readonly dialRatioPercent: number; readonly settings: TaskSettings; readonly startedAt: string | null; readonly finishedAt: string | null;
  readonly createdAt: string;
}

export interface TaskProgress {
  readonly submitted: number;
  readonly byState: Readonly<Record<string, number>>;
  readonly dialed: number;
  readonly leadsDialed: number;
  readonly connected: number;
  readonly transferred: number;
  readonly failedByOutcome: Readonly<Record<string, number>>;
  readonly attemptsByOutcome: Readonly<Record<string, number>>;
  readonly byGrade: Readonly<Record<string, number>>;
  readonly skippedByReason: Readonly<Record<string, number>>;
}

export type TaskWithProgress = CallTask & { readonly progress: TaskProgress };

export const QUEUE_STATES = ['PENDING', 'DIALING', 'RETRY', 'DONE', 'FAILED', 'SKIPPED'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];
export interface QueueRow {
  readonly id: number; readonly taskId: number; readonly taskName: string | null; readonly leadId: number; readonly name: string; readonly phone: string;
  readonly state: QueueState; readonly attempts: number; readonly nextAttemptAt: string | null; readonly lastOutcome: string | null;
  readonly grade: Grade | null; readonly skipReason: string | null; readonly lastAttemptId: number | null; readonly updatedAt: string;
}

export interface SmsTemplate {
  readonly id: number; readonly grade: Grade; readonly name: string; readonly text: string; readonly approved: boolean;
  readonly approvedAt: string | null; readonly enabled: boolean; readonly enterpriseId: number; readonly createdAt: string;
}

export interface AgentGroup { readonly id: number; readonly name: string; readonly enabled: boolean; readonly members: readonly { userId: number; name: string }[] }

export interface DialerSettings {
  optOutBlacklist: boolean;
  callback: { enabled: boolean; grades: string[]; agentGroupId: number | null };
  webhook: { enabled: boolean; url: string | null; hasSecret: boolean; maxAttempts: number };
  smsProvider: { kind: 'log' | 'http'; url: string | null; hasSecret: boolean; maxAttempts: number };
}

export interface Tally { readonly total: number; readonly answered: number; readonly grades: Readonly<Record<Grade, number>> }
export interface CallStats {
  readonly from: string; readonly to: string;
  readonly days: readonly (Tally & { readonly day: string })[];
  readonly tasks: readonly (Tally & { readonly taskId: number; readonly name: string })[];
}
