/**
 * 机器人外呼 in the server process: the one place the API (test calls from the console) places a
 * real robot call, through the same `runRobotCall` as the `call` command. Made once per process;
 * its shared resources start on first use and close with the app: one SipAgent on SIP_ADDRESS /
 * SIP_PORT with RTP_PORTS, one Silero VAD model, one prompt cache under DATA_DIR.
 *
 * Speech providers are built per call from the enterprise's settings (`loadSpeech`) and closed
 * when the call ends: a settings change takes effect on the next call with nothing to invalidate,
 * at the price of a fresh recognizer connection per call (synthesized prompts still come from the
 * shared cache). Prompts that name recordings are synthesized from their text here (the voice
 * files are not wired in yet), and the script's own speech override is not applied.
 *
 * Every call is recorded (one stereo WAV, customer left, robot — then the agent, after a warm
 * transfer — right) under DATA_DIR/recording-spool until the call store keeps it. With
 * transfers wired in (`useTransfers`, by the agents plugin), a call whose dialog reaches 转人工
 * rings the agents, and its record carries the agent leg.
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PromptCache, PromptPlayer, VadModel, createAsrProvider, createTtsProvider } from '@waihu/asr';
import type { AsrEngineConfig, AsrProvider, TtsEngineConfig, TtsProvider } from '@waihu/asr';
import { PortAllocator, SipAgent, runRobotCall, tapPlacedCall, transferRecordOf } from '@waihu/dialogs';
import type { CallPlacer, CallRecord, CustomerCallHandle, PlacedCall, SessionLogger, TransferHandler, TransferOutcome, TrunkConfig } from '@waihu/dialogs';
import { compileTemplate, hasErrors } from '@waihu/engine';
import type { CompiledTemplate, Template } from '@waihu/engine';
import type { Db } from '@waihu/db';
import type { Config } from '../config.js';
import { ApiError, notFound } from '../errors.js';
import type { SecretBox } from '../secrets/box.js';
import { loadSpeech } from '../speech/settings.js';
import { trunkConfigOf } from '../telephony/index.js';
import { scopedDb } from '../tenancy.js';
import type { CallRecords } from './call-store.js';

/** The built-in test trunk's host: it places no SIP calls (see dialer/production-dial.ts). */
const TEST_TRUNK_HOST = 'test';

/** Builds an enterprise's providers from its settings; tests inject a recognizer here. */
export interface RobotSpeech {
  asr(config: AsrEngineConfig, enterpriseId: number): AsrProvider | Promise<AsrProvider>;
  tts(config: TtsEngineConfig, cache: PromptCache, enterpriseId: number): TtsProvider;
}

export const defaultRobotSpeech: RobotSpeech = {
  asr: (config) => createAsrProvider(config),
  tts: (config, cache) => createTtsProvider(config, { cache }),
};

/** The process's SIP agent as the caller holds it (a started `SipAgent`, or a test's fake). */
export type RobotSipAgent = CallPlacer & { close(): Promise<void> };

/** What a call tells the transfer wiring about itself. */
export interface RobotCallLink {
  /** The call's reference once placed: its SIP Call-ID (the attempt's `sipCallId`). */
  callRef(): string;
  /** The customer's call once placed (hung up when the agent hangs up first). */
  customer(): CustomerCallHandle | null;
}

/** A call's transfer handler, which says how the transfer went. */
export type RobotTransferHandler = TransferHandler & { finished(): Promise<TransferOutcome | null> };

/** Warm transfer for robot calls (the agents' telephony implements it). */
export interface RobotTransfers {
  /** The handler for one call, or null when its transfers cannot ring anyone. */
  forCall(req: RobotCallRequest, link: RobotCallLink): Promise<RobotTransferHandler | null>;
}

/** How long a saved record waits for a bridged agent leg to finish tearing down. */
const AGENT_LEG_WAIT_MS = 10_000;

/** What the process shares between calls (tests may hand in their own agent). */
export interface RobotCallerDeps {
  readonly config: Config;
  /** The unscoped client: every read here goes through a client confined to the call's enterprise. */
  readonly db: Db;
  readonly secrets: SecretBox;
  readonly calls: CallRecords;
  readonly speech?: RobotSpeech;
  readonly logger?: SessionLogger;
  /** The SIP agent; default one started on the configured address and ports. */
  readonly agent?: () => Promise<RobotSipAgent>;
  /** Warm transfer (default: none until `useTransfers`; a transfer is then "not connected"). */
  readonly transfers?: RobotTransfers;
}

export interface RobotCallRequest {
  readonly enterpriseId: number;
  /** The script version to run, or … */
  readonly templateVersionId?: number;
  /** … the script, whose current version runs. */
  readonly templateId?: number;
  readonly trunkId: number;
  readonly number: string;
  /** Default: the enterprise's first approved caller ID, else the trunk's user name. */
  readonly callerId?: string | null;
  readonly vars?: Readonly<Record<string, string>>;
  readonly leadId?: number | null;
  readonly taskId?: number | null;
  /** The task's agent group (坐席组) for transfers; default the group the script's transfer names. */
  readonly agentGroupId?: number | null;
}

