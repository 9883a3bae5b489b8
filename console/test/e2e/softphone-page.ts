/**
 * What the browser softphone tests share: Chromium with a fake microphone playing a WAV (and
 * loopback ICE candidates allowed: everything stays on 127.0.0.1), the console's softphone
 * module bundled as it ships (Vite, one IIFE) on a tiny test page served from 127.0.0.1 (a
 * secure context, so getUserMedia works), and a recorder of the remote audio in the page
 * (Web Audio at 8 kHz, so it compares directly with what our server sends).
 */
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { build, type Rollup } from 'vite';
import { resampleInt16 } from '@waihu/asr';
import { encodeWavPcm16, xcorr } from '@waihu/dialogs';
import { ROOT } from './server.js';
import { launchChromium } from './browser.js';


/**
 * Chromium whose microphone plays `wav` in a loop (48 kHz mono). Flags: no sandbox or GPU (CI
 * containers), no background traffic, getUserMedia granted without a prompt, loopback ICE
 * candidates allowed (Chromium ignores them by default), and audio that plays without a click.
 */
export function launchWithMicrophone(wav: string): Promise<Browser> {
  return launchChromium([
    '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${wav}`,
    '--allow-loopback-in-peer-connection', '--autoplay-policy=no-user-gesture-required',
  ]);
}

/**
 * Writes `speech` (8 kHz) as the microphone file at 48 kHz: `leadS` seconds of silence (default
 * 1), the speech, 3 s of silence. Chromium plays it in a loop from when the call opens the
 * microphone.
 */
export function writeMicrophoneWav(path: string, speech: Int16Array, leadS = 1): void {
  const lead = Math.round(leadS * 8000);
  const padded = new Int16Array(lead + speech.length + 3 * 8000);
  padded.set(speech, lead);
  writeFileSync(path, encodeWavPcm16(resampleInt16(padded, 8000, 48_000), 48_000, 1));
}

