/**
 * Collects what a call leaves behind while it runs (the engine's events and effects, the
 * turns with their timing) and assembles the {@link CallRecord} at the end.
 */
import { gradeCall } from '@waihu/engine';
import type { CompiledTemplate, DialogEvent, DialogState, Effect, HangupReason, TraceEntry } from '@waihu/engine';
import type { MachineAnswer } from './announcements.js';
import type { CallOutcome } from '../trunk/outcome.js';
import type { CallRecord, HangupParty, TurnLatency, TurnRecord } from './record.js';
import type { CallFacts, TransferTurn } from './types.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** What the session knows at the end, beyond what the recorder collected. */
export interface RecordEnd {
  readonly state: DialogState;
  readonly endAt: number;
  readonly hangupBy: HangupParty | null;
  readonly outcome: CallOutcome;
  readonly outcomeSource: CallRecord['outcomeSource'];
  /** Overrides the engine's end reason (the session's own hard stop). */
  readonly endReason?: CallRecord['endReason'];
  readonly extraTags: readonly string[];
  readonly callbackRequested: boolean;
  readonly transferAt: number | null;
  readonly machine: CallRecord['machine'];
}

export class CallRecorder {
  readonly events: DialogEvent[] = [];
  /** The effects each event produced, index for index (for `checkReplay`). */
  readonly effects: (readonly Effect[])[] = [];
  private readonly turns: Mutable<TurnRecord>[] = [];
  private readonly unmatched: { text: string; flow: string }[] = [];

  constructor(private readonly facts: CallFacts, private readonly answerAt: number, private readonly answerClock: number) {}

  /** Offset of a clock time from the answer, whole ms. */
  offset(clockMs: number): number {
    return Math.max(0, Math.round(clockMs - this.answerClock));
  }

  stepped(event: DialogEvent, effects: readonly Effect[]): void {
    this.events.push(event);
    this.effects.push(effects);
    for (const e of effects) if (e.type === 'unmatched') this.unmatched.push({ text: e.text, flow: e.flow });
  }

  /** A callee turn: what was said (or pressed), what the engine made of it. */
  callee(text: string, trace: readonly TraceEntry[], flow: string | null, startClock: number, endClock: number): void {
    this.turns.push({
      seq: this.turns.length, who: 'CALLEE', text, correctedText: corrected(text, trace), matched: trace, flow,
      startMs: this.offset(startClock), endMs: this.offset(endClock), latency: null, bargedIn: false,
    });
  }

  /** A robot turn starts (its first frame is on the leg); returns its handle to finish it. */
  robot(text: string, flow: string, source: string, startClock: number, latency: TurnLatency | null): Mutable<TurnRecord> {
    const turn: Mutable<TurnRecord> = {
      seq: this.turns.length, who: 'ROBOT', text, correctedText: null, matched: null, flow,
      startMs: this.offset(startClock), endMs: this.offset(startClock), latency, bargedIn: false, source,
    };
    this.turns.push(turn);
    return turn;
  }

  /** The turns so far in the order they started, as a transfer's screen pop shows them. */
  transcript(): TransferTurn[] {
    return [...this.turns].sort((a, b) => a.startMs - b.startMs || a.seq - b.seq)
      .flatMap((t) => (t.who === 'AGENT' ? [] : [{ speaker: t.who === 'ROBOT' ? 'robot' as const : 'customer' as const, text: t.text }]));
  }

