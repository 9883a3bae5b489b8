/**
 * What a CallSession is built from: the dialog (template and lead variables), the call's media
 * leg, speech (a VAD stream per call, a recognizer, a prompt player), a clock, limits, the
 * transfer hook and a logger. Everything outside-world is an interface so tests run whole calls
 * in simulated time with fakes.
 */
import type { AsrProvider, ListenSettings, PcmChunk, PromptPlayer, VadStreamEvent } from '@waihu/asr';
import type { CompiledTemplate } from '@waihu/engine';
import type { MediaClock } from '../media/clock.js';
import type { MediaLeg } from '../media/media-leg.js';
import type { CallStore } from './record.js';

/**
 * The part of `@waihu/asr`'s `VadStream` a session uses (a `VadStream` satisfies it). One per
 * call, fed every 20 ms chunk of the callee's audio; closed when the call ends.
 */
export interface CallVad {
  push(chunk: PcmChunk): void;
  /** Endpointing for what comes next (per dialog node). */
  listen(settings: ListenSettings): void;
  on(listener: (e: VadStreamEvent) => void): () => void;
  readonly speaking: boolean;
  close(): void;
}

/** Makes the call's VAD stream, e.g. `() => vadModel.createStream()`. */
export type VadFactory = () => CallVad;

/** What a transfer handler knows about the call it takes over. */
export interface TransferContext {
  /** The callee's number (a phone number: log it only under `phone`). */
  readonly calleeNumber: string;
  /** The flow that asked for the transfer. */
  readonly flow: string;
  readonly tags: readonly string[];
  /** The customer's media leg, for bridging an agent in. */
  readonly leg: MediaLeg;
  /** Aborted when the call ends before the handler answers (the customer hung up). */
  readonly signal: AbortSignal;
  /** What was said so far, in order (the agent's screen pop shows it: log it only under `transcript`). */
  readonly transcript?: readonly TransferTurn[];
  /** The grade the call has earned so far (the engine's rules on the counters until now). */
  readonly grade?: string | null;
}

/** One line of the transcript a transfer hands on. */
export interface TransferTurn {
  readonly speaker: 'robot' | 'customer';
  readonly text: string;
}

/**
 * Rings an agent group and says whether an agent took the call. The agent issue implements it;
 * until then {@link noAgentsTransferHandler} answers "not connected", the robot carries on and
 * the record asks for a callback.
 */
export interface TransferHandler {
  transfer(group: string, context: TransferContext): Promise<{ readonly connected: boolean }>;
}

/** The default: nobody to transfer to. */
export const noAgentsTransferHandler: TransferHandler = {
  transfer: () => Promise.resolve({ connected: false }),
};

/**
 * A structured logger (pino-compatible). Phone numbers go under `phone`, recognized or spoken
 * text under `text` / `transcript`, so production can redact them.
 */
export interface SessionLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  debug?(fields: Record<string, unknown>, message: string): void;
}

export const silentLogger: SessionLogger = { info: () => undefined, warn: () => undefined };

/** How the session listens. Every duration is in milliseconds. */
export interface EndpointingSettings {
  /** Silence that ends a short answer (是/不是, a yes/no node). Default 500. */
  readonly shortEndSilenceMs: number;
  /** Silence that ends an open answer. Default 900. */
  readonly openEndSilenceMs: number;
  /** Speech this long over an interruptible prompt stops it (barge-in). Default 300. */
  readonly bargeInMs: number;
  /** Audio kept before VAD confirms speech, so recognition hears the first syllable. Default 800. */
  readonly preRollMs: number;
  /** Recognition budget after the end of speech, passed to the recognizer as its deadline. Default 5000. */
  readonly recognitionBudgetMs: number;
}

export const DEFAULT_ENDPOINTING: EndpointingSettings = {
  shortEndSilenceMs: 500, openEndSilenceMs: 900, bargeInMs: 300, preRollMs: 800, recognitionBudgetMs: 5000,
};

/** Hard limits of a call. */
export interface SessionLimits {
  /**
   * The session's own stop, after the script's 最长通话秒数 (which the engine enforces politely on
   * the next callee event): default the template's maxCallMs + 20 s. At this point the session
   * hangs up without a goodbye (`max-duration`).
   */
  readonly maxCallMs?: number;
  /** Voicemail / secretary detection looks at callee utterances this early (default 20 s from the answer, at most 2). */
  readonly machineDetectMs?: number;
  /** After the leg closes, wait this long for the caller to say who hung up before assuming the network (default 500). */
  readonly lineDownGraceMs?: number;
}

/** Facts about the call that the session does not see itself (they go into the record). */
export interface CallFacts {
  readonly sipCallId?: string | null;
  readonly calleeNumber: string;
  readonly callerNumber: string;
  /** Epoch ms. Default: the answer. */
  readonly dialAt?: number;
  readonly ringAt?: number | null;
  readonly sipStatus?: number | null;
  readonly recording?: { readonly path: string; readonly durationMs: number } | null;
}

/** Everything a CallSession needs. */
export interface CallSessionOptions {
  readonly template: CompiledTemplate;
  /** Lead variables for prompts (姓名, 额度…). */
  readonly vars?: Readonly<Record<string, string>>;
  readonly leg: MediaLeg;
  readonly vad: VadFactory;
  /** Already retry/fallback-wrapped by the caller (createResilientAsrProvider). */
  readonly asr: AsrProvider;
  readonly prompts: PromptPlayer;
  /** Default: the process clock. */
  readonly clock?: MediaClock;
  /** Epoch ms now, for the record's instants (default Date.now). */
  readonly epochNow?: () => number;
  readonly endpointing?: Partial<EndpointingSettings>;
  readonly limits?: SessionLimits;
  /** Default {@link noAgentsTransferHandler}. */
  readonly transfer?: TransferHandler;
  readonly logger?: SessionLogger;
  readonly call: CallFacts;
  /** When given, the record is saved here when the session ends. */
  readonly store?: CallStore;
  /** Detect voicemail and secretary services in the first utterances (default true). */
  readonly detectMachines?: boolean;
}
