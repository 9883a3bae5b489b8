#!/usr/bin/env -S npx tsx
/**
 * npm run simulate -- FILE.xlsx [--lines FILE] [--var 姓名=张三] [--json] [--no-trace]
 * Plays a script as text: with --lines, the callee's lines from a file; otherwise interactively.
 */
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { Conversation, LineError, hasErrors, parseLine, parseLines, simulate } from '@waihu/engine';
import type { CompiledTemplate } from '@waihu/engine';
import { loadScript } from '../script.js';
import { WorkbookError } from '../errors.js';
import { formatIssue, formatOutcome, formatTurn } from './print.js';

const HELP = `用法 usage: npm run simulate -- FILE.xlsx [options]

Plays a call script (.xlsx or .xls) as a text conversation and prints each turn, what matched
and why, the tags and the grade. Without --lines it is interactive: type what the callee says.

  --lines FILE     the callee's lines, one per line (# comments); markers:
                   <silence>  <dtmf 1>  <barge> 文字  <confidence 0.2> 文字  <transfer ok|fail>  <hangup>
  --var K=V        a lead variable for prompts, e.g. --var 姓名=张三 (repeatable)
  --json           print the whole simulation as JSON
  --no-trace       hide the matching explanations
  -h, --help       this text

Exit status: 0 done, 1 the script has errors, 2 bad arguments or unreadable files.`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      lines: { type: 'string' },
      var: { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
      'no-trace': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) { console.log(HELP); return 0; }
  const file = positionals[0];
  if (!file) { console.error(HELP); return 2; }
  const vars: Record<string, string> = {};
  for (const kv of values.var ?? []) {
    const at = kv.indexOf('=');
    if (at <= 0) { console.error(`--var 应写成 名称=值: "${kv}"`); return 2; }
    vars[kv.slice(0, at)] = kv.slice(at + 1);
  }

  const loaded = await loadScript(await readFile(file), { fileName: file });
  for (const i of loaded.issues) console.error(formatIssue(i));
  if (!loaded.compiled || hasErrors(loaded.issues)) {
    console.error(`\n${file}: 话术有错误，无法模拟 (the script has errors)`);
    return 1;
  }
  const t = loaded.compiled;
  const trace = !values['no-trace'];
  if (values.lines !== undefined) {
    const sim = simulate(t, parseLines(await readFile(values.lines, 'utf8')), { vars });
    if (values.json) console.log(JSON.stringify(sim, null, 2));
    else console.log(`${sim.turns.map((x) => formatTurn(x, trace)).join('\n')}\n\n${formatOutcome(sim)}`);
    return 0;
  }
  return interactive(t, vars, trace);
}

async function interactive(t: CompiledTemplate, vars: Record<string, string>, trace: boolean): Promise<number> {
  console.log(`${t.settings.name || '话术'}：${t.flows.length} 个流程，${t.questions.length} 个问题。输入客户的话；<silence> 表示不说话，<hangup> 挂断，Ctrl-D 结束。\n`);
  const c = new Conversation(t, { vars });
  let shown = 0;
  const show = (): void => {
    for (const turn of c.history.slice(shown)) console.log(formatTurn(turn, trace));
    shown = c.history.length;
  };
  c.advance();
  show();
  // Reading lines as a stream (not rl.question) keeps lines that arrive together, as when piped.
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY, prompt: '客户> ' });
  const ask = (): void => { if (process.stdin.isTTY) rl.prompt(); };
  ask();
  try {
    for await (const line of rl) {
      if (line.trim() !== '') {
        try {
          c.push(parseLine(line));
          c.advance();
          show();
        } catch (e) {
          if (!(e instanceof LineError)) throw e;
          console.error(`看不懂这一行 cannot read: ${line}`);
        }
      }
      if (c.ended) break;
      ask();
    }
  } finally {
    rl.close();
  }
  c.hangUp();
  show();
  console.log(`\n${formatOutcome(c.result())}`);
  return 0;
}

main().then((code) => { process.exitCode = code; }, (e: unknown) => {
  if (e instanceof WorkbookError) { console.error(`${e.code}: ${e.messageZh} | ${e.messageEn}`); process.exitCode = 2; return; }
  if (e instanceof LineError) { console.error(`${e.code}: ${e.message}`); process.exitCode = 2; return; }
  if (e instanceof Error && 'code' in e && e.code === 'ENOENT') { console.error(`找不到文件 file not found: ${(e as NodeJS.ErrnoException).path}`); process.exitCode = 2; return; }
  throw e;
});
