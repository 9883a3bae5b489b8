/**
 * The SIP edge (start.sh / stop.sh beside this file) from Node, for tests and benchmarks: free
 * loopback ports, a private run directory, the same scripts an operator runs, and a stop that
 * always runs (also when the test process dies). `sipEdgeAvailable()` applies the peers rule:
 * without kamailio/rtpengine a test skips with a message, unless WAIHU_REQUIRE_PEERS=1.
 */
import { execFile, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = fileURLToPath(new URL('.', import.meta.url));

export interface SipEdgeOptions {
  /** Our server's SIP address and UDP port, e.g. `127.0.0.1:5060`. */
  readonly server: string;
  /** Kamailio's debug level (default 1: warnings and errors). */
  readonly logLevel?: number;
}

/** A running edge. */
export interface SipEdge {
  /** What JsSIP connects to. */
  readonly wsUrl: string;
  /** Kamailio's UDP port towards our server. */
  readonly sipPort: number;
  readonly runDir: string;
  /** The tail of Kamailio's and rtpengine's logs (for a failing test's message). */
  logs(lines?: number): string;
  /** Stops both processes and removes the run directory (kept when `keepLogs` or SIP_EDGE_KEEP_LOGS=1). */
  stop(keepLogs?: boolean): Promise<void>;
}

let verdict: boolean | undefined;

/** Whether kamailio (with its websocket module) and rtpengine are installed; see the file comment. */
export function sipEdgeAvailable(): boolean {
  if (verdict === undefined) {
    const kamailio = spawnSync('kamailio', ['-v'], { stdio: 'ignore', timeout: 5000 }).error === undefined;
    const rtpengine = spawnSync('rtpengine', ['--version'], { stdio: 'ignore', timeout: 5000 }).error === undefined;
    const ws = ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib'].some((d) => existsSync(`${d}/kamailio/modules/websocket.so`));
    verdict = kamailio && rtpengine && ws;
    if (!verdict) {
      const message = 'kamailio (with kamailio-websocket-modules) and rtpengine are needed for the browser softphone tests: bash tools/install-peers.sh';
      if (process.env['WAIHU_REQUIRE_PEERS'] === '1') throw new Error(`${message} (WAIHU_REQUIRE_PEERS=1)`);
      console.warn(`[peers] ${message}; skipping`);
    }
  }
  return verdict;
}

/** A TCP port free on 127.0.0.1 now (for the edge's WebSocket and the tests' servers). */
export async function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  const port = await new Promise<number>((resolve) => socket.bind(0, '127.0.0.1', () => resolve(socket.address().port)));
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

function run(script: string, env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile('bash', [join(HERE, script)], { env: { ...process.env, ...env }, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

const running = new Set<string>();
// An edge must not outlive a crashed test run: stop every one still running.
process.once('exit', () => {
  for (const dir of running) spawnSync('bash', [join(HERE, 'stop.sh')], { env: { ...process.env, SIP_EDGE_RUN_DIR: dir }, stdio: 'ignore' });
});

/** Starts Kamailio and rtpengine on free loopback ports; resolves once both listen. */
export async function startSipEdge(options: SipEdgeOptions): Promise<SipEdge> {
  const runDir = mkdtempSync(join(tmpdir(), 'waihu-sip-edge-'));
  const [wsPort, sipPort, ngPort] = [await freeTcpPort(), await freeUdpPort(), await freeUdpPort()];
  // A block of 200 media ports, different per run so parallel tests rarely meet (rtpengine skips busy ports anyway).
  const rtpMin = 41_000 + 200 * Math.floor(Math.random() * 40);
  const env = {
    SIP_EDGE_RUN_DIR: runDir, WAIHU_SIP_SERVER: options.server, EDGE_ADDRESS: '127.0.0.1', EDGE_WS_PORT: String(wsPort),
    EDGE_SIP_PORT: String(sipPort), MEDIA_ADDRESS: '127.0.0.1', RTPENGINE_NG_PORT: String(ngPort),
    RTP_PORT_MIN: String(rtpMin), RTP_PORT_MAX: String(rtpMin + 199), SIP_EDGE_LOG_LEVEL: String(options.logLevel ?? 1),
  };
  running.add(runDir);
  const started = await run('start.sh', env);
  const logs = (lines = 40): string => ['kamailio', 'rtpengine'].map((name) => {
    const file = join(runDir, `${name}.log`);
    const text = existsSync(file) ? readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n') : '(no log)';
    return `--- ${name}.log ---\n${text}`;
  }).join('\n');
  const stop = async (keepLogs = false): Promise<void> => {
    if (!running.delete(runDir)) return;
    await run('stop.sh', { SIP_EDGE_RUN_DIR: runDir });
    if (keepLogs || process.env['SIP_EDGE_KEEP_LOGS'] === '1') console.warn(`[sip-edge] logs kept in ${runDir}`);
    else rmSync(runDir, { recursive: true, force: true });
  };
  if (started.code !== 0) {
    const detail = `${started.output}\n${logs()}`;
    await stop();
    throw new Error(`the SIP edge did not start (exit ${started.code}):\n${detail}`);
  }
  return { wsUrl: `ws://127.0.0.1:${wsPort}`, sipPort, runDir, logs, stop };
}
