// The sherpa-onnx engine's own process. Recognition runs here, never on the media event loop,
// and a model that makes the native code abort (a corrupt .onnx ends in SIGABRT, which no
// worker thread survives) takes down only this process. Messages (advanced serialization):
//   in:  {t:'init', engine, config} | {t:'open', id} | {t:'audio', id, samples: Int16Array}
//        | {t:'end', id} | {t:'close', id}
//   out: {t:'ready'} | {t:'init-error', message} | {t:'result', id, kind, text, startMs, endMs, confidence}
//        | {t:'done', id} | {t:'error', id, message}
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** @type {{ open(id: number): void, audio(id: number, s: Int16Array): void, end(id: number): void, close(id: number): void }} */
let engine;
const send = (m) => process.send?.(m);

/** sherpa-onnx OnlineRecognizer, one OnlineStream per recognition stream. */
function sherpaEngine(config) {
  const sherpa = require('sherpa-onnx-node');
  const recognizer = new sherpa.OnlineRecognizer(config);
  const streams = new Map();
  const drain = (id, st, last) => {
    while (recognizer.isReady(st.s)) recognizer.decode(st.s);
    const r = recognizer.getResult(st.s);
    const text = (r.text ?? '').trim();
    const endpoint = last || recognizer.isEndpoint(st.s);
    const startMs = st.segmentStartMs + Math.round(((r.timestamps?.[0]) ?? 0) * 1000);
    const probs = r.ys_probs ?? [];
    const confidence = probs.length ? Math.exp(probs.reduce((a, b) => a + b, 0) / probs.length) : null;
    if (text !== st.text && !endpoint) send({ t: 'result', id, kind: 'partial', text, startMs, endMs: st.ms, confidence: null });
    st.text = text;
    if (endpoint) {
      if (text) send({ t: 'result', id, kind: 'final', text, startMs, endMs: st.ms, confidence });
      recognizer.reset(st.s);
      st.text = '';
      st.segmentStartMs = st.ms;
    }
  };
  return {
    open(id) { streams.set(id, { s: recognizer.createStream(), ms: 0, text: '', segmentStartMs: 0 }); },
    audio(id, samples) {
      const st = streams.get(id);
      if (!st) return;
      const f = new Float32Array(samples.length);
      for (let i = 0; i < samples.length; i++) f[i] = samples[i] / 32768;
      st.s.acceptWaveform({ samples: f, sampleRate: 16000 });
      st.ms += samples.length / 16;
      drain(id, st, false);
    },
    end(id) {
      const st = streams.get(id);
      if (!st) return;
      // Trailing silence lets the model flush its look-ahead before input ends.
      st.s.acceptWaveform({ samples: new Float32Array(8000), sampleRate: 16000 });
      st.s.inputFinished();
      drain(id, st, true);
      streams.delete(id);
      send({ t: 'done', id });
    },
    close(id) { streams.delete(id); },
  };
}

/** A stand-in engine for plumbing tests where no model exists: "hears" the audio's duration. */
function scriptedEngine() {
  const streams = new Map();
  return {
    open(id) { streams.set(id, { ms: 0, partials: 0 }); },
    audio(id, samples) {
      const st = streams.get(id);
      if (!st) return;
      st.ms += samples.length / 16;
      while (st.ms >= (st.partials + 1) * 500) {
        st.partials++;
        send({ t: 'result', id, kind: 'partial', text: `听到${st.partials * 500}毫秒`, startMs: 0, endMs: st.partials * 500, confidence: null });
      }
    },
    end(id) {
      const st = streams.get(id);
      if (!st) return;
      const ms = Math.round(st.ms / 100) * 100;
      send({ t: 'result', id, kind: 'final', text: `听到${ms}毫秒`, startMs: 0, endMs: Math.round(st.ms), confidence: 1 });
      streams.delete(id);
      send({ t: 'done', id });
    },
    close(id) { streams.delete(id); },
  };
}

process.on('message', (m) => {
  try {
    if (m.t === 'init') {
      engine = m.engine === 'scripted' ? scriptedEngine() : sherpaEngine(m.config);
      send({ t: 'ready' });
    } else if (!engine) {
      send({ t: 'init-error', message: 'not initialised' });
    } else if (m.t === 'open') engine.open(m.id);
    else if (m.t === 'audio') engine.audio(m.id, m.samples);
    else if (m.t === 'end') engine.end(m.id);
    else if (m.t === 'close') engine.close(m.id);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    send(m.t === 'init' ? { t: 'init-error', message } : { t: 'error', id: m.id, message });
  }
});
process.on('disconnect', () => process.exit(0));
