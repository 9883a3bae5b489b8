/**
 * One robot call: the one interpreter of the engine's effects (ARCHITECTURE rule 2). It feeds
 * the engine what happens on the line (answer, utterances, silence, DTMF, prompt ends, transfer
 * results, hang-ups) and carries out what it returns on the media leg: prompts with barge-in,
 * listening with per-node endpointing, transfers, hang-up. It decides nothing the engine
 * decides: whether 嗯 interrupts a prompt is the engine's call (an utterance step with no
 * effects leaves the prompt running, so the paused prompt resumes).
 */
import { gradeCall, start, step } from '@waihu/engine';
import type { DialogEvent, DialogState, Effect, HangupReason, Step } from '@waihu/engine';
import { systemMediaClock, type MediaClock } from '../media/clock.js';
import type { ReceivedDtmf } from '../media/media-leg.js';
import { detectMachine } from './announcements.js';
import { Ear, type EarEvent, type HeardTiming } from './ear.js';
import { PromptFeeder } from './prompt-feeder.js';
import type { CallRecord } from './record.js';
import { CallRecorder, recordEnd, turnLatency, type ForcedEnd } from './recorder.js';
import { Generation, SessionTimers } from './session-timers.js';
import { DEFAULT_ENDPOINTING, noAgentsTransferHandler, silentLogger, type CallSessionOptions, type EndpointingSettings, type SessionLogger } from './types.js';

type Say = Extract<Effect, { type: 'say' }>;
type Listen = Extract<Effect, { type: 'listen' }>;
type Transfer = Extract<Effect, { type: 'transfer' }>;

/** Why a listen ended (ARCHITECTURE rule 7). */
export type ListenEndReason = 'speech' | 'silence' | 'dtmf' | 'hangup' | 'asr-error' | 'timeout';

interface Playing { readonly effect: Say; readonly feeder: PromptFeeder; barged: boolean; pausedAt: number }
interface Listening { readonly effect: Listen; expired: boolean; reason: ListenEndReason | null }

/** What a session holds open right now: all zero after `run()` resolves. */
export interface SessionResources { timers: number; asrStreams: number; prompts: number; subscriptions: number }

export class CallSession {
  private readonly o: CallSessionOptions;
  private readonly clock: MediaClock;
  private readonly log: SessionLogger;
  private readonly ep: EndpointingSettings;
  private state!: DialogState;
  private pending: readonly Effect[] = [];
  private cursor = 0;
  private readonly generation = new Generation();
  private readonly timers: SessionTimers;
  private readonly unsubscribe: (() => void)[] = [];
  private ear: Ear | null = null;
  private rec: CallRecorder | null = null;
  private answerClock = 0;
  private playing: Playing | null = null;
  private listening: Listening | null = null;
  private heard: { timing: HeardTiming; engineDoneAt: number; gen: number } | null = null;
  private forced: ForcedEnd | null = null;
  private robotHangup: HangupReason | null = null;
  private lineDownBy: 'callee' | 'network' | null = null;
  private callbackRequested = false;
  private transferAt: number | null = null;
  private transferAbort: AbortController | null = null;
  private calleeUtterances = 0;
  private running: Promise<CallRecord> | null = null;
  private finished = false;

  constructor(options: CallSessionOptions) {
    this.o = options;
    this.clock = options.clock ?? systemMediaClock;
    this.log = options.logger ?? silentLogger;
    this.ep = { ...DEFAULT_ENDPOINTING, ...options.endpointing };
    this.timers = new SessionTimers(this.clock);
  }

  /** The engine's events so far (the record's `events`). */
  get events(): readonly DialogEvent[] { return this.rec?.events ?? []; }
  /** The effects each event produced, index for index: `checkReplay(template, { vars }, events, effects)`. */
  get effects(): readonly (readonly Effect[])[] { return this.rec?.effects ?? []; }
  /** What the robot is doing now (for tests, the console's live view and logs). */
  get activity(): 'speaking' | 'listening' | 'transferring' | 'waiting' | 'ended' {
    if (this.playing) return 'speaking';
    if (this.listening) return 'listening';
    if (this.transferAbort) return 'transferring';
    return this.finished ? 'ended' : 'waiting';
  }
  /** The dialog state now. */
  get dialog(): DialogState | null { return this.state ?? null; }

