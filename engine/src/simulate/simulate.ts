/**
 * Text-only calls: a template and the callee's lines in, every turn with what matched and why
 * out. The tests, the CLI and the console's chat simulator all use this, on simulated time.
 */
import type { CompiledTemplate } from '../template/compile.js';
import type { Grade } from '../template/types.js';
import { start, step } from '../dialog/step.js';
import type { Counters, DialogEvent, DialogState, Effect, HangupReason, Step, TraceEntry } from '../dialog/types.js';
import type { CalleeInput } from './lines.js';
import { parseLine } from './lines.js';

export interface RobotLine {
  readonly kind: string;
  readonly text: string;
  readonly recording: string;
  readonly flow: string;
}

export interface SimTurn {
  /** What the callee did (`null` for the opening). */
  readonly callee: CalleeInput | null;
  readonly atMs: number;
  readonly robot: readonly RobotLine[];
  readonly trace: readonly TraceEntry[];
  readonly effects: readonly Effect[];
}

export interface Simulation {
  readonly turns: readonly SimTurn[];
  readonly path: readonly string[];
  readonly tags: readonly string[];
  readonly grade: Grade | null;
  readonly reasons: readonly string[];
  readonly endReason: HangupReason | null;
  readonly counters: Counters;
  /** Texts reported as unmatched (未匹配). */
  readonly unmatched: readonly string[];
  /** Every event fed to the engine, for replay. */
  readonly events: readonly DialogEvent[];
  /** Lines left when the call ended. */
  readonly unusedLines: number;
  /** `<transfer …>` lines that came while no transfer was ringing, and were skipped. */
  readonly skippedLines: number;
  readonly durationMs: number;
}

export interface SimulateOptions {
  readonly vars?: Readonly<Record<string, string>>;
  /** How a transfer ends when the lines don't say (default: an agent answers). */
  readonly transferConnects?: boolean;
}

/** Speaking time on the simulated clock: about four characters a second. */
const speakMs = (text: string): number => Math.max(600, [...text].length * 250);
const MAX_STEPS = 10_000;

export function simulate(t: CompiledTemplate, lines: readonly (string | CalleeInput)[], opts: SimulateOptions = {}): Simulation {
  const c = new Conversation(t, opts);
  for (const [i, l] of lines.entries()) c.push(typeof l === 'string' ? parseLine(l, i + 1) : l);
  c.advance();
  // Lines ran out with the call still up: the callee hangs up.
  if (!c.ended) c.hangUp();
  return c.result();
}

/**
 * A simulated call that takes the callee's inputs as they come (the interactive CLI and the
 * console's chat push one line at a time; `simulate` pushes them all).
 */
export class Conversation {
  private state: DialogState;
  private clock = 0;
  private steps = 0;
  private pending: readonly Effect[] = [];
  private cursor = 0;
  private readonly inbox: CalleeInput[] = [];
  private readonly turns: SimTurn[] = [];
  private readonly events: DialogEvent[] = [];
  private readonly unmatched: string[] = [];
  private skipped = 0;

  constructor(private readonly t: CompiledTemplate, private readonly opts: SimulateOptions = {}) {
    this.state = start(t, { vars: opts.vars ?? {}, atMs: 0 }).state;
    this.take(this.apply({ type: 'answered', atMs: 0 }, null, true));
  }

  get ended(): boolean {
    return this.state.phase === 'ended';
  }

  /** Turns so far (the opening included). */
  get history(): readonly SimTurn[] {
    return this.turns;
  }

  push(input: CalleeInput): void {
    this.inbox.push(input);
  }

  /** Runs effects until the robot waits for input it has not got, or the call ends. */
  advance(): void {
    while (!this.ended && this.cursor < this.pending.length && this.steps < MAX_STEPS) {
      const e = this.pending[this.cursor]!;
      if ((e.type === 'listen') && this.inbox.length === 0) return;
      this.cursor++;
      this.perform(e);
    }
  }

  hangUp(): void {
    if (this.ended) return;
    this.clock += 1000;
    this.apply({ type: 'hangup', atMs: this.clock, by: 'callee' }, { kind: 'hangup' }, true);
  }

  private take(s: Step): void {
    if (s.effects.length > 0) {
      this.pending = s.effects;
      this.cursor = 0;
    }
  }

  private apply(event: DialogEvent, callee: CalleeInput | null, turn: boolean): Step {
    this.steps++;
    this.events.push(event);
    const s = step(this.t, this.state, event);
    this.state = s.state;
    for (const e of s.effects) if (e.type === 'unmatched') this.unmatched.push(e.text);
    if (turn || s.effects.length > 0) {
      this.turns.push({
        callee,
        atMs: event.atMs,
        robot: s.effects.flatMap((e) => (e.type === 'say' ? [{ kind: e.kind, text: e.text, recording: e.recording, flow: e.flow }] : [])),
        trace: s.trace,
        effects: s.effects,
      });
    }
    return s;
  }

  private perform(e: Effect): void {
    switch (e.type) {
      case 'say': {
        const input = this.inbox[0];
        if (input?.kind === 'say' && input.barge && e.bargeIn) {
          this.inbox.shift();
          this.clock += speakMs(input.text);
          const s = this.apply({ type: 'utterance', atMs: this.clock, text: input.text, confidence: input.confidence }, input, true);
          if (s.effects.length > 0) { this.take(s); return; }
        }
        this.clock += speakMs(e.text);
        this.apply({ type: 'promptFinished', atMs: this.clock, promptId: e.promptId }, null, false);
        return;
      }
      case 'listen': {
        const input = this.inbox.shift()!;
        // An agent's answer only means something while a transfer rings; a stray one is noted, not obeyed.
        if (input.kind === 'transfer') {
          this.skipped++;
          this.cursor--;
          return;
        }
        this.answer(e.timeoutMs, input);
        return;
      }
      case 'transfer': {
        const input = this.inbox[0];
        let connected = this.opts.transferConnects ?? true;
        if (input?.kind === 'transfer') { this.inbox.shift(); connected = input.connected; }
        this.clock += 5000;
        this.take(this.apply({ type: 'transferResult', atMs: this.clock, connected }, input?.kind === 'transfer' ? input : null, true));
        return;
      }
      default:
        return;
    }
  }

  private answer(timeoutMs: number, input: Exclude<CalleeInput, { kind: 'transfer' }>): void {
    switch (input.kind) {
      case 'say':
        this.clock += speakMs(input.text);
        this.take(this.apply({ type: 'utterance', atMs: this.clock, text: input.text, confidence: input.confidence }, input, true));
        return;
      case 'silence':
        this.clock += timeoutMs;
        this.take(this.apply({ type: 'silence', atMs: this.clock }, input, true));
        return;
      case 'dtmf':
        this.clock += 800;
        this.take(this.apply({ type: 'dtmf', atMs: this.clock, digit: input.digit }, input, true));
        return;
      case 'hangup':
        this.clock += 1000;
        this.apply({ type: 'hangup', atMs: this.clock, by: 'callee' }, input, true);
        return;
    }
  }

  result(): Simulation {
    return {
      turns: this.turns,
      path: this.state.path,
      tags: this.state.tags,
      grade: this.state.grade,
      reasons: this.state.gradeReasons,
      endReason: this.state.endReason,
      counters: this.state.counters,
      unmatched: this.unmatched,
      events: this.events,
      unusedLines: this.inbox.length,
      skippedLines: this.skipped,
      durationMs: this.clock,
    };
  }
}