export interface RobotCallResult {
  readonly record: CallRecord;
  readonly attemptId: number;
  readonly templateVersionId: number;
}

/** What a call needs, checked before anything is dialed. */
interface Prepared {
  readonly templateVersionId: number;
  readonly template: CompiledTemplate;
  readonly trunk: TrunkConfig;
  readonly callerId: string;
  readonly asr: AsrEngineConfig;
  readonly tts: TtsEngineConfig;
}

function once<T>(start: () => Promise<T>): { get(): Promise<T>; started(): Promise<T> | null } {
  let p: Promise<T> | null = null;
  return {
    get: () => (p ??= start().catch((e: unknown) => { p = null; throw e; })),
    started: () => p,
  };
}

export class RobotCaller {
  private readonly agent: { get(): Promise<RobotSipAgent>; started(): Promise<RobotSipAgent> | null };
  private transfers: RobotTransfers | null;
  private readonly spool: string;
  private readonly vad = once(() => VadModel.load());
  private readonly cache: PromptCache;
  private readonly speech: RobotSpeech;
  private readonly running = new Set<Promise<unknown>>();
  private closed = false;

  constructor(private readonly deps: RobotCallerDeps) {
    const c = deps.config;
    this.agent = once(deps.agent ?? (() => SipAgent.start({
      transport: { address: c.sipAddress, port: c.sipPort }, ports: new PortAllocator({ min: c.rtpPorts.min, max: c.rtpPorts.max }),
    })));
    this.cache = new PromptCache({ dir: join(c.dataDir, 'prompt-cache') });
    this.speech = deps.speech ?? defaultRobotSpeech;
    this.transfers = deps.transfers ?? null;
    this.spool = join(c.dataDir, 'recording-spool');
  }

  /** The process's SIP agent, started on first use (the extensions' registrar attaches to it). */
  sipAgent(): Promise<RobotSipAgent> {
    if (this.closed) return Promise.reject(new ApiError(503, 'SHUTTING_DOWN', 'the server is shutting down', undefined, true));
    return this.agent.get();
  }

  /** Wires warm transfer in for the calls placed from now on. */
  useTransfers(transfers: RobotTransfers | null): void {
    this.transfers = transfers;
  }

  /**
   * Places one robot call and resolves when it has ended and been saved. Refuses before dialing
   * with a coded ApiError: NOT_FOUND (404) for an unknown script, version or trunk,
   * SCRIPT_INVALID, TEST_TRUNK, CALLER_ID_REQUIRED or SPEECH_NOT_CONFIGURED (409).
   */
  async call(req: RobotCallRequest): Promise<RobotCallResult> {
    return this.track(req, true) as Promise<RobotCallResult>;
  }

  /**
   * Places one robot call and resolves with its record without keeping it: for the dialer,
   * which keeps each call itself together with the lead's queue row. Refuses as {@link call}.
   */
  async dial(req: RobotCallRequest): Promise<{ readonly record: CallRecord; readonly templateVersionId: number }> {
    return this.track(req, false);
  }

  private async track(req: RobotCallRequest, keep: boolean): Promise<RobotCallResult | { record: CallRecord; templateVersionId: number }> {
    if (this.closed) throw new ApiError(503, 'SHUTTING_DOWN', 'the server is shutting down', undefined, true);
    const p = await this.prepare(req);
    const run = this.run(req, p, keep);
    this.running.add(run);
    try {
      return await run;
    } finally {
      this.running.delete(run);
    }
  }

  private async prepare(req: RobotCallRequest): Promise<Prepared> {
    const db = scopedDb(this.deps.db, req.enterpriseId);
    let version;
    if (req.templateVersionId !== undefined) {
      version = await db.templateVersion.findUnique({ where: { id: req.templateVersionId } });
    } else if (req.templateId !== undefined) {
      const t = await db.template.findUnique({ where: { id: req.templateId } });
      version = t && !t.archivedAt ? await db.templateVersion.findFirst({ where: { templateId: t.id, number: t.currentVersion } }) : null;
    } else {
      throw new ApiError(400, 'BAD_REQUEST', 'templateVersionId or templateId is required');
    }
    if (!version) throw notFound('script');
    let compiled;
    try {
      compiled = compileTemplate(JSON.parse(version.source) as Template);
    } catch {
      // A stored version is always a compiled template; one that is not (a bad import, a hand edit) must not crash a dial.
      throw new ApiError(409, 'SCRIPT_INVALID', `script version ${version.id} cannot be read; save the script again`);
    }
    if (!compiled.template || hasErrors(compiled.issues)) throw new ApiError(409, 'SCRIPT_INVALID', 'the script version has errors and cannot be run', compiled.issues);

    const row = await db.trunk.findUnique({ where: { id: req.trunkId } });
    if (!row) throw notFound('trunk');
    if (row.host === TEST_TRUNK_HOST) throw new ApiError(409, 'TEST_TRUNK', 'the built-in test trunk places no real calls: pick a trunk to a gateway');
    const trunk = trunkConfigOf(row, this.deps.secrets);

    let callerId = req.callerId ?? null;
    if (!callerId) callerId = (await db.callerId.findFirst({ where: { approved: true }, orderBy: { id: 'asc' } }))?.number ?? trunk.username ?? null;
    if (!callerId) throw new ApiError(409, 'CALLER_ID_REQUIRED', 'give a caller ID: the enterprise has no approved caller ID and the trunk no user name');

    const speech = await loadSpeech(db, this.deps.secrets);
    if (!speech.asr || !speech.tts) {
      const missing = [speech.asr ? null : 'asr', speech.tts ? null : 'tts'].filter((x) => x !== null);
      throw new ApiError(409, 'SPEECH_NOT_CONFIGURED', `the enterprise has no ${missing.join(' and ')} engine: an administrator sets them under 语音引擎 (PUT /api/speech)`, { missing });
    }
    return { templateVersionId: version.id, template: compiled.template, trunk, callerId, asr: speech.asr, tts: speech.tts };
  }

