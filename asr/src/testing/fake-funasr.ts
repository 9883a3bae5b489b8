/**
 * A local server that speaks the FunASR runtime's WebSocket protocol for realtime recognition
 * (runtime/docs/websocket_protocol_zh.md) and checks the client: the first message is a JSON
 * text frame with mode "2pass" | "online" | "offline", a string wav_name, is_speaking true,
 * chunk_size as three positive integers, and — when present — wav_format "pcm", audio_fs 8000 or
 * 16000, chunk_interval a positive integer, itn a boolean, hotwords a string holding a JSON object
 * of word → number; then binary PCM (even lengths); then `{"is_speaking": false}`.
 * A violation is recorded and the connection closed (the real server just drops bad clients).
 *
 * Answers come from the audio: a "2pass-online" frame with the next character every
 * chunk_size[1] × 60 ms of audio, and at the end a "2pass-offline" frame with the whole
 * transcript, a per-character timestamp string over the voiced span, and is_final true.
 */
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type WebSocket from 'ws';
import { SpeechAnalyzer } from './speech-script.js';

/** One connection's scripted failure. */
export type FunAsrFault = 'ok' | 'stall' | 'malformed' | 'drop';

/** What a test can see and steer. */
export interface FakeFunAsr {
  readonly url: string;
  readonly faults: FunAsrFault[];
  readonly violations: string[];
  /** Configuration messages received. */
  readonly configs: Record<string, unknown>[];
  readonly stats: { connections: number; open: number };
  close(): Promise<void>;
}

function checkConfig(c: Record<string, unknown>): string | null {
  if (!['2pass', 'online', 'offline'].includes(c.mode as string)) return `mode ${String(c.mode)}`;
  if (typeof c.wav_name !== 'string' || c.wav_name === '') return 'wav_name';
  if (c.is_speaking !== true) return 'is_speaking must be true in the first message';
  const cs = c.chunk_size;
  if (!Array.isArray(cs) || cs.length !== 3 || !cs.every((n) => Number.isInteger(n) && n > 0)) return 'chunk_size';
  if (c.wav_format !== undefined && c.wav_format !== 'pcm') return 'wav_format';
  if (c.audio_fs !== undefined && c.audio_fs !== 16000 && c.audio_fs !== 8000) return 'audio_fs';
  if (c.chunk_interval !== undefined && !(Number.isInteger(c.chunk_interval) && (c.chunk_interval as number) > 0)) return 'chunk_interval';
  if (c.itn !== undefined && typeof c.itn !== 'boolean') return 'itn';
  if (c.hotwords !== undefined) {
    if (typeof c.hotwords !== 'string') return 'hotwords must be a string';
    try {
      const table = JSON.parse(c.hotwords) as unknown;
      if (typeof table !== 'object' || table === null || Array.isArray(table) || !Object.values(table).every((v) => typeof v === 'number')) return 'hotwords table';
    } catch {
      return 'hotwords is not JSON';
    }
  }
  return null;
}

/** Starts the fake on 127.0.0.1 (ephemeral port). */
export async function startFakeFunAsr(): Promise<FakeFunAsr> {
  const faults: FunAsrFault[] = [];
  const violations: string[] = [];
  const configs: Record<string, unknown>[] = [];
  const stats = { connections: 0, open: 0 };
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  wss.on('connection', (ws: WebSocket) => {
    stats.connections++;
    stats.open++;
    ws.on('close', () => stats.open--);
    const fault = faults.shift() ?? 'ok';
    const analyzer = new SpeechAnalyzer();
    let config: Record<string, unknown> | null = null;
    let chunkBytes = 0;
    let sinceChunk = 0;
    let chunks = 0;
    const violate = (why: string): void => {
      violations.push(why);
      ws.close(1003);
    };
    ws.on('message', (data, isBinary) => {
      const bytes = data as Buffer;
      if (isBinary) {
        if (!config) return violate('audio before the configuration message');
        if (bytes.length % 2 !== 0) return violate(`odd audio frame of ${bytes.length} bytes`);
        analyzer.push(bytes, (config.audio_fs as number | undefined) ?? 16000);
        sinceChunk += bytes.length;
        if (fault === 'drop' && analyzer.audioMs >= 600) {
          ws.terminate();
          return;
        }
        while (sinceChunk >= chunkBytes) {
          sinceChunk -= chunkBytes;
          chunks++;
          if (fault === 'malformed') {
            ws.send('{"mode": "2pass-online", "text": ');
            return;
          }
          const next = analyzer.transcript.slice(chunks - 1, chunks);
          ws.send(JSON.stringify({ mode: '2pass-online', text: next, wav_name: config.wav_name, is_final: false }));
        }
        return;
      }
      let msg: Record<string, unknown>;
      try {
        msg = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
      } catch {
        return violate('a text frame that is not JSON');
      }
      if (!config) {
        const problem = checkConfig(msg);
        if (problem) return violate(`configuration: ${problem}`);
        config = msg;
        configs.push(msg);
        const rate = (msg.audio_fs as number | undefined) ?? 16000;
        chunkBytes = ((msg.chunk_size as number[])[1] as number) * 60 * (rate / 1000) * 2;
        return;
      }
      if (msg.is_speaking !== false) return violate(`mid-stream text frame ${JSON.stringify(msg).slice(0, 40)}`);
      if (fault === 'stall') return;
      const text = analyzer.transcript;
      const [start, end] = analyzer.voicedSpan;
      const step = text.length > 0 ? (end - start) / text.length : 0;
      const stamps = [...text].map((_, i) => [Math.round(start + i * step), Math.round(start + (i + 1) * step)]);
      ws.send(JSON.stringify({ mode: '2pass-offline', text, wav_name: config.wav_name, is_final: true, timestamp: JSON.stringify(stamps) }));
    });
  });
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  const port = (wss.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}`,
    faults, violations, configs, stats,
    close: () => new Promise<void>((resolve) => {
      for (const client of wss.clients) client.terminate();
      wss.close(() => resolve());
    }),
  };
}
