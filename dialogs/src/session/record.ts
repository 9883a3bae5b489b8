/**
 * What one robot call leaves behind: everything an admin reviews and the dialer decides from,
 * as plain data. The CallSession produces it; a {@link CallStore} (the server's, over the
 * database and the file store) keeps it. Times are milliseconds; instants are epoch ms
 * (the session's clock), offsets within the call are from the answer.
 */
import type { CallOutcome } from '../trunk/index.js';
import type { Counters, DialogEvent, Grade, HangupReason, TraceEntry } from '@waihu/engine';

/** How turn latency splits: end of the callee's speech → first robot audio packet. */
export interface TurnLatency {
  /** VAD end-of-speech wait: last voiced frame → endpoint decision. */
  readonly endpointMs: number;
  /** Endpoint decision → the recognizer's final result. */
  readonly recognitionMs: number;
  /** Final result → the engine's effects. */
  readonly engineMs: number;
  /** Effects → first frame of the reply on the wire (prompt lookup or synthesis start). */
  readonly promptStartMs: number;
  /** The sum: end of speech → first robot audio. */
  readonly totalMs: number;
}

export interface TurnRecord {
  /** 0, 1, 2… in the order the turns started. */
  readonly seq: number;
  readonly who: 'ROBOT' | 'CALLEE' | 'AGENT';
  /** The prompt text, or the recognizer's text. */
  readonly text: string;
  /** Callee turns: after keyword corrections. */
  readonly correctedText: string | null;
  /** Callee turns: what matched and why (the engine's trace of the step). */
  readonly matched: readonly TraceEntry[] | null;
  readonly flow: string | null;
  /** Offsets from the answer. */
  readonly startMs: number;
  readonly endMs: number;
  /** Robot turns that reply to the callee: how long the callee waited, split by part. */
  readonly latency: TurnLatency | null;
  /** Robot turns: the callee interrupted this prompt. */
  readonly bargedIn: boolean;
  /** Robot turns: what played — a recording's name, or the TTS engine's id. */
  readonly source?: string;
}

export type HangupParty = 'ROBOT' | 'CALLEE' | 'AGENT' | 'SYSTEM';

export interface CallRecord {
  readonly sipCallId: string | null;
  readonly calleeNumber: string;
  readonly callerNumber: string;
  /** Epoch ms on the session's clock. */
  readonly dialAt: number;
  readonly ringAt: number | null;
  readonly answerAt: number | null;
  readonly transferAt: number | null;
  readonly endAt: number;
  /** Answer to end; 0 when not answered. */
  readonly talkMs: number;
  readonly outcome: CallOutcome;
  /** How the outcome was decided: SIP signalling, or words heard in early media (空号, 关机…). */
  readonly outcomeSource: 'sip' | 'early-media' | 'dialog';
  readonly sipStatus: number | null;
  readonly cause: number | null;
  readonly hangupBy: HangupParty | null;
  readonly endReason: HangupReason | null;
  readonly grade: Grade | null;
  readonly gradeReasons: readonly string[];
  readonly tags: readonly string[];
  readonly counters: Counters | null;
  /** The engine's events in order: replaying them reproduces the call's effects exactly. */
  readonly events: readonly DialogEvent[];
  readonly turns: readonly TurnRecord[];
  /** Callee utterances that matched nothing, for 未匹配管理. */
  readonly unmatched: readonly { readonly text: string; readonly flow: string }[];
  /** The stereo recording (customer left, robot right), on local disk until the store keeps it. */
  readonly recording: { readonly path: string; readonly durationMs: number } | null;
  /** Early-media transcript, when announcements were classified. */
  readonly earlyMediaText: string | null;
  /** The lead must be called back by an agent (a transfer could not be made). */
  readonly callbackRequested: boolean;
  /**
   * Answered by a machine, not the customer: voicemail (请在提示音后留言), a carrier's secretary
   * service (来电提醒, 秘书), or a carrier announcement played after a 200 OK (空号, 关机…).
   * The robot hung up at once; `outcome` says what it means for dialing again.
   */
  readonly machine?: 'voicemail' | 'secretary' | 'announcement';
  /** The transfer and its agent leg, when the dialog asked for one and the handler reports it. */
  readonly transfer?: TransferRecord;
}

/** How a transfer went: the agent leg of the call (a transfer handler that knows it adds it). */
export interface TransferRecord {
  /** The group rung (its id where the handler knows one, else the name the script gave). */
  readonly group: string;
  /**
   * CONNECTED; NO_ANSWER (agents rung, none answered); NO_AGENTS (nobody free); ABANDONED (the
   * customer hung up while an agent's phone rang); TIMEOUT (the task's limit); UNKNOWN_GROUP.
   */
  readonly outcome: 'CONNECTED' | 'NO_ANSWER' | 'NO_AGENTS' | 'ABANDONED' | 'TIMEOUT' | 'UNKNOWN_GROUP';
  /** The agent who answered. */
  readonly agentId: string | null;
  /** Agents rung, in order. */
  readonly tried: readonly string[];
  /** Epoch ms: the (last) agent's phone rang, answered, the agent leg ended. */
  readonly ringAt: number | null;
  readonly answerAt: number | null;
  readonly endAt: number | null;
  /** Answer to end of the agent leg. */
  readonly talkMs: number;
  /** Who ended the bridged call. */
  readonly hangupBy: 'AGENT' | 'CALLEE' | null;
}

/** Where finished calls go. The server implements it over the database and the file store. */
export interface CallStore {
  save(record: CallRecord): Promise<{ readonly attemptId: number }>;
}
