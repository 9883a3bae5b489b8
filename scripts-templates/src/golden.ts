/**
 * Golden conversations: a callee's lines (the simulator's line format) and what the call must
 * come to. Stored as JSON next to each sample's .xlsx; `parseGolden` checks the shape so a typo
 * in a file fails with its place instead of as a puzzling test.
 */
import type { Counters, HangupReason, RuleGrade } from '@waihu/engine';

/** The counters grading reads; a golden states the ones its grade was worked out from. */
export type GradeCounters = Pick<Counters, 'affirmative' | 'questions' | 'interactions' | 'refusals'>;

export interface GoldenExpect {
  /** Flow names entered, in order. */
  readonly path: readonly string[];
  /** Tags of the call, in the order they were added. */
  readonly tags: readonly string[];
  readonly grade: RuleGrade;
  readonly endReason: HangupReason;
  /** Questions the callee asked (咨询问题), when the conversation is about them. */
  readonly questions?: number;
  /** The counters the grade follows from under the default rules. */
  readonly counters?: Partial<GradeCounters>;
  /** Keyword corrections applied during the call, as `关键词→纠正词`, in order. */
  readonly corrections?: readonly string[];
  /** Texts the robot says, in this order (each contained in one of its lines; variables filled). */
  readonly says?: readonly string[];
}

export interface GoldenConversation {
  /** Unique within the sample; the test's name. */
  readonly name: string;
  /** Why the conversation is here, or what about its outcome is worth knowing. */
  readonly note?: string;
  /** Lead variables for the prompts. */
  readonly vars: Readonly<Record<string, string>>;
  /** The callee's lines: words, or markers such as `<silence>`, `<dtmf 1>`, `<transfer ok>`. */
  readonly lines: readonly string[];
  readonly expect: GoldenExpect;
}

const GRADES: readonly string[] = ['A', 'B', 'C', 'D'];
const END_REASONS: readonly string[] = ['completed', 'question', 'silence', 'max-turns', 'max-duration', 'transferred', 'callee', 'network'];
const COUNTER_KEYS: readonly string[] = ['affirmative', 'questions', 'interactions', 'refusals'];

class GoldenError extends Error {}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function strings(v: unknown, where: string): string[] {
  if (!Array.isArray(v) || !v.every((x): x is string => typeof x === 'string')) throw new GoldenError(`${where}: expected an array of strings`);
  return v;
}

function text(v: unknown, where: string): string {
  if (typeof v !== 'string' || v === '') throw new GoldenError(`${where}: expected a non-empty string`);
  return v;
}

function count(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new GoldenError(`${where}: expected a count`);
  return v;
}

function only(o: Record<string, unknown>, keys: readonly string[], where: string): void {
  const extra = Object.keys(o).filter((k) => !keys.includes(k));
  if (extra.length > 0) throw new GoldenError(`${where}: unknown field(s) ${extra.join(', ')}`);
}

function parseExpect(v: unknown, where: string): GoldenExpect {
  if (!isObject(v)) throw new GoldenError(`${where}: expected an object`);
  only(v, ['path', 'tags', 'grade', 'endReason', 'questions', 'counters', 'corrections', 'says'], where);
  const grade = text(v['grade'], `${where}.grade`);
  if (!GRADES.includes(grade)) throw new GoldenError(`${where}.grade: expected one of ${GRADES.join(', ')}`);
  const endReason = text(v['endReason'], `${where}.endReason`);
  if (!END_REASONS.includes(endReason)) throw new GoldenError(`${where}.endReason: expected one of ${END_REASONS.join(', ')}`);
  const out: { -readonly [K in keyof GoldenExpect]: GoldenExpect[K] } = {
    path: strings(v['path'], `${where}.path`),
    tags: strings(v['tags'], `${where}.tags`),
    grade: grade as RuleGrade,
    endReason: endReason as HangupReason,
  };
  if (v['questions'] !== undefined) out.questions = count(v['questions'], `${where}.questions`);
  if (v['counters'] !== undefined) {
    const c = v['counters'];
    if (!isObject(c)) throw new GoldenError(`${where}.counters: expected an object`);
    only(c, COUNTER_KEYS, `${where}.counters`);
    const counters: Partial<Record<keyof GradeCounters, number>> = {};
    for (const k of COUNTER_KEYS as readonly (keyof GradeCounters)[]) {
      if (c[k] !== undefined) counters[k] = count(c[k], `${where}.counters.${k}`);
    }
    out.counters = counters;
  }
  if (v['corrections'] !== undefined) out.corrections = strings(v['corrections'], `${where}.corrections`);
  if (v['says'] !== undefined) out.says = strings(v['says'], `${where}.says`);
  return out;
}

/** Checks a golden file's parsed JSON; `source` names the file in errors. */
export function parseGolden(json: unknown, source: string): GoldenConversation[] {
  if (!Array.isArray(json)) throw new GoldenError(`${source}: expected an array of conversations`);
  const names = new Set<string>();
  return json.map((item: unknown, i): GoldenConversation => {
    const where = `${source}[${i}]`;
    if (!isObject(item)) throw new GoldenError(`${where}: expected an object`);
    only(item, ['name', 'note', 'vars', 'lines', 'expect'], where);
    const name = text(item['name'], `${where}.name`);
    if (names.has(name)) throw new GoldenError(`${where}.name: "${name}" is used twice`);
    names.add(name);
    const vars = item['vars'] ?? {};
    if (!isObject(vars) || !Object.values(vars).every((x) => typeof x === 'string')) {
      throw new GoldenError(`${where}.vars: expected an object of strings`);
    }
    const lines = strings(item['lines'], `${where}.lines`);
    if (lines.length === 0) throw new GoldenError(`${where}.lines: a conversation needs at least one line`);
    const note = item['note'];
    if (note !== undefined && typeof note !== 'string') throw new GoldenError(`${where}.note: expected a string`);
    return {
      name,
      ...(note === undefined ? {} : { note }),
      vars: vars as Record<string, string>,
      lines,
      expect: parseExpect(item['expect'], `${where}.expect`),
    };
  });
}
