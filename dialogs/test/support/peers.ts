/**
 * Real SIP peers for integration tests (ARCHITECTURE rule 9): whether sipp/baresip are here,
 * the one rule for when they are not (skip with a message, or fail when WAIHU_REQUIRE_PEERS=1),
 * free loopback ports, and child processes (sipp here, baresip in baresip.ts) that are always
 * killed, even when the test run dies.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { fileURLToPath } from 'node:url';

export type PeerName = 'sipp' | 'baresip';

const found = new Map<PeerName, boolean>();

function installed(name: PeerName): boolean {
  let ok = found.get(name);
  if (ok === undefined) {
    const probe = spawnSync(name, name === 'sipp' ? ['-v'] : ['-h'], { stdio: 'ignore', timeout: 5000 });
    ok = probe.error === undefined;
    found.set(name, ok);
  }
  return ok;
}

/**
 * Whether tests needing `name` can run. Missing: with WAIHU_REQUIRE_PEERS=1 this throws (CI must
 * not silently skip); otherwise it says so on the console and the caller skips.
 */
export function peerAvailable(name: PeerName): boolean {
  if (installed(name)) return true;
  if (process.env.WAIHU_REQUIRE_PEERS === '1') throw new Error(`${name} is required (WAIHU_REQUIRE_PEERS=1) but not installed: apt-get install ${name === 'sipp' ? 'sip-tester' : 'baresip-core'}`);
  console.warn(`[peers] ${name} is not installed: skipping its integration tests (set WAIHU_REQUIRE_PEERS=1 to make this fail)`);
  return false;
}

/** A UDP port free on 127.0.0.1 right now (even, so it can also serve as an RTP port). */
export async function freeUdpPort(): Promise<number> {
  for (;;) {
    const socket = createSocket('udp4');
    const port = await new Promise<number>((resolve) => socket.bind(0, '127.0.0.1', () => resolve(socket.address().port)));
    await new Promise<void>((resolve) => socket.close(() => resolve()));
    if (port % 2 === 0 && port < 65000) return port;
  }
}

/** Absolute path of a scenario in dialogs/test/sipp/. */
export function scenario(file: string): string {
  return fileURLToPath(new URL(`../sipp/${file}`, import.meta.url));
}

/** A running sipp UAS. */
export interface Sipp {
  readonly port: number;
  readonly mediaPort: number;
  /** Resolves with sipp's exit code (0: every call passed its scenario). */
  readonly exited: Promise<number | null>;
  /** What sipp wrote to stderr (its errors). */
  stderr(): string;
  /** Kills it (SIGKILL if it lingers); safe to call twice. */
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
// Child processes must not outlive a failed test run.
process.once('exit', () => { for (const child of running) child.kill('SIGKILL'); });

/** Kills `child` when this process exits, unless it has exited by then. */
export function reapOnExit(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  child.once('error', () => running.delete(child));
}

/** Starts sipp with a scenario file (or `-sn uas` when `file` is 'uas') as a UAS on 127.0.0.1. */
export async function startSipp(file: string, options: { calls?: number; rtpEcho?: boolean; extra?: string[] } = {}): Promise<Sipp> {
  const port = await freeUdpPort();
  const mediaPort = await freeUdpPort();
  const args = [
    ...(file === 'uas' ? ['-sn', 'uas'] : ['-sf', scenario(file)]),
    '-i', '127.0.0.1', '-p', String(port), '-mi', '127.0.0.1', '-mp', String(mediaPort),
    '-nostdin', '-timeout', '60s', '-timeout_error', ...(options.calls === 0 ? [] : ['-m', String(options.calls ?? 1)]),
    ...(options.rtpEcho === true ? ['-rtp_echo'] : []), ...(options.extra ?? []),
  ];
  const child = spawn('sipp', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(child);
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => { err += chunk.toString(); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => { running.delete(child); resolve(code); }));
  // sipp binds synchronously at start-up; give it a moment to be listening.
  await new Promise((resolve) => setTimeout(resolve, 150));
  return {
    port, mediaPort, exited, stderr: () => err,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 1000);
      await exited;
      clearTimeout(timer);
    },
  };
}