  build(end: RecordEnd): CallRecord {
    const s = end.state;
    const tags = [...s.tags];
    for (const t of end.extraTags) if (!tags.includes(t)) tags.push(t);
    const record: CallRecord = {
      sipCallId: this.facts.sipCallId ?? null,
      calleeNumber: this.facts.calleeNumber,
      callerNumber: this.facts.callerNumber,
      dialAt: this.facts.dialAt ?? this.answerAt,
      ringAt: this.facts.ringAt ?? null,
      answerAt: this.answerAt,
      transferAt: end.transferAt,
      endAt: end.endAt,
      talkMs: Math.max(0, end.endAt - this.answerAt),
      outcome: end.outcome,
      outcomeSource: end.outcomeSource,
      sipStatus: this.facts.sipStatus ?? 200,
      cause: null,
      hangupBy: end.hangupBy,
      endReason: end.endReason !== undefined ? end.endReason : s.endReason,
      grade: s.grade,
      gradeReasons: s.gradeReasons,
      tags,
      counters: s.counters,
      events: [...this.events],
      // Robot turns are written when they end: order by start, then as written.
      turns: [...this.turns].sort((a, b) => a.startMs - b.startMs || a.seq - b.seq).map((t, seq) => ({ ...t, seq })),
      unmatched: [...this.unmatched],
      recording: this.facts.recording ?? null,
      earlyMediaText: null,
      callbackRequested: end.callbackRequested,
      ...(end.machine ? { machine: end.machine } : {}),
    };
    return record;
  }
}

/** The utterance after the engine's keyword corrections, as its trace reports them. */
function corrected(text: string, trace: readonly TraceEntry[]): string {
  let out = text;
  for (const t of trace) {
    if (t.code !== 'correction' || !t.data) continue;
    const { keyword, correction } = t.data;
    if (typeof keyword === 'string' && typeof correction === 'string' && keyword !== '') out = out.split(keyword).join(correction);
  }
  return out;
}

/** Splits the wait for a reply into its parts (all clock ms). */
export function turnLatency(heard: { speechEndAt: number; endpointMs: number; recognitionMs: number; heardAt: number },
  engineDoneAt: number, firstFrameAt: number): TurnLatency {
  const engineMs = Math.max(0, engineDoneAt - heard.heardAt);
  const promptStartMs = Math.max(0, firstFrameAt - engineDoneAt);
  const r = (n: number): number => Math.round(n * 10) / 10;
  return {
    endpointMs: r(heard.endpointMs), recognitionMs: r(heard.recognitionMs), engineMs: r(engineMs), promptStartMs: r(promptStartMs),
    totalMs: r(firstFrameAt - heard.speechEndAt),
  };
}

/** The session ended the call itself: its hard limit, or a machine answered. */
export interface ForcedEnd { readonly reason: HangupReason | null; readonly by: HangupParty; readonly machine?: MachineAnswer }

/** How the session's run ended, as far as the record cares. */
export interface SessionEnding {
  readonly forced: ForcedEnd | null;
  readonly lineDownBy: 'callee' | 'network' | null;
  readonly robotHangup: HangupReason | null;
  readonly callbackRequested: boolean;
  readonly transferAt: number | null;
}

/** Who hung up, the outcome and the grade of an answered call. */
export function recordEnd(t: CompiledTemplate, dialog: DialogState, endAt: number, x: SessionEnding): RecordEnd {
  const f = x.forced;
  let state = dialog;
  // The session's own stop never reached the engine's end: grade what was counted.
  if (f && f.reason !== null && state.grade === null) {
    const g = gradeCall(t.gradeRules, state.counters);
    state = { ...state, grade: g.grade, gradeReasons: g.reasons };
  }
  let by: HangupParty | null = null;
  if (f) by = f.by;
  else if (x.robotHangup === null) by = x.lineDownBy === 'callee' ? 'CALLEE' : x.lineDownBy === 'network' ? 'SYSTEM' : null;
  else if (x.robotHangup !== 'transferred') by = 'ROBOT'; // transferred: the agent's leg ends it, not known here
  return {
    state, endAt, hangupBy: by,
    outcome: f?.machine?.outcome ?? 'ANSWERED', outcomeSource: f?.machine ? 'dialog' : 'sip',
    ...(f ? { endReason: f.reason } : {}),
    extraTags: f?.machine ? [f.machine.tag] : [],
    callbackRequested: x.callbackRequested, transferAt: x.transferAt, machine: f?.machine?.kind,
  };
}
