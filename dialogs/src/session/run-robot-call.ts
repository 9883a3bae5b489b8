/**
 * One robot call from dial to record: the path the `call` command, the dialer and the console's
 * test calls share. Places the call, listens to early media for carrier announcements, runs a
 * {@link CallSession} when answered, hangs up when the robot is done, and returns (and stores)
 * the {@link CallRecord}.
 */
import type { AsrProvider, PromptPlayer } from '@waihu/asr';
import type { CompiledTemplate } from '@waihu/engine';
import type { CallEnd } from '../calls/call-end.js';
import type { PlaceCallOptions } from '../calls/agent.js';
import type { CallAnswer, CallProgress, CallState } from '../calls/outbound-call.js';
import type { MediaLeg } from '../media/media-leg.js';
import type { RecordingSummary } from '../media/wav-recorder.js';
import type { MediaClock } from '../media/clock.js';
import { systemMediaClock } from '../media/clock.js';
import type { TrunkConfig } from '../trunk/config.js';
import { announcementOverrides } from './announcements.js';
import { CallSession } from './call-session.js';
import { EarlyMediaClassifier, type EarlyMediaResult } from './early-media.js';
import type { CallRecord, CallStore } from './record.js';
import { silentLogger, type EndpointingSettings, type SessionLimits, type SessionLogger, type TransferHandler, type VadFactory } from './types.js';

/** The part of a `Call` a robot call uses (a `Call` is one). */
export interface PlacedCall {
  readonly callId: string;
  readonly state: CallState;
  readonly rtp: Omit<MediaLeg, 'close'> & { close(): Promise<{ readonly recording: RecordingSummary | null }> };
  readonly answered: Promise<CallAnswer>;
  readonly ended: Promise<CallEnd>;
  onProgress(listener: (p: CallProgress) => void): () => void;
  cancel(): Promise<CallEnd>;
  hangup(): Promise<CallEnd>;
}

/** Anything that places calls like `SipAgent` (tests pass a fake). */
export interface CallPlacer {
  placeCall(o: PlaceCallOptions): Promise<PlacedCall>;
}

export interface RobotCallOptions {
  readonly agent: CallPlacer;
  readonly trunk: TrunkConfig;
  /** The lead's number (log only under `phone`). */
  readonly number: string;
  readonly callerId: string;
  readonly template: CompiledTemplate;
  readonly vars?: Readonly<Record<string, string>>;
  readonly asr: AsrProvider;
  readonly vad: VadFactory;
  readonly prompts: PromptPlayer;
  readonly store?: CallStore;
  readonly recordPath?: string;
  readonly ringTimeoutMs?: number;
  readonly headers?: Iterable<readonly [string, string]>;
  readonly clock?: MediaClock;
  readonly epochNow?: () => number;
  readonly endpointing?: Partial<EndpointingSettings>;
  readonly limits?: SessionLimits;
  readonly transfer?: TransferHandler;
  readonly logger?: SessionLogger;
  /** Recognize early media for announcements (default true). */
  readonly classifyEarlyMedia?: boolean;
  /** Cancel the dial as soon as an announcement is clear, instead of ringing on (default true). */
  readonly cancelOnAnnouncement?: boolean;
}

/**
 * Places the call and runs it to the end; the record is saved to `store` when given (a store
 * failure is logged, the record still returned). Throws only what `placeCall` throws before
 * anything is dialed (CallSetupError from the dial plan, MediaError when no RTP port is free).
 */
export async function runRobotCall(o: RobotCallOptions): Promise<CallRecord> {
  const now = o.epochNow ?? Date.now;
  const log = o.logger ?? silentLogger;
  const dialAt = now();
  const early = o.classifyEarlyMedia === false ? null : new EarlyMediaClassifier(o.asr, { clock: o.clock ?? systemMediaClock, logger: log });
  const call = await o.agent.placeCall({
    trunk: o.trunk, number: o.number, callerId: o.callerId,
    ...(early ? { onEarlyMedia: (c) => early.feed(c) } : {}),
    ...(o.recordPath !== undefined ? { recordPath: o.recordPath } : {}),
    ...(o.ringTimeoutMs !== undefined ? { ringTimeoutMs: o.ringTimeoutMs } : {}),
    ...(o.headers ? { headers: o.headers } : {}),
  });
  let ringAt: number | null = null;
  const stopProgress = call.onProgress(() => { ringAt ??= now(); });
  if (early && o.cancelOnAnnouncement !== false) {
    early.onAnnouncement((a) => {
      if (call.state !== 'calling' && call.state !== 'ringing') return;
      log.info({ phone: o.number, outcome: a.outcome }, 'announcement heard in early media: cancelling');
      void call.cancel();
    });
  }
  const answer = await call.answered;
  stopProgress();
  if (!answer.answered) {
    const heard = early ? await early.finish() : { text: null, announcement: null };
    return save(o, unconnected(o, call, answer.end, heard, dialAt, ringAt, now()), log);
  }
  early?.close();
  const session = new CallSession({
    template: o.template, vars: o.vars ?? {}, leg: call.rtp, vad: o.vad, asr: o.asr, prompts: o.prompts,
    ...(o.clock ? { clock: o.clock } : {}), ...(o.epochNow ? { epochNow: o.epochNow } : {}),
    ...(o.endpointing ? { endpointing: o.endpointing } : {}), ...(o.limits ? { limits: o.limits } : {}),
    ...(o.transfer ? { transfer: o.transfer } : {}), logger: log,
    call: { sipCallId: call.callId, calleeNumber: o.number, callerNumber: o.callerId, dialAt, ringAt, sipStatus: 200 },
  });
  void call.ended.then((end) => session.hangup(end.reason === 'remote-hangup' ? 'callee' : 'network'));
  const record = await session.run();
  if (call.state === 'answered' && record.endReason !== 'transferred') await call.hangup();
  const end = await call.ended;
  const summary = await call.rtp.close();
  const rec = summary.recording;
  return save(o, {
    ...record,
    endAt: now(),
    talkMs: end.talkMs ?? record.talkMs,
    cause: end.cause,
    recording: rec && rec.error === null ? { path: rec.path, durationMs: rec.durationMs } : null,
  }, log);
}

function unconnected(o: RobotCallOptions, call: PlacedCall, end: CallEnd, heard: EarlyMediaResult, dialAt: number, ringAt: number | null, endAt: number): CallRecord {
  const words = heard.announcement;
  const override = words !== null && announcementOverrides(end.outcome, words.outcome);
  return {
    sipCallId: call.callId, calleeNumber: o.number, callerNumber: o.callerId,
    dialAt, ringAt, answerAt: null, transferAt: null, endAt, talkMs: 0,
    outcome: override ? words.outcome : end.outcome,
    outcomeSource: override ? 'early-media' : 'sip',
    sipStatus: end.sipStatus, cause: end.cause,
    hangupBy: end.by === 'local' ? 'SYSTEM' : null,
    endReason: null, grade: null, gradeReasons: [], tags: [], counters: null, events: [], turns: [], unmatched: [],
    recording: null, earlyMediaText: heard.text, callbackRequested: false,
  };
}

async function save(o: RobotCallOptions, record: CallRecord, log: SessionLogger): Promise<CallRecord> {
  if (o.store) {
    try {
      await o.store.save(record);
    } catch (err) {
      log.warn({ err: String(err), phone: o.number }, 'saving the call record failed');
    }
  }
  return record;
}
