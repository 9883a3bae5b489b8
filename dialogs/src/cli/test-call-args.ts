/**
 * The test-call tool's command line, checked once (ARCHITECTURE rule 4): every problem is
 * listed with the option it concerns, so an operator fixes them in one go. Pure: no I/O.
 */
import { parseArgs } from 'node:util';
import type { PortRange } from '../media/port-allocator.js';
import type { TrunkTransport } from '../trunk/config.js';

/** What one test call should do. */
export interface TestCallArgs {
  readonly host: string;
  readonly port: number;
  readonly transport: TrunkTransport;
  /** Register with the trunk before calling (and use the credentials for INVITE challenges). */
  readonly register: boolean;
  readonly user: string | null;
  readonly password: string | null;
  /** Caller ID (From user); '' lets the trunk user (or "waihu") stand in. */
  readonly from: string;
  readonly wav: string | null;
  readonly record: string | null;
  readonly ringTimeoutMs: number;
  /** Hang up this long after the answer; null: when the WAV has played (or 5 s without one). */
  readonly holdMs: number | null;
  /** Local address to bind (null: the address that routes to the trunk). */
  readonly local: string | null;
  readonly sipPort: number;
  readonly rtpPorts: PortRange | null;
  readonly number: string;
}

export type ParsedTestCallArgs = { readonly kind: 'help' } | { readonly kind: 'ok'; readonly args: TestCallArgs } | { readonly kind: 'error'; readonly problems: readonly string[] };

/** `--help`, in Chinese and English. */
export const TEST_CALL_HELP = `测试呼叫 waihu test call — 通过一条外线拨打一个号码，检查线路是否可用。
Places one call through a trunk and reports what happened.

用法 usage:
  npm run call:test -- --trunk HOST[:PORT] [选项 options] NUMBER

选项 options:
  --trunk HOST[:PORT]      外线地址 trunk address (default port 5060)              必填 required
  --transport udp|tcp      传输方式 SIP transport (default udp)
  --register               先向外线注册 register with the trunk first (needs --user, --password)
  --user U                 鉴权用户名 digest user (also answers INVITE challenges)
  --password P             鉴权密码 digest password
  --from CALLERID          外显号码 caller ID (From user)
  --wav FILE               接通后播放 play this file when answered (wav/mp3/m4a/amr/ogg/flac)
  --record OUT.wav         双声道录音 record the call (left: callee, right: us)
  --ring-timeout S         振铃超时秒数 ring timeout in seconds (default 30)
  --hold S                 接通后 S 秒挂断 hang up S seconds after the answer
                           (default: when the WAV has played, or 5 s without one)
  --local IP               本机地址 local address to bind (default: the one that routes to the trunk)
  --sip-port N             本机 SIP 端口 local SIP port (default: any free one)
  --rtp-ports MIN-MAX      RTP 端口范围 RTP port range (default 20000-29998)
  -h, --help               显示帮助 show this help

退出码 exit status: 0 接通 answered · 1 未接通 not answered (or the call failed) · 2 参数错误 bad arguments
Ctrl-C 挂断并报告 hangs up cleanly and still reports.

例 example:
  npm run call:test -- --trunk 10.0.0.5:5060 --from 01088886666 --wav hello.mp3 --record out.wav 13800138000
`;

