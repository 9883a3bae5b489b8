/** A call's stored events replayed through the engine: the same effects, or where they part. */
import type { CompiledTemplate } from '../template/compile.js';
import type { DialogEvent, Effect, StartOptions, Step } from './types.js';
import { start, step } from './step.js';

export function replay(t: CompiledTemplate, opts: StartOptions, events: readonly DialogEvent[]): Step[] {
  let current = start(t, opts);
  const steps: Step[] = [];
  for (const e of events) {
    current = step(t, current.state, e);
    steps.push(current);
  }
  return steps;
}

export type ReplayCheck =
  | { readonly same: true }
  | { readonly same: false; readonly eventIndex: number; readonly expected: readonly Effect[]; readonly actual: readonly Effect[] };

/** Compares a replay with the effects recorded per event (e.g. to audit a stored call). */
export function checkReplay(t: CompiledTemplate, opts: StartOptions, events: readonly DialogEvent[], recorded: readonly (readonly Effect[])[]): ReplayCheck {
  const steps = replay(t, opts, events);
  for (let i = 0; i < steps.length; i++) {
    const actual = steps[i]!.effects;
    const expected = recorded[i] ?? [];
    if (JSON.stringify(actual) !== JSON.stringify(expected)) return { same: false, eventIndex: i, expected, actual };
  }
  return { same: true };
}
