#!/usr/bin/env -S npx tsx
/**
 * npm run call -- --script FILE.xlsx --trunk HOST[:PORT] [options] NUMBER
 * Places one robot call with a script through a trunk (peer mode) and prints the live
 * transcript, then the grade. The same path as the dialer and the console's test calls
 * (runRobotCall). Lives in the server package because it needs the workbook reader as well as
 * telephony and speech.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { EspeakTts, PromptPlayer, VadModel, createAsrProvider, createTtsProvider, parseAsrConfig, parseTtsConfig } from '@waihu/asr';
import type { AsrProvider, AsrResult, AsrStream, AsrStreamOutcome, PromptSpec, TtsProvider, TtsVoice } from '@waihu/asr';
import { PortAllocator, SipAgent, checkTrunkConfig, runRobotCall } from '@waihu/dialogs';
import type { CallRecord, SessionLogger } from '@waihu/dialogs';
import { hasErrors } from '@waihu/engine';
import { loadScript } from '@waihu/workbook';

const HELP = `用法 usage: npm run call -- --script FILE.xlsx --trunk HOST[:PORT] [options] NUMBER

拨打一通机器人电话：用给定话术经外线呼叫号码，实时打印对话（机器人与客户的每句话、时间、匹配结果），结束时打印等级。
Places one robot call with the script to NUMBER through the trunk and prints the live transcript
(robot and callee lines with times, what matched) and the grade at the end.

  --script FILE        话术模板 the script (.xlsx or .xls)
  --trunk HOST[:PORT]  外线 the gateway (peer trunk, UDP; port 5060 by default)
  --from CALLERID      主叫号码 the caller ID (default 10000)
  --asr KIND           语音识别 baidu | funasr | sherpa | scripted:FILE (default sherpa)
                       baidu: BAIDU_APP_ID, BAIDU_API_KEY, BAIDU_SECRET_KEY; funasr: --asr-url ws://…;
                       sherpa: --asr-model DIR (npm run models:fetch)
                       scripted:FILE 仅供测试 a TEST recognizer, no speech recognition at all: the Nth
                       utterance the VAD hears is taken to say the Nth line of FILE (UTF-8)
  --asr-url URL        the FunASR server (or a private Baidu endpoint)
  --asr-model DIR      the sherpa-onnx model folder
  --tts KIND           语音合成 espeak | baidu (default espeak; baidu uses the BAIDU_* variables)
  --var K=V            话术变量 a prompt variable, e.g. --var 姓名=张先生 (repeatable)
  --record FILE        保存录音 keep the stereo recording (customer left, robot right) here
  --ring SECONDS       振铃超时 ring timeout (default 45)
  --bind ADDRESS       local SIP/RTP address (default 0.0.0.0)
  -h, --help           this text 显示帮助

Exit status 退出码: 0 answered, 3 not answered (the outcome is printed), 1 the script has errors,
2 bad arguments or a speech engine that cannot start.`;

class UsageError extends Error {}

/**
 * The test recognizer of `--asr scripted:FILE` (for the CLI's own test with a real phone, where
 * no recognizer runs): recognizes nothing, but says that the Nth utterance the session ends
 * (VAD-cut, as with a real engine) is the Nth line of the file. An utterance dropped before its
 * end does not use a line.
 */
function scriptedAsr(lines: readonly string[]): AsrProvider {
  let next = 0;
  return {
    name: 'scripted',
    open(): AsrStream {
      const listeners = new Set<(r: AsrResult) => void>();
      const results: AsrResult[] = [];
      let settle!: (o: AsrStreamOutcome) => void;
      const finished = new Promise<AsrStreamOutcome>((r) => { settle = r; });
      let open = true;
      return {
        provider: 'scripted', finished,
        write() { /* nothing is recognized */ },
        end() {
          if (!open) return;
          open = false;
          const text = lines[next++] ?? '';
          if (text !== '') {
            const r: AsrResult = { kind: 'final', text, startMs: 0, endMs: 0, confidence: null };
            results.push(r);
            for (const l of listeners) l(r);
          }
          settle({ reason: 'completed' });
        },
        close() { if (open) { open = false; settle({ reason: 'closed' }); } },
        onResult(l) { listeners.add(l); return () => listeners.delete(l); },
        async *[Symbol.asyncIterator]() { await finished; yield* results; },
      };
    },
    health: () => Promise.resolve({ provider: 'scripted', status: 'ok', openStreams: 0 }),
    close: () => Promise.resolve(),
  };
}

