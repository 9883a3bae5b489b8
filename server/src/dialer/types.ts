/**
 * The dialer's seams: the dial itself (a {@link DialFn}: the robot-call runtime in production,
 * a scripted fake trunk in tests and in the demo's test trunk), where finished calls are kept,
 * and its coded errors.
 */
import type { CallRecord } from '@waihu/dialogs';
import type { TrunkConfig } from '@waihu/dialogs';

/** The lead as the dial sees it. */
export interface DialLead {
  readonly id: number;
  readonly name: string;
  /** Normalized like Lead.phone. */
  readonly phone: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** The task as the dial sees it. */
export interface DialTask {
  readonly id: number;
  readonly enterpriseId: number;
  readonly name: string;
  readonly templateVersionId: number;
  readonly trunkId: number | null;
  readonly agentGroupId: number | null;
}

export interface DialContext {
  /** The caller number chosen from the task's pool (null: the trunk's default). */
  readonly callerNumber: string | null;
  /** The task's trunk, its password unsealed; null when the task has none. */
  readonly trunk: TrunkConfig | null;
  /** 1 for the first dial of this lead in this task. */
  readonly attemptNo: number;
  /** The dialer's clock (epoch ms). */
  readonly now: () => number;
}

/** Places one call and resolves with what it left behind; never resolves twice. */
export type DialFn = (lead: DialLead, task: DialTask, context: DialContext) => Promise<CallRecord>;

/** Keeps a finished call (the persistence helper's CallRecords.save fits). */
export interface AttemptStore {
  save(context: {
    readonly enterpriseId: number; readonly templateVersionId: number | null; readonly trunkId?: number | null; readonly taskId?: number | null;
    readonly leadId?: number | null; readonly attemptNo?: number;
  }, record: CallRecord): Promise<{ readonly attemptId: number }>;
}

/** A dialer failure with a stable code and whether a retry can help (ARCHITECTURE rule 5). */
export class DialerError extends Error {
  constructor(readonly code: string, message: string, readonly retryable: boolean) {
    super(message);
    this.name = 'DialerError';
  }
}

/** A process started without a robot caller cannot dial real trunks (see production-dial.ts). */
export const notConfigured = (): DialerError =>
  new DialerError('DIAL_NOT_CONFIGURED', 'this dialer has no robot caller: only trunks with host `test` (the built-in test trunk) can dial', false);