/** Parses argv (without node and the script). */
export function parseTestCallArgs(argv: readonly string[]): ParsedTestCallArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv], allowPositionals: true, strict: true,
      options: {
        help: { type: 'boolean', short: 'h' }, trunk: { type: 'string' }, transport: { type: 'string' }, register: { type: 'boolean' },
        user: { type: 'string' }, password: { type: 'string' }, from: { type: 'string' }, wav: { type: 'string' }, record: { type: 'string' },
        'ring-timeout': { type: 'string' }, hold: { type: 'string' }, local: { type: 'string' }, 'sip-port': { type: 'string' }, 'rtp-ports': { type: 'string' },
      },
    });
  } catch (error) {
    // node:util names the option in its message (unknown option, missing value).
    return { kind: 'error', problems: [(error as Error).message] };
  }
  const v = parsed.values;
  if (v.help === true) return { kind: 'help' };
  const problems: string[] = [];

  const trunk = v.trunk === undefined ? null : parseHostPort(v.trunk);
  if (v.trunk === undefined) problems.push('--trunk is required (HOST or HOST:PORT) / 缺少 --trunk');
  else if (trunk === null) problems.push(`--trunk ${v.trunk}: expected HOST or HOST:PORT with a port from 1 to 65535 / 外线地址格式错误`);

  const transport = v.transport ?? 'udp';
  if (transport !== 'udp' && transport !== 'tcp') problems.push(`--transport ${transport}: use udp or tcp / 传输方式只能是 udp 或 tcp`);

  const register = v.register === true;
  const user = v.user ?? null;
  const password = v.password ?? null;
  if (register && (user === null || password === null)) problems.push('--register needs --user and --password / 注册需要用户名和密码');
  if ((user === null) !== (password === null)) problems.push('--user and --password go together / 用户名和密码需同时提供');

  const from = v.from ?? '';
  if (from !== '' && !/^[\w.+*#-]+$/.test(from)) problems.push(`--from ${from}: a caller ID is digits (or a SIP user name) / 外显号码格式错误`);

  const ringTimeoutS = seconds(v['ring-timeout'], '--ring-timeout', 30, 300, problems);
  const holdS = v.hold === undefined ? null : seconds(v.hold, '--hold', 5, 3600, problems);

  let sipPort = 0;
  if (v['sip-port'] !== undefined) {
    sipPort = Number(v['sip-port']);
    if (!Number.isInteger(sipPort) || sipPort < 1 || sipPort > 65535) problems.push(`--sip-port ${v['sip-port']}: a port from 1 to 65535 / 端口错误`);
  }
  let rtpPorts: PortRange | null = null;
  if (v['rtp-ports'] !== undefined) {
    const m = /^(\d+)-(\d+)$/.exec(v['rtp-ports']);
    const min = Number(m?.[1]);
    const max = Number(m?.[2]);
    if (m === null || min < 1024 || max > 65534 || max - min < 2) problems.push(`--rtp-ports ${v['rtp-ports']}: expected MIN-MAX within 1024-65534 / RTP 端口范围错误`);
    else rtpPorts = { min, max };
  }

  if (parsed.positionals.length !== 1) problems.push(parsed.positionals.length === 0 ? 'the NUMBER to call is missing / 缺少被叫号码' : `one NUMBER only, got ${parsed.positionals.join(' ')} / 只能拨一个号码`);
  const number = parsed.positionals[0] ?? '';
  if (number !== '' && !/^[\w.+*#-]+$/.test(number)) problems.push(`NUMBER ${number}: digits (or a SIP user name) / 被叫号码格式错误`);

  if (problems.length > 0 || trunk === null) return { kind: 'error', problems };
  return {
    kind: 'ok',
    args: {
      host: trunk.host, port: trunk.port, transport: transport as TrunkTransport, register, user, password, from,
      wav: v.wav ?? null, record: v.record ?? null, ringTimeoutMs: Math.round(ringTimeoutS * 1000),
      holdMs: holdS === null ? null : Math.round(holdS * 1000), local: v.local ?? null, sipPort, rtpPorts, number,
    },
  };
}

/** `host`, `host:port`, `[v6]`, `[v6]:port`. */
function parseHostPort(text: string): { host: string; port: number } | null {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]\s]+))(?::(\d+))?$/.exec(text.trim());
  if (m === null) return null;
  const port = m[3] === undefined ? 5060 : Number(m[3]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return null;
  return { host: m[1] ?? m[2] ?? '', port };
}

function seconds(text: string | undefined, option: string, fallback: number, max: number, problems: string[]): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || n > max) {
    problems.push(`${option} ${text}: seconds, more than 0 and at most ${max} / 秒数错误`);
    return fallback;
  }
  return n;
}