async function asrFrom(kind: string, v: { 'asr-url'?: string; 'asr-model'?: string }, env: NodeJS.ProcessEnv): Promise<AsrProvider> {
  if (kind.startsWith('scripted:')) {
    const file = kind.slice('scripted:'.length);
    const text = await readFile(file, 'utf8').catch(() => { throw new UsageError(`--asr scripted: cannot read "${file}"`); });
    return scriptedAsr(text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== ''));
  }
  const engine: Record<string, unknown> =
    kind === 'baidu' ? { provider: 'baidu-realtime', appId: Number(env['BAIDU_APP_ID']), apiKey: env['BAIDU_API_KEY'], secretKey: env['BAIDU_SECRET_KEY'], ...(v['asr-url'] ? { url: v['asr-url'] } : {}) }
      : kind === 'funasr' ? { provider: 'funasr', url: v['asr-url'] }
        : kind === 'sherpa' ? { provider: 'sherpa', modelDir: v['asr-model'] }
          : {};
  if (!engine['provider']) throw new UsageError(`--asr must be baidu, funasr, sherpa or scripted:FILE, not "${kind}"`);
  const parsed = parseAsrConfig(engine);
  if (!parsed.ok) throw new UsageError(`--asr ${kind}: ${parsed.issues.map((i) => `${i.path} ${i.message}`).join('; ')}`);
  return createAsrProvider(parsed.value);
}

function ttsFrom(kind: string, env: NodeJS.ProcessEnv): TtsProvider {
  if (kind === 'espeak') return new EspeakTts();
  if (kind !== 'baidu') throw new UsageError(`--tts must be espeak or baidu, not "${kind}"`);
  const parsed = parseTtsConfig({ provider: 'baidu', credentials: { appId: env['BAIDU_APP_ID'], apiKey: env['BAIDU_API_KEY'], secretKey: env['BAIDU_SECRET_KEY'] }, fallback: 'espeak' });
  if (!parsed.ok) throw new UsageError(`--tts baidu: ${parsed.issues.map((i) => `${i.path} ${i.message}`).join('; ')}`);
  return createTtsProvider(parsed.value);
}

const clockText = (ms: number): string => `${String(Math.floor(ms / 60_000)).padStart(2, '0')}:${((ms % 60_000) / 1000).toFixed(1).padStart(4, '0')}`;

/** Prints each prompt as the robot starts it. */
class PrintingPlayer extends PromptPlayer {
  constructor(tts: TtsProvider, private readonly print: (line: string) => void) { super({ tts }); }
  override play(prompt: PromptSpec, voice?: TtsVoice): ReturnType<PromptPlayer['play']> {
    this.print(`机器人 robot   ${prompt.text}`);
    return super.play(prompt, voice);
  }
}