  resources(): SessionResources {
    return { timers: this.timers.size, asrStreams: this.ear?.openStreams ?? 0, prompts: this.playing ? 1 : 0, subscriptions: this.unsubscribe.length };
  }

  /** The line went down (the callee's BYE, or the network): the engine hears `hangup`, everything is torn down. */
  hangup(by: 'callee' | 'network'): void {
    if (this.lineDownBy !== null) return;
    this.lineDownBy = by;
    if (!this.running) return;
    if (this.forced || this.state.phase === 'ended') { this.bump(); return; }
    this.apply({ type: 'hangup', atMs: this.at(), by });
  }

  /** Runs the call from the answer to its end; resolves with the record (saved to the store when one was given). */
  run(): Promise<CallRecord> {
    this.running ??= this.runOnce();
    return this.running;
  }

  private async runOnce(): Promise<CallRecord> {
    const epochNow = this.o.epochNow ?? Date.now;
    this.answerClock = this.clock.now();
    const answerAt = epochNow();
    this.rec = new CallRecorder(this.o.call, answerAt, this.answerClock);
    const ear = new Ear(this.o.vad(), this.o.asr, this.clock, this.ep, this.log);
    this.ear = ear;
    ear.onEvent((e) => this.onEar(e));
    this.unsubscribe.push(this.o.leg.onAudio((c) => ear.feed(c)), this.o.leg.onDtmf((d) => this.onDtmf(d)));
    const maxMs = this.o.limits?.maxCallMs ?? this.o.template.settings.maxCallMs + 20_000;
    this.timers.set(() => this.force({ reason: 'max-duration', by: 'SYSTEM' }), maxMs);
    this.state = start(this.o.template, { vars: this.o.vars ?? {}, atMs: 0 }).state;
    this.log.info({ phone: this.o.call.calleeNumber }, 'call answered: robot starts');
    if (this.lineDownBy === null) this.apply({ type: 'answered', atMs: 0 });
    else this.apply({ type: 'hangup', atMs: 0, by: this.lineDownBy });
    try {
      await this.loop();
    } finally {
      this.teardown();
      this.finished = true;
    }
    return this.finishRecord(epochNow());
  }

  private async loop(): Promise<void> {
    while (!this.forced) {
      if (this.cursor >= this.pending.length) {
        if (this.state.phase === 'ended') return;
        // Nothing left to do and the dialog is not over (a step said nothing): wait for the line.
        await this.changed;
        continue;
      }
      const e = this.pending[this.cursor++]!;
      await this.perform(e, this.gen);
    }
  }

  private async perform(e: Effect, gen: number): Promise<void> {
    switch (e.type) {
      case 'say': return this.say(e, gen);
      case 'listen': return this.listen(e, gen);
      case 'transfer': return this.transfer(e, gen);
      case 'hangup':
        this.robotHangup = e.reason;
        this.ear?.disarm();
        this.log.info({ reason: e.reason }, 'robot hangs up');
        return;
      case 'tag': case 'unmatched': case 'graded':
        return; // kept in the dialog state and the recorder
    }
  }

  private async say(e: Say, gen: number): Promise<void> {
    if (this.lineDownBy !== null) { this.apply({ type: 'promptFinished', atMs: this.at(), promptId: e.promptId }); return; }
    const feeder = new PromptFeeder(this.o.leg, this.o.prompts.play({ text: e.text, recording: e.recording }), this.clock);
    const playing: Playing = { effect: e, feeder, barged: false, pausedAt: 0 };
    this.playing = playing;
    const next = this.nextListen();
    if (e.bargeIn) this.ear?.arm({ endSilenceMs: this.endSilence(next), hints: next?.hints ?? [] });
    else this.ear?.disarm();
    const end = await Promise.race([feeder.done, this.changed.then(() => null)]);
    if (end === null) feeder.stop();
    this.playing = null;
    const ended = await feeder.done;
    const heard = this.heard?.gen === gen ? this.heard : null;
    if (heard) this.heard = null;
    const startAt = feeder.firstFrameAt ?? this.clock.now();
    const latency = heard && feeder.firstFrameAt !== null ? turnLatency(heard.timing, heard.engineDoneAt, feeder.firstFrameAt) : null;
    const turn = this.rec!.robot(e.text, e.flow, e.recording !== '' ? e.recording : 'tts', startAt, latency);
    turn.bargedIn = end === null && playing.barged;
    turn.endMs = this.rec!.offset(turn.bargedIn ? playing.pausedAt : this.clock.now());
    if (end === null) {
      // Replaced by the engine's answer to an interruption: say so in the events (a no-op step).
      if (playing.barged && !this.forced && this.state.phase !== 'ended') this.apply({ type: 'promptInterrupted', atMs: this.at(), promptId: e.promptId });
      return;
    }
    if (ended.reason === 'error') this.log.warn({ code: ended.code, promptId: e.promptId }, 'prompt failed; the dialog goes on');
    if (ended.reason === 'closed') this.lineDown();
    this.apply({ type: 'promptFinished', atMs: this.at(), promptId: e.promptId });
  }

