/**
 * `@waihu/scripts-templates`: four sample call scripts, each a TypeScript definition, the .xlsx
 * built from it (`npm run samples:build`) and golden conversations that run as tests.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Template } from '@waihu/engine';
import { loan } from './definitions/loan.js';
import { education } from './definitions/education.js';
import { property } from './definitions/property.js';
import { insurance } from './definitions/insurance.js';
import { parseGolden } from './golden.js';
import type { GoldenConversation } from './golden.js';

export type { GoldenConversation, GoldenExpect, GradeCounters } from './golden.js';
export { parseGolden } from './golden.js';

export type SampleId = 'loan' | 'education' | 'property' | 'insurance';

export interface Sample {
  readonly id: SampleId;
  /** The script's Chinese name (its 模板名称 setting). */
  readonly name: string;
  /** Its 行业 setting. */
  readonly industry: string;
  /** The script as defined in `src/definitions/<id>.ts`. */
  readonly template: Template;
  /** Absolute path of the committed spreadsheet, `scripts-templates/<id>/<id>.xlsx`. */
  readonly xlsx: string;
  /** Absolute path of the golden conversations, `scripts-templates/<id>/golden.json`. */
  readonly golden: string;
}

const file = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url));

const sampleOf = (id: SampleId, template: Template): Sample => ({
  id,
  name: template.settings.name,
  industry: template.settings.industry,
  template,
  xlsx: file(`../${id}/${id}.xlsx`),
  golden: file(`../${id}/golden.json`),
});

export const SAMPLES: readonly Sample[] = [
  sampleOf('loan', loan),
  sampleOf('education', education),
  sampleOf('property', property),
  sampleOf('insurance', insurance),
];

export function sampleById(id: SampleId): Sample {
  const s = SAMPLES.find((x) => x.id === id);
  if (!s) throw new Error(`no sample "${String(id)}"`);
  return s;
}

/** The golden conversations of a sample, read from its golden.json and checked. */
export function loadGolden(id: SampleId): GoldenConversation[] {
  const path = sampleById(id).golden;
  return parseGolden(JSON.parse(readFileSync(path, 'utf8')) as unknown, path);
}