  private async run(req: RobotCallRequest, p: Prepared, keep: boolean): Promise<RobotCallResult | { record: CallRecord; templateVersionId: number }> {
    const [agent, vad] = await Promise.all([this.agent.get(), this.vad.get(), mkdir(this.spool, { recursive: true })]);
    const tap = tapPlacedCall<Parameters<CallPlacer['placeCall']>[0], PlacedCall>(agent);
    const fallbackRef = `robot-${randomBytes(8).toString('hex')}`;
    const handler = this.transfers
      ? await this.transfers.forCall(req, { callRef: () => tap.customer()?.callId || fallbackRef, customer: tap.customer }).catch((err: unknown) => {
        this.deps.logger?.warn({ err: String(err) }, 'transfers unavailable for this call');
        return null;
      })
      : null;
    const asr = await this.speech.asr(p.asr, req.enterpriseId);
    let tts: TtsProvider | null = null;
    try {
      tts = this.speech.tts(p.tts, this.cache, req.enterpriseId);
      let saved: Promise<{ attemptId: number }> | null = null;
      const store = this.deps.calls.store({
        enterpriseId: req.enterpriseId, templateVersionId: p.templateVersionId, trunkId: req.trunkId,
        taskId: req.taskId ?? null, leadId: req.leadId ?? null,
      });
      const ran = await runRobotCall({
        agent: tap.placer, trunk: p.trunk, number: req.number, callerId: p.callerId, template: p.template, vars: req.vars ?? {},
        asr, vad: () => vad.createStream(), prompts: new PromptPlayer({ tts }),
        recordPath: join(this.spool, `${randomBytes(12).toString('hex')}.wav`),
        ...(handler ? { transfer: handler } : {}),
        // runRobotCall logs a failed save and goes on; here the caller must hear of it.
        ...(keep ? { store: { save: (r: CallRecord) => (saved = withAgentLeg(r, handler).then((full) => store.save(full))) } } : {}),
        ...(this.deps.logger ? { logger: this.deps.logger } : {}),
      });
      if (!keep) return { record: await withAgentLeg(ran, handler), templateVersionId: p.templateVersionId };
      const record = handler ? await withAgentLeg(ran, handler) : ran;
      if (!saved) throw new ApiError(500, 'CALL_NOT_SAVED', 'the call ended without being saved', undefined, true);
      const { attemptId } = await (saved as Promise<{ attemptId: number }>);
      return { record, attemptId, templateVersionId: p.templateVersionId };
    } finally {
      await Promise.allSettled([asr.close(), tts?.close()]);
    }
  }

  /** Closes the agent (ending calls in progress, which are still saved), then the VAD model. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([this.agent.started()?.then((a) => a.close())]);
    await Promise.allSettled([...this.running]);
    await Promise.allSettled([this.vad.started()?.then((v) => v.close())]);
  }
}

/**
 * The record with the transfer's agent leg, once the transfer has finished (a customer who hung
 * up while an agent rang: once the ringing is cancelled) and the bridged call has been torn
 * down — each wait at most {@link AGENT_LEG_WAIT_MS}: a teardown that hangs must not keep the
 * call from being saved.
 */
async function withAgentLeg(record: CallRecord, handler: RobotTransferHandler | null): Promise<CallRecord> {
  if (handler === null) return record;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const bounded = <T>(p: Promise<T>): Promise<T | null> => Promise.race([
    p, new Promise<null>((resolve) => { timer = setTimeout(() => resolve(null), AGENT_LEG_WAIT_MS); }),
  ]).finally(() => clearTimeout(timer));
  const outcome = await bounded(handler.finished());
  if (outcome === null) return record;
  const end = await bounded(outcome.ended);
  const transfer = transferRecordOf(outcome, end);
  return { ...record, transfer, ...(transfer.hangupBy === 'AGENT' ? { hangupBy: 'AGENT' as const } : {}) };
}