  private async listen(e: Listen, gen: number): Promise<void> {
    const l: Listening = { effect: e, expired: false, reason: null };
    this.listening = l;
    this.ear?.arm({ endSilenceMs: this.endSilence(e), hints: e.hints });
    // The timeout counts from the end of the prompt, i.e. from now.
    const t = this.timers.set(() => this.onListenTimeout(l), e.timeoutMs);
    while (this.gen === gen && !this.forced) await this.changed;
    this.timers.clear(t);
    this.listening = null;
    this.log.debug?.({ reason: l.reason ?? (this.lineDownBy ? 'hangup' : 'timeout'), flow: e.flow }, 'listen ended');
  }

  private async transfer(e: Transfer, gen: number): Promise<void> {
    this.ear?.disarm();
    this.transferAt = (this.o.epochNow ?? Date.now)();
    const abort = new AbortController();
    this.transferAbort = abort;
    const handler = this.o.transfer ?? noAgentsTransferHandler;
    const asked = handler.transfer(e.group, {
      calleeNumber: this.o.call.calleeNumber, flow: e.flow, tags: this.state.tags, leg: this.o.leg, signal: abort.signal,
      // The agent's screen pop: what was said and the grade earned so far.
      transcript: this.rec!.transcript(), grade: this.state.grade ?? gradeCall(this.o.template.gradeRules, this.state.counters).grade,
    }).catch((err: unknown) => {
      this.log.warn({ err: String(err), group: e.group }, 'transfer failed');
      return { connected: false };
    });
    const result = await Promise.race([asked, this.changed.then(() => null)]);
    this.transferAbort = null;
    if (result === null || this.gen !== gen) { abort.abort(); return; }
    if (!result.connected) this.callbackRequested = true;
    this.apply({ type: 'transferResult', atMs: this.at(), connected: result.connected });
  }

  private onListenTimeout(l: Listening): void {
    if (this.listening !== l) return;
    // Someone is speaking: let the utterance finish; an empty one then counts as the silence.
    if (this.ear?.busy) { l.expired = true; return; }
    l.reason = 'silence';
    this.apply({ type: 'silence', atMs: this.at() });
  }

  private onEar(e: EarEvent): void {
    const l = this.listening;
    if (l) {
      if (e.type === 'utterance') { l.reason = 'speech'; this.onUtterance(e); }
      else if (e.type === 'asr-error') {
        // Recognition failed for good: the callee spoke but we cannot say what. The engine has
        // no "unclear without text" event, so this is a silence (re-prompt, then polite end).
        this.log.warn({ code: e.code, flow: l.effect.flow }, 'recognition failed; counted as silence');
        l.reason = 'asr-error';
        this.apply({ type: 'silence', atMs: this.at() });
      } else if (e.type === 'noise' && l.expired) { l.reason = 'silence'; this.apply({ type: 'silence', atMs: this.at() }); }
      return;
    }
    const p = this.playing;
    if (!p || !p.effect.bargeIn) return;
    if (e.type === 'barge-in') { this.pause(p); return; }
    if (e.type === 'speech-start') return;
    if (!p.feeder.isPaused) return; // shorter than bargeInMs: not an interruption
    if (e.type === 'utterance' && this.onUtterance(e)) return;
    if (e.type === 'asr-error') this.log.warn({ code: e.code }, 'recognition failed over a prompt; the prompt goes on');
    p.barged = false;
    p.feeder.resume();
  }