/** console/src/lib/softphone.ts with JsSIP, as one script defining `WaihuSoftphone`. */
export async function bundleSoftphone(): Promise<string> {
  const result = await build({
    configFile: false, logLevel: 'silent', root: ROOT,
    define: { 'process.env.NODE_ENV': '"production"' },
    build: {
      write: false, minify: false, emptyOutDir: false,
      lib: { entry: join(ROOT, 'console/src/lib/softphone.ts'), formats: ['iife'], name: 'WaihuSoftphone', fileName: () => 'softphone.js' },
    },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
  const chunk = outputs[0]?.output.find((o): o is Rollup.OutputChunk => o.type === 'chunk');
  if (!chunk) throw new Error('vite produced no softphone bundle');
  return chunk.code;
}

/** The page's script: start a softphone, watch it, record what it hears. */
const HARNESS = `
// Every peer connection the softphone makes, for getStats() from the test.
window.peerConnections = [];
const NativePeerConnection = window.RTCPeerConnection;
window.RTCPeerConnection = function (...args) {
  const pc = new NativePeerConnection(...args);
  window.peerConnections.push(pc);
  return pc;
};
window.RTCPeerConnection.prototype = NativePeerConnection.prototype;
/** Outbound and inbound audio figures of the latest connection (packets, levels, the selected pair). */
window.mediaStats = async () => {
  const pc = window.peerConnections[window.peerConnections.length - 1];
  if (!pc) return null;
  const out = { connection: pc.connectionState };
  (await pc.getStats()).forEach((r) => {
    if (r.type === 'outbound-rtp') out.sent = { packets: r.packetsSent, bytes: r.bytesSent };
    if (r.type === 'inbound-rtp') out.received = { packets: r.packetsReceived, lost: r.packetsLost, jitter: r.jitter, energy: r.totalAudioEnergy };
    if (r.type === 'media-source') out.microphone = { level: r.audioLevel, energy: r.totalAudioEnergy };
  });
  return out;
};
window.startPhone = (credentials) => {
  window.phone = WaihuSoftphone.createSoftphone(credentials, {
    microphone: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
  });
  window.phone.start();
};
// An AudioWorklet taps the audio thread itself: a ScriptProcessor runs on the page's main
// thread and drops blocks when the machine is busy, which would look like a broken call.
const TAP = 'registerProcessor("tap", class extends AudioWorkletProcessor { process(inputs) { const c = inputs[0] && inputs[0][0]; if (c) this.port.postMessage(c.slice()); return true; } });';
const tapUrl = URL.createObjectURL(new Blob([TAP], { type: 'text/javascript' }));
/** Records a stream for ms milliseconds at 8 kHz; resolves with 16-bit samples. */
async function record(stream, ms) {
  const ctx = new AudioContext({ sampleRate: 8000 });
  await ctx.audioWorklet.addModule(tapUrl);
  await ctx.resume();
  const source = ctx.createMediaStreamSource(stream);
  const tap = new AudioWorkletNode(ctx, 'tap');
  const chunks = [];
  tap.port.onmessage = (e) => chunks.push(e.data);
  source.connect(tap);
  await new Promise((r) => setTimeout(r, ms));
  source.disconnect();
  await ctx.close();
  const out = [];
  for (const c of chunks) for (const v of c) out.push(Math.max(-32768, Math.min(32767, Math.round(v * 32767))));
  return out;
}
/** What the agent hears: the softphone's remote audio. */
window.recordRemote = (ms) => {
  const stream = window.phone.remoteStream();
  if (!stream) throw new Error('no remote stream');
  // A deeper playout buffer from here on: on a loaded CI box packets arrive in bursts and the
  // adaptive jitter buffer would time-stretch speech, which the comparison would count as damage.
  for (const pc of window.peerConnections) for (const r of pc.getReceivers()) if ('jitterBufferTarget' in r) r.jitterBufferTarget = 400;
  return record(stream, ms);
};
`;

/** Serves the test page and the bundle on 127.0.0.1; resolves with its URL and a closer. */
export async function serveSoftphonePage(bundle: string): Promise<{ url: string; close(): Promise<void> }> {
  const page = `<!doctype html><meta charset="utf-8"><title>softphone</title><script src="/softphone.js"></script><script>${HARNESS}</script>`;
  const server: Server = createServer((req, res) => {
    if (req.url === '/softphone.js') { res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle); return; }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** How well a recording reproduces a reference, segment by segment. */
export interface SegmentedMatch {
  /** Energy-weighted mean of the segments' peaks (0 when nothing was found). */
  readonly score: number;
  /** The weakest voiced segment's peak. */
  readonly worst: number;
  /** How far the recording's timing drifted from the reference's by the end, in ms. */
  readonly driftMs: number;
}

/**
 * Cross-correlation of `reference` (8 kHz) inside `recording`, 125 ms at a time, each segment
 * at its best lag within ±50 ms of the previous one's. Why not one lag for the whole utterance:
 * a browser's jitter buffer (NetEQ) stretches or shortens silence by a few milliseconds when
 * packets arrive unevenly (a loaded CI box), which leaves the audio itself intact but breaks a
 * single alignment — a one-lag score of 0.6 can hide segments that all match at 0.99.
 */
export function segmentedMatch(reference: Int16Array, recording: Int16Array, threshold = 300): SegmentedMatch {
  const SEG = 1000;
  const SLACK = 400;
  const refOnset = reference.findIndex((v) => Math.abs(v) > threshold);
  const recOnset = recording.findIndex((v) => Math.abs(v) > threshold);
  if (refOnset < 0 || recOnset < 0) return { score: 0, worst: 0, driftMs: 0 };
  let offset = recOnset - refOnset;
  const startOffset = offset;
  let weighted = 0;
  let energy = 0;
  let worst = 1;
  for (let s = 0; s + SEG <= reference.length; s += SEG) {
    const segment = reference.subarray(s, s + SEG);
    let e = 0;
    for (const v of segment) e += v * v;
    // Near-silent segments say nothing about the audio path.
    if (e / SEG < threshold * threshold) continue;
    const from = Math.max(0, s + offset - SLACK);
    const excerpt = recording.subarray(from, Math.min(recording.length, s + offset + SEG + SLACK));
    const found = excerpt.length >= SEG ? xcorr(segment, excerpt, { maxLagSamples: 2 * SLACK, minOverlap: 1 }) : { peak: 0, lagSamples: 0 };
    if (found.peak > 0) offset = from + found.lagSamples - s;
    weighted += found.peak * e;
    energy += e;
    worst = Math.min(worst, found.peak);
  }
  return { score: energy === 0 ? 0 : weighted / energy, worst: energy === 0 ? 0 : worst, driftMs: (offset - startOffset) / 8 };
}
