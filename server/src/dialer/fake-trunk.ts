/**
 * A fake trunk with scripted outcomes: answered with a grade, busy, no answer, invalid… each
 * lasting a scripted time on an injected `sleep`, so tests run whole campaigns in simulated time
 * and the demo's test trunk runs in real time. It builds the same {@link CallRecord} the robot
 * call runtime does, and watches itself: numbers dialed at once, most calls at once, every dial.
 */
import type { CallRecord, TurnRecord } from '@waihu/dialogs';
import type { DialFn, DialLead } from './types.js';
import type { GradeLetter, Outcome } from './core/index.js';

export interface ScriptedCall {
  readonly outcome: Outcome;
  /** For answered calls: the dialog's grade (A–D). */
  readonly grade?: GradeLetter;
  readonly ringMs?: number;
  readonly talkMs?: number;
  /** What the callee says (for opt-out detection and review). */
  readonly calleeSays?: readonly string[];
  /** The call was handed to an agent. */
  readonly transferred?: boolean;
}

export interface DialLog {
  readonly leadId: number;
  readonly phone: string;
  readonly taskId: number;
  readonly attemptNo: number;
  readonly callerNumber: string | null;
  readonly startAt: number;
  endAt: number | null;
}

export interface FakeTrunkOptions {
  /** What happens to this dial of this lead. */
  readonly script: (lead: DialLead, attemptNo: number) => ScriptedCall;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
}

export interface FakeTrunk {
  readonly dial: DialFn;
  readonly log: DialLog[];
  /** Most calls in progress at the same moment. */
  readonly maxConcurrent: () => number;
  /** Numbers that were dialed while already in a call (must stay empty). */
  readonly doubleDials: string[];
  readonly active: () => number;
}

export function fakeTrunk(opts: FakeTrunkOptions): FakeTrunk {
  const log: DialLog[] = [];
  const inCall = new Set<string>();
  const doubleDials: string[] = [];
  let active = 0;
  let max = 0;
  const dial: DialFn = async (lead, task, context) => {
    const s = opts.script(lead, context.attemptNo);
    const startAt = opts.now();
    const entry: DialLog = { leadId: lead.id, phone: lead.phone, taskId: task.id, attemptNo: context.attemptNo, callerNumber: context.callerNumber, startAt, endAt: null };
    log.push(entry);
    if (inCall.has(lead.phone)) doubleDials.push(lead.phone);
    inCall.add(lead.phone);
    active++;
    max = Math.max(max, active);
    try {
      const ringMs = s.ringMs ?? (s.outcome === 'NO_ANSWER' ? 45_000 : 5_000);
      const talkMs = s.outcome === 'ANSWERED' ? (s.talkMs ?? 30_000) : 0;
      await opts.sleep(ringMs + talkMs);
      const endAt = opts.now();
      entry.endAt = endAt;
      return scriptedRecord(lead, context.callerNumber ?? '', s, startAt, ringMs, talkMs, endAt);
    } finally {
      inCall.delete(lead.phone);
      active--;
    }
  };
  return { dial, log, doubleDials, maxConcurrent: () => max, active: () => active };
}

/** The CallRecord a scripted call leaves behind. */
export function scriptedRecord(lead: DialLead, callerNumber: string, s: ScriptedCall, dialAt: number, ringMs: number, talkMs: number, endAt: number): CallRecord {
  const answered = s.outcome === 'ANSWERED';
  const says = answered ? (s.calleeSays ?? ['嗯', '你说']) : [];
  const turns: TurnRecord[] = [];
  const step = says.length > 0 ? Math.floor(talkMs / (says.length * 2 + 1)) : 0;
  turns.push({ seq: 0, who: 'ROBOT', text: '您好，这里是测试外线的演示通话。', correctedText: null, matched: null, flow: '开场', startMs: 0, endMs: step, latency: null, bargedIn: false });
  says.forEach((text, i) => {
    turns.push({ seq: turns.length, who: 'CALLEE', text, correctedText: text, matched: null, flow: '开场', startMs: step * (2 * i + 1), endMs: step * (2 * i + 2), latency: null, bargedIn: false });
    turns.push({ seq: turns.length, who: 'ROBOT', text: '好的。', correctedText: null, matched: null, flow: '开场', startMs: step * (2 * i + 2), endMs: step * (2 * i + 3), latency: null, bargedIn: false });
  });
  const grade = answered ? (s.grade ?? 'C') : null;
  return {
    sipCallId: null, calleeNumber: lead.phone, callerNumber, dialAt, ringAt: dialAt + 100, answerAt: answered ? dialAt + ringMs : null,
    transferAt: answered && s.transferred ? endAt - 1000 : null, endAt, talkMs, outcome: s.outcome, outcomeSource: 'sip',
    sipStatus: answered ? 200 : SIP_STATUS[s.outcome] ?? null, cause: null, hangupBy: answered ? 'ROBOT' : 'SYSTEM', endReason: answered ? 'completed' : null,
    grade, gradeReasons: grade ? [`${grade}（测试外线脚本）`] : [], tags: [],
    counters: answered ? { affirmative: 0, questions: 0, interactions: says.length, refusals: 0, silences: 0, unmatched: 0 } : null,
    events: [], turns: answered ? turns : [], unmatched: [], recording: null, earlyMediaText: null, callbackRequested: false,
  };
}

const SIP_STATUS: Partial<Record<Outcome, number>> = {
  NO_ANSWER: 480, BUSY: 486, REJECTED: 603, INVALID_NUMBER: 404, POWERED_OFF: 480, SUSPENDED: 403, NETWORK_ERROR: 503, CANCELED: 487,
};
