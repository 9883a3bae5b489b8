/** Call attempts and turns as the API shows them, with their JSON schemas. JSON columns are parsed here, at the edge. */
import type { CallAttempt, Turn } from '@waihu/db';

const parse = <T>(text: string | null, fallback: T): T => {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};
const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

export const recordingUrl = (attemptId: number): string => `/api/calls/${attemptId}/recording`;

type WithRecording = CallAttempt & { recording: { durationMs: number; sizeBytes?: number | null } | null };

export function attemptSummary(a: WithRecording): Record<string, unknown> {
  return {
    id: a.id, kind: a.kind, taskId: a.taskId, leadId: a.leadId, customerId: a.customerId, templateVersionId: a.templateVersionId,
    trunkId: a.trunkId, agentId: a.agentId, attemptNo: a.attemptNo, calleeNumber: a.calleeNumber, callerNumber: a.callerNumber,
    dialAt: a.dialAt.toISOString(), ringAt: iso(a.ringAt), answerAt: iso(a.answerAt), transferAt: iso(a.transferAt), endAt: iso(a.endAt),
    talkMs: a.talkMs, outcome: a.outcome, sipStatus: a.sipStatus, hangupBy: a.hangupBy, endReason: a.endReason,
    grade: a.grade, tags: parse<string[]>(a.tags, []),
    recording: a.recording ? { durationMs: a.recording.durationMs, url: recordingUrl(a.id) } : null,
    agentLeg: agentLegView(a),
  };
}

/** The transfer and the agent's part of the call (null when no transfer was asked). */
function agentLegView(a: CallAttempt): Record<string, unknown> | null {
  if (a.transferOutcome === null) return null;
  return {
    groupId: a.transferGroupId, outcome: a.transferOutcome, agentId: a.agentId, tried: parse<unknown[]>(a.transferTried, []),
    ringAt: iso(a.agentRingAt), answerAt: iso(a.agentAnswerAt), endAt: iso(a.agentEndAt), talkMs: a.agentTalkMs,
    disposition: a.disposition, followedUpAt: iso(a.followedUpAt),
  };
}

export function turnView(t: Turn): Record<string, unknown> {
  return {
    seq: t.seq, who: t.who, text: t.text, correctedText: t.correctedText, matched: parse<unknown>(t.matched, null), flow: t.flow,
    startMs: t.startMs, endMs: t.endMs, latencyMs: t.latencyMs, latency: parse<unknown>(t.latency, null), bargedIn: t.bargedIn, source: t.source,
  };
}

export function attemptDetail(a: WithRecording, turns: readonly Turn[]): Record<string, unknown> {
  return {
    ...attemptSummary(a),
    sipCallId: a.sipCallId, cause: a.cause, outcomeSource: a.outcomeSource, earlyMediaText: a.earlyMediaText, callbackRequested: a.callbackRequested,
    gradeReasons: parse<string[]>(a.gradeReasons, []),
    counters: { affirmatives: a.affirmatives, questions: a.questions, interactions: a.interactions, refusals: a.refusals },
    events: parse<unknown[]>(a.events, []),
    recording: a.recording ? { durationMs: a.recording.durationMs, sizeBytes: a.recording.sizeBytes ?? null, url: recordingUrl(a.id) } : null,
    turns: turns.map(turnView),
  };
}

const str = { type: 'string' } as const;
const strOrNull = { type: ['string', 'null'] } as const;
const intOrNull = { type: ['integer', 'null'] } as const;

/** One call in the list. */
export const attemptSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' }, kind: str, taskId: intOrNull, leadId: intOrNull, customerId: intOrNull, templateVersionId: intOrNull,
    trunkId: intOrNull, agentId: intOrNull, attemptNo: { type: 'integer' }, calleeNumber: str, callerNumber: str,
    dialAt: str, ringAt: strOrNull, answerAt: strOrNull, transferAt: strOrNull, endAt: strOrNull, talkMs: { type: 'integer' },
    outcome: { ...strOrNull, description: 'ANSWERED | NO_ANSWER | BUSY | REJECTED | INVALID_NUMBER | POWERED_OFF | SUSPENDED | NETWORK_ERROR | CANCELED' },
    sipStatus: intOrNull, hangupBy: { ...strOrNull, description: 'ROBOT | CALLEE | AGENT | SYSTEM' },
    endReason: { ...strOrNull, description: 'why the dialog ended: completed, question, silence, max-turns, max-duration, transferred, callee, network' },
    grade: strOrNull, tags: { type: 'array', items: str },
    recording: { type: ['object', 'null'], properties: { durationMs: { type: 'integer' }, sizeBytes: intOrNull, url: str } },
    agentLeg: {
      type: ['object', 'null'], description: '转人工: the transfer and the agent leg (null when the dialog asked for none); the recording covers robot and agent',
      properties: {
        groupId: intOrNull,
        outcome: { ...str, description: 'CONNECTED | NO_ANSWER | NO_AGENTS | ABANDONED (the customer hung up while an agent rang) | TIMEOUT | UNKNOWN_GROUP' },
        agentId: intOrNull, tried: { type: 'array', description: 'user ids rung, in order', items: { type: ['integer', 'string'] } },
        ringAt: strOrNull, answerAt: strOrNull, endAt: strOrNull, talkMs: { type: 'integer' },
        disposition: { ...strOrNull, description: '处理结果 from the agent\'s follow-up' }, followedUpAt: strOrNull,
      },
    },
  },
} as const;

const latencySchema = {
  type: ['object', 'null'],
  description: 'end of the callee\'s speech → first robot audio, by part',
  properties: { endpointMs: { type: 'number' }, recognitionMs: { type: 'number' }, engineMs: { type: 'number' }, promptStartMs: { type: 'number' }, totalMs: { type: 'number' } },
} as const;

const turnSchema = {
  type: 'object',
  properties: {
    seq: { type: 'integer' }, who: { ...str, description: 'ROBOT | CALLEE | AGENT' }, text: str, correctedText: strOrNull,
    matched: { type: ['array', 'null'], description: 'the engine\'s trace of the step: what matched and why', items: { type: 'object', additionalProperties: true } },
    flow: strOrNull, startMs: { type: 'integer', description: 'from the answer' }, endMs: { type: 'integer' },
    latencyMs: intOrNull, latency: latencySchema, bargedIn: { type: 'boolean' }, source: strOrNull,
  },
} as const;

/** One call with its transcript. */
export const callDetailSchema = {
  type: 'object',
  properties: {
    ...attemptSchema.properties,
    sipCallId: strOrNull, cause: intOrNull, outcomeSource: { ...strOrNull, description: 'sip | early-media | dialog' },
    earlyMediaText: strOrNull, callbackRequested: { type: 'boolean' },
    gradeReasons: { type: 'array', items: str },
    counters: { type: 'object', properties: { affirmatives: { type: 'integer' }, questions: { type: 'integer' }, interactions: { type: 'integer' }, refusals: { type: 'integer' } } },
    events: { type: 'array', description: 'the engine\'s DialogEvents in order: replaying them reproduces the call\'s effects', items: { type: 'object', additionalProperties: true } },
    turns: { type: 'array', items: turnSchema },
  },
} as const;
