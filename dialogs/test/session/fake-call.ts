/**
 * A placed call without SIP: the test rings, answers, rejects or hangs it up, and feeds early
 * media to the hook `runRobotCall` passed to `placeCall`. Media is a FakeLeg on the ManualClock.
 */
import { callEnd } from '../../src/calls/call-end.js';
import type { CallAnswer, CallEnd, CallEndReason, CallPlacer, CallProgress, CallState, PlaceCallOptions, PlacedCall, ManualClock } from '../../src/index.js';
import { FakeLeg } from './fakes.js';

export class FakeCall implements PlacedCall {
  readonly callId = 'fake-call-1';
  state: CallState = 'calling';
  readonly rtp: FakeLeg & { close(): Promise<{ recording: null }> };
  readonly answered: Promise<CallAnswer>;
  readonly ended: Promise<CallEnd>;
  cancelled = false;
  hungUp = false;
  private answer!: (a: CallAnswer) => void;
  private end!: (e: CallEnd) => void;
  private readonly progress = new Set<(p: CallProgress) => void>();

  constructor(clock: ManualClock, readonly options: PlaceCallOptions) {
    const leg = new FakeLeg(clock);
    const close = leg.close.bind(leg);
    this.rtp = Object.assign(leg, { close: async () => { await close(); return { recording: null }; } });
    this.answered = new Promise((r) => { this.answer = r; });
    this.ended = new Promise((r) => { this.end = r; });
  }

  onProgress(l: (p: CallProgress) => void): () => void { this.progress.add(l); return () => this.progress.delete(l); }

  /** 183 with early media saying tone `key` for `ms`. */
  ring(key = 0, ms = 0): void {
    this.state = 'ringing';
    for (const l of this.progress) l({ status: 183, reason: 'Session Progress', earlyMedia: true });
    const samples = new Int16Array(160).fill(key * 1000);
    for (let t = 0; t < ms; t += 20) this.options.onEarlyMedia?.({ samples, timeMs: t, concealed: false });
  }

  pickUp(): void {
    this.state = 'answered';
    this.answer({ answered: true, setupMs: 3000 });
  }

  reject(status: number): void { this.finish('rejected', status, false); }
  remoteHangup(): void { this.finish('remote-hangup', 200, true); }

  cancel(): Promise<CallEnd> {
    this.cancelled = true;
    if (this.state === 'calling' || this.state === 'ringing') this.finish('cancelled', 487, false);
    return this.ended;
  }

  hangup(): Promise<CallEnd> {
    this.hungUp = true;
    if (this.state === 'answered') this.finish('local-hangup', 200, true);
    return this.ended;
  }

  private finish(reason: CallEndReason, status: number, answered: boolean): void {
    if (this.state === 'ended') return;
    this.state = 'ended';
    void this.rtp.close();
    const e = callEnd(reason, { status, cause: null, answered, setupMs: answered ? 3000 : null, talkMs: answered ? 10_000 : null, earlyMedia: true, detail: '' });
    if (!answered) this.answer({ answered: false, end: e });
    this.end(e);
  }
}

/** Places one FakeCall per placeCall. */
export class FakeAgent implements CallPlacer {
  readonly calls: FakeCall[] = [];
  constructor(private readonly clock: ManualClock) {}
  placeCall(o: PlaceCallOptions): Promise<FakeCall> {
    const c = new FakeCall(this.clock, o);
    this.calls.push(c);
    return Promise.resolve(c);
  }
}
