/**
 * A local server that speaks Baidu's realtime recognition WebSocket protocol (see
 * ../asr/baidu-realtime.ts) and checks the client as strictly as the documentation allows:
 * path /realtime_asr with an sn of [a-zA-Z0-9-]{1,128}; a START text frame first, with numeric
 * appid and dev_pid, string appkey and cuid, format "pcm", sample 16000; binary frames of
 * 20–200 ms (640–6400 bytes, even) where only the last may be shorter; FINISH or CANCEL to end.
 * A violation is recorded and answered with err_no 3300, then the connection closes.
 *
 * Answers come from the audio (see speech-script.ts): a MID_TEXT every `midEveryFrames` frames
 * growing by one character, a FIN_TEXT with the voiced span as start_time/end_time at FINISH,
 * then the server closes. `faults` scripts failures, one per connection, in order.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type WebSocket from 'ws';
import { SpeechAnalyzer } from './speech-script.js';

/** One connection's scripted failure. */
export type BaiduRealtimeFault =
  | 'ok' | 'auth' | 'rate' | 'server' | 'stall' | 'malformed' | 'drop' | 'http-503' | 'heartbeat';

/** Settings for the fake. */
export interface FakeBaiduRealtimeOptions {
  readonly appId: number;
  readonly appKey: string;
  /** Frames between MID_TEXTs (default 3, i.e. every 480 ms of audio). */
  readonly midEveryFrames?: number;
}

/** What a test can see and steer. */
export interface FakeBaiduRealtime {
  readonly url: string;
  /** Failures for the next connections, consumed one per connection. */
  readonly faults: BaiduRealtimeFault[];
  /** Protocol violations the client committed (a passing client leaves this empty). */
  readonly violations: string[];
  /** START frames received (appkey masked). */
  readonly starts: Record<string, unknown>[];
  /** Connections accepted so far, and open right now. */
  readonly stats: { connections: number; open: number; finished: number; cancelled: number };
  close(): Promise<void>;
}

const SN = /^[a-zA-Z0-9-]{1,128}$/;

/** Starts the fake on 127.0.0.1 (ephemeral port). */
export async function startFakeBaiduRealtime(options: FakeBaiduRealtimeOptions): Promise<FakeBaiduRealtime> {
  const faults: BaiduRealtimeFault[] = [];
  const violations: string[] = [];
  const starts: Record<string, unknown>[] = [];
  const stats = { connections: 0, open: 0, finished: 0, cancelled: 0 };
  const wss = new WebSocketServer({ noServer: true });
  const http = createServer((_req, res) => res.writeHead(404).end());
  http.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const fault = faults.shift() ?? 'ok';
    if (url.pathname !== '/realtime_asr' || !SN.test(url.searchParams.get('sn') ?? '')) {
      violations.push(`upgrade to ${url.pathname} with sn=${url.searchParams.get('sn')}`);
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      return;
    }
    if (fault === 'http-503') {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws, url.searchParams.get('sn') ?? '', fault));
  });

  function serve(ws: WebSocket, sn: string, fault: BaiduRealtimeFault): void {
    stats.connections++;
    stats.open++;
    ws.on('close', () => stats.open--);
    const analyzer = new SpeechAnalyzer();
    let started = false;
    let frames = 0;
    let shortFrameSeen = false;
    let mids = 0;
    const logId = stats.connections * 1000;
    const reply = (type: string, extra: Record<string, unknown> = {}): void =>
      ws.send(JSON.stringify({ type, err_no: 0, err_msg: 'OK', log_id: logId, sn, ...extra }));
    const refuse = (errNo: number, why: string): void => {
      ws.send(JSON.stringify({ type: 'FIN_TEXT', err_no: errNo, err_msg: why, log_id: logId, sn, result: '' }));
      ws.close(1000);
    };
    const violate = (why: string): void => {
      violations.push(why);
      refuse(3300, 'param error');
    };
    ws.on('message', (data, isBinary) => {
      const bytes = data as Buffer;
      if (!isBinary) {
        let msg: { type?: unknown; data?: Record<string, unknown> };
        try {
          msg = JSON.parse(bytes.toString('utf8')) as typeof msg;
        } catch {
          violate('a text frame that is not JSON');
          return;
        }
        if (!started) {
          if (msg.type !== 'START') return violate(`first frame type ${String(msg.type)}, want START`);
          const d = msg.data ?? {};
          if (typeof d.appid !== 'number' || typeof d.appkey !== 'string' || typeof d.dev_pid !== 'number' ||
            typeof d.cuid !== 'string' || d.format !== 'pcm' || d.sample !== 16000) {
            return violate(`START data fields: ${JSON.stringify({ ...d, appkey: typeof d.appkey })}`);
          }
          starts.push({ ...d, appkey: '***' });
          started = true;
          if (fault === 'auth' || d.appid !== options.appId || d.appkey !== options.appKey) return refuse(3302, 'authentication failed');
          if (fault === 'rate') return refuse(3304, 'too many concurrent requests');
          return;
        }
        if (msg.type === 'CANCEL') {
          stats.cancelled++;
          ws.close(1000);
          return;
        }
        if (msg.type !== 'FINISH') return violate(`text frame type ${String(msg.type)} mid-stream`);
        stats.finished++;
        if (fault === 'stall') return;
        const [start, end] = analyzer.voicedSpan;
        reply('FIN_TEXT', { result: analyzer.transcript, start_time: start, end_time: end });
        ws.close(1000);
        return;
      }
      if (!started) return violate('audio before START');
      if (shortFrameSeen) return violate('a frame after a frame shorter than 20 ms (only the last may be short)');
      if (bytes.length % 2 !== 0 || bytes.length > 6400) return violate(`audio frame of ${bytes.length} bytes`);
      if (bytes.length < 640) shortFrameSeen = true;
      analyzer.push(bytes);
      frames++;
      if (fault === 'drop' && frames === 4) {
        ws.terminate();
        return;
      }
      if (fault === 'server' && frames === 4) return refuse(3303, 'backend error');
      if (fault === 'heartbeat' && frames % 2 === 0) ws.send(JSON.stringify({ type: 'HEARTBEAT' }));
      if (frames % (options.midEveryFrames ?? 3) === 0) {
        mids++;
        if (fault === 'malformed') {
          ws.send('{"type": "MID_TEXT", "err_no": 0, "result": ');
          return;
        }
        const text = analyzer.transcript.slice(0, mids);
        if (text) reply('MID_TEXT', { result: text });
      }
    });
  }

  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}/realtime_asr`,
    faults, violations, starts, stats,
    close: () => new Promise<void>((resolve) => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      http.closeAllConnections();
      http.close(() => resolve());
    }),
  };
}