  /** Gives the engine an utterance; true when it answered with effects (the current effect is replaced). */
  private onUtterance(e: Extract<EarEvent, { type: 'utterance' }>): boolean {
    const startAt = e.timing.startMs + this.legToClock();
    if (this.calleeUtterances++ < 2 && (this.o.detectMachines ?? true) && this.clock.now() - this.answerClock <= (this.o.limits?.machineDetectMs ?? 20_000)) {
      const machine = detectMachine(e.text);
      if (machine) {
        this.log.info({ kind: machine.kind, transcript: e.text }, 'a machine answered');
        this.rec!.callee(e.text, [{ code: 'machine', note: `${machine.tag}：“${machine.words}”` }], null, startAt, e.timing.speechEndAt);
        this.force({ reason: null, by: 'ROBOT', machine });
        return true;
      }
    }
    const flow = this.currentFlow();
    const s = this.apply({ type: 'utterance', atMs: this.at(), text: e.text, confidence: e.confidence });
    this.rec!.callee(e.text, s.trace, flow, startAt, e.timing.speechEndAt);
    this.log.info({ transcript: e.text, provider: e.provider, effects: s.effects.length }, 'callee said');
    if (s.effects.length > 0) this.heard = { timing: e.timing, engineDoneAt: this.clock.now(), gen: this.gen };
    return s.effects.length > 0;
  }

  private onDtmf(d: ReceivedDtmf): void {
    const p = this.playing;
    if (!this.listening && !(p && p.effect.bargeIn)) return;
    if (this.listening) this.listening.reason = 'dtmf';
    if (p) this.pause(p);
    const flow = this.currentFlow();
    const s = this.apply({ type: 'dtmf', atMs: this.at(), digit: d.digit });
    this.rec!.callee(`[按键${d.digit}]`, s.trace, flow, this.clock.now(), this.clock.now());
    if (p && s.effects.length === 0) { p.barged = false; p.feeder.resume(); }
  }

  private apply(event: DialogEvent): Step {
    const s = step(this.o.template, this.state, event);
    this.state = s.state;
    this.rec!.stepped(event, s.effects);
    if (s.effects.length > 0) {
      this.pending = s.effects;
      this.cursor = 0;
      this.bump();
    }
    return s;
  }

  private pause(p: Playing): void {
    if (p.feeder.isPaused) return;
    p.feeder.pause();
    p.barged = true;
    p.pausedAt = this.clock.now();
  }

  private force(end: ForcedEnd): void {
    if (this.forced) return;
    this.forced = end;
    this.log.info({ reason: end.reason, by: end.by, machine: end.machine?.kind ?? null }, 'session ends the call');
    this.bump();
  }

  /** The leg refused audio as closed: the line is down; wait briefly for who hung up. */
  private lineDown(): void {
    if (this.lineDownBy !== null) return;
    this.timers.set(() => this.hangup('network'), this.o.limits?.lineDownGraceMs ?? 500);
  }

  private get gen(): number { return this.generation.value; }
  private get changed(): Promise<void> { return this.generation.changed; }
  private bump(): void { this.generation.bump(); }

  private teardown(): void {
    this.playing?.feeder.stop();
    this.playing = null;
    this.transferAbort?.abort();
    this.timers.clearAll();
    for (const u of this.unsubscribe.splice(0)) u();
    this.ear?.close();
  }

  private finishRecord(endAt: number): CallRecord {
    const record = this.rec!.build(recordEnd(this.o.template, this.state, endAt, {
      forced: this.forced, lineDownBy: this.lineDownBy, robotHangup: this.robotHangup,
      callbackRequested: this.callbackRequested, transferAt: this.transferAt,
    }));
    if (this.o.store) {
      void this.o.store.save(record).catch((err: unknown) => this.log.warn({ err: String(err) }, 'saving the call record failed'));
    }
    return record;
  }

  private at(): number { return Math.round(this.clock.now() - this.answerClock); }
  private legToClock(): number { return this.ear?.legToClock ?? 0; }
  private currentFlow(): string | null { return this.state.node >= 0 ? this.o.template.flows[this.state.node]?.node.name ?? null : null; }
  private nextListen(): Listen | undefined {
    for (let i = this.cursor; i < this.pending.length; i++) { const e = this.pending[i]!; if (e.type === 'listen') return e; }
    return undefined;
  }
  private endSilence(l: Listen | undefined): number {
    return l?.answerKind === 'short' ? this.ep.shortEndSilenceMs : this.ep.openEndSilenceMs;
  }
}
