/**
 * JSON schema of the engine's Template, for edits over HTTP: the shape is checked here at the
 * edge (with JSON paths in errors); what the script means is checked by the engine's validation.
 */
import { SETTING_SPECS } from '@waihu/engine';
import type { SettingSpec } from '@waihu/engine';

const str = { type: 'string', maxLength: 4000 } as const;
const shortStr = { type: 'string', maxLength: 200 } as const;
const strList = { type: 'array', maxItems: 2000, items: shortStr } as const;
const nullableBool = { type: ['boolean', 'null'] } as const;

const flow = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'prompt', 'recording', 'positiveTag', 'negativeTag', 'positiveJump', 'negativeJump', 'branches', 'terminate',
    'ignoreUnmatched', 'ignoreNegative', 'transferGroup', 'bargeIn', 'silenceTimeoutMs', 'answerKind', 'note'],
  properties: {
    name: shortStr, prompt: str, recording: shortStr, positiveTag: shortStr, negativeTag: shortStr, positiveJump: shortStr, negativeJump: shortStr,
    branches: { type: 'array', maxItems: 50, items: { type: 'object', additionalProperties: false, required: ['words', 'target'], properties: { words: strList, target: shortStr } } },
    terminate: { type: 'boolean' }, ignoreUnmatched: { type: 'boolean' }, ignoreNegative: { type: 'boolean' }, transferGroup: shortStr,
    bargeIn: nullableBool, silenceTimeoutMs: { type: ['integer', 'null'], minimum: 1000, maximum: 60000 },
    answerKind: { type: ['string', 'null'], enum: ['short', 'open', null] }, note: str,
  },
} as const;

const question = {
  type: 'object',
  additionalProperties: false,
  required: ['question', 'alternatives', 'answer', 'recording', 'after', 'tag', 'note'],
  properties: {
    question: shortStr, alternatives: strList, answer: str, recording: shortStr,
    after: { type: 'string', enum: ['return', 'wait', 'next', 'hangup'] }, tag: shortStr, note: str,
  },
} as const;

const condition = {
  type: 'object', additionalProperties: false, required: ['counter', 'op', 'value'],
  properties: {
    counter: { type: 'string', enum: ['affirmative', 'questions', 'interactions', 'refusals', 'silences', 'unmatched'] },
    op: { type: 'string', enum: ['>=', '>', '<=', '<', '='] },
    value: { type: 'integer', minimum: 0, maximum: 10000 },
  },
} as const;

export const templateSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['flows', 'questions', 'corrections', 'words', 'settings', 'gradeRules'],
  properties: {
    flows: { type: 'array', maxItems: 2000, items: flow },
    questions: { type: 'array', maxItems: 20000, items: question },
    corrections: { type: 'array', maxItems: 20000, items: { type: 'object', additionalProperties: false, required: ['keyword', 'correction'], properties: { keyword: shortStr, correction: shortStr } } },
    words: { type: 'object', additionalProperties: false, required: ['affirmative', 'negative', 'backchannel'], properties: { affirmative: strList, negative: strList, backchannel: strList } },
    settings: settingsSchema(),
    gradeRules: { type: 'array', maxItems: 100, items: { type: 'object', additionalProperties: false, required: ['grade', 'conditions', 'note'], properties: { grade: { type: 'string', enum: ['A', 'B', 'C', 'D'] }, conditions: { type: 'array', minItems: 1, maxItems: 10, items: condition }, note: str } } },
  },
} as const;

/** One property per setting, typed and bounded from the engine's own table of settings. */
function settingSchema(spec: SettingSpec): Record<string, unknown> {
  switch (spec.kind) {
    case 'text': return str;
    case 'list': return strList;
    case 'bool': return { type: 'boolean' };
    case 'int': return { type: 'integer', minimum: spec.min, maximum: spec.max };
    case 'seconds': return { type: 'integer', minimum: (spec.min ?? 0) * 1000, maximum: (spec.max ?? 3600) * 1000 };
    case 'ratio': return { type: 'number', minimum: spec.min, maximum: spec.max };
    case 'answerKind': return { type: 'string', enum: ['short', 'open'] };
  }
}

function settingsSchema(): Record<string, unknown> {
  const specs = SETTING_SPECS.filter((s) => !s.key.startsWith('words.'));
  return {
    type: 'object',
    additionalProperties: false,
    required: specs.map((s) => s.key),
    properties: Object.fromEntries(specs.map((s) => [s.key, settingSchema(s)])),
  };
}