function summary(r: CallRecord): string {
  const lines = [`\n结果 outcome ${r.outcome}${r.sipStatus ? ` (SIP ${r.sipStatus})` : ''}${r.endReason ? `, 结束 ${r.endReason}` : ''}${r.hangupBy ? `, 挂机 ${r.hangupBy}` : ''}, 通话 ${(r.talkMs / 1000).toFixed(1)} s`];
  for (const t of r.turns) {
    const who = t.who === 'ROBOT' ? '机器人' : t.who === 'CALLEE' ? '客户  ' : '坐席  ';
    const matched = t.matched?.map((m) => m.note).join('; ');
    lines.push(`  ${clockText(t.startMs)} ${who} ${t.text}${t.correctedText && t.correctedText !== t.text ? ` → ${t.correctedText}` : ''}${matched ? `   [${matched}]` : ''}${t.latency ? `   (${Math.round(t.latency.totalMs)} ms)` : ''}${t.bargedIn ? ' [打断 barge-in]' : ''}`);
  }
  if (r.grade) lines.push(`等级 grade ${r.grade}: ${r.gradeReasons.join('; ')}`);
  if (r.tags.length) lines.push(`标签 tags ${r.tags.join(', ')}`);
  if (r.recording) lines.push(`录音 recording ${r.recording.path} (${(r.recording.durationMs / 1000).toFixed(1)} s)`);
  return lines.join('\n');
}

async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { values: v, positionals } = parseArgs({
    args: argv, allowPositionals: true,
    options: {
      script: { type: 'string' }, trunk: { type: 'string' }, from: { type: 'string', default: '10000' },
      asr: { type: 'string', default: 'sherpa' }, 'asr-url': { type: 'string' }, 'asr-model': { type: 'string' },
      tts: { type: 'string', default: 'espeak' }, var: { type: 'string', multiple: true }, record: { type: 'string' },
      ring: { type: 'string', default: '45' }, bind: { type: 'string', default: '0.0.0.0' }, help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (v.help) { console.log(HELP); return 0; }
  const number = positionals[0];
  if (!v.script || !v.trunk || !number || positionals.length > 1) throw new UsageError('--script, --trunk and one NUMBER are required (--help)');
  const [host, port] = v.trunk.split(':');
  const trunk = checkTrunkConfig({ name: 'cli', host, port: port ? Number(port) : 5060, ringTimeoutMs: Number(v.ring) * 1000 });
  if (!trunk.ok) throw new UsageError(`--trunk: ${JSON.stringify(trunk.issues)}`);
  const vars: Record<string, string> = {};
  for (const kv of v.var ?? []) {
    const at = kv.indexOf('=');
    if (at < 1) throw new UsageError(`--var needs K=V, not "${kv}"`);
    vars[kv.slice(0, at)] = kv.slice(at + 1);
  }
  const loaded = await loadScript(new Uint8Array(await readFile(v.script)), { fileName: v.script });
  if (!loaded.compiled || hasErrors(loaded.issues)) {
    for (const i of loaded.issues) console.error(JSON.stringify(i));
    return 1;
  }
  const started = Date.now();
  const print = (line: string): void => console.log(`${clockText(Date.now() - started)} ${line}`);
  const logger: SessionLogger = {
    info: (f, m) => { if (m === 'callee said') print(`客户 callee   ${String(f['transcript'])}`); else if (m !== 'call answered: robot starts') print(`· ${m} ${JSON.stringify(f)}`); else print('· 接通 answered'); },
    warn: (f, m) => print(`! ${m} ${JSON.stringify(f)}`),
  };
  const asr = await asrFrom(v.asr, v, env);
  const tts = ttsFrom(v.tts, env);
  const vad = await VadModel.load();
  const agent = await SipAgent.start({ transport: { address: v.bind, port: 0 }, ports: new PortAllocator({ min: 30000, max: 30998 }) });
  try {
    print(`拨打 dialing ${number} via ${v.trunk}`);
    const record = await runRobotCall({
      agent, trunk: trunk.trunk, number, callerId: v.from, template: loaded.compiled, vars, asr, vad: () => vad.createStream(),
      prompts: new PrintingPlayer(tts, print), logger, ...(v.record ? { recordPath: v.record } : {}),
    });
    console.log(summary(record));
    return record.outcome === 'ANSWERED' ? 0 : 3;
  } finally {
    await agent.close();
    await vad.close();
    await asr.close();
    await tts.close();
  }
}

main(process.argv.slice(2), process.env).then((code) => { process.exitCode = code; }, (e: unknown) => {
  console.error(e instanceof UsageError ? `错误 error: ${e.message}` : e);
  process.exitCode = 2;
});
