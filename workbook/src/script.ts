/**
 * A script spreadsheet's bytes all the way to a runnable template, or to the located issues
 * that stop it: what the simulator CLI, the server's upload and the sample tests share.
 */
import type { CompiledTemplate, Template, TemplateIssue, TemplateSources } from '@waihu/engine';
import { compileTemplate, exportTemplate, parseWorkbook } from '@waihu/engine';
import { readWorkbook } from './read.js';
import { writeWorkbook } from './write.js';

export interface LoadedScript {
  /** The template as written, when the sheets could be read at all. */
  readonly template: Template | null;
  readonly sources: TemplateSources | null;
  /** Ready to run, when there are no errors. */
  readonly compiled: CompiledTemplate | null;
  readonly issues: readonly TemplateIssue[];
}

export interface LoadOptions {
  readonly fileName?: string;
  /** Recording files uploaded with the script; each referenced recording must be among them. */
  readonly files?: readonly string[];
}

/** Reads and checks a script file. File-level failures throw `WorkbookError`; script problems come back as issues. */
export async function loadScript(bytes: Uint8Array, opts: LoadOptions = {}): Promise<LoadedScript> {
  const wb = await readWorkbook(bytes, opts.fileName === undefined ? {} : { fileName: opts.fileName });
  const parsed = parseWorkbook(wb);
  if (!parsed.template) return { template: null, sources: null, compiled: null, issues: parsed.issues };
  const compiled = compileTemplate(parsed.template, { sources: parsed.sources, ...(opts.files ? { files: opts.files } : {}) });
  return { template: parsed.template, sources: parsed.sources, compiled: compiled.template, issues: [...parsed.issues, ...compiled.issues] };
}

/** A template as a spreadsheet file in our documented layout. */
export function exportScript(t: Template, bookType: 'xlsx' | 'xls' = 'xlsx'): Uint8Array {
  return writeWorkbook(exportTemplate(t), { bookType });
}
