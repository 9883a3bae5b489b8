/**
 * The Silero VAD as a {@link SpeechSegmenter}, so Baidu's short-utterance REST provider cuts
 * segments where the calls' own VAD hears speech. The VAD answers asynchronously (inference on
 * a worker, well under a frame later) while a segmenter's `push` is synchronous: each push
 * returns the events that have arrived since the last one. They carry the time the speech
 * really started or ended, so a segment starts from the right audio as long as the
 * provider's pre-roll (300 ms by default) covers the round trip, which it does many times over.
 */
import type { VadModel } from '../vad/model.js';
import type { VadStreamOptions } from '../vad/stream.js';
import type { SegmentEvent, SegmenterFactory } from './segmenter.js';

/** A segmenter factory over a loaded VAD model; `settings` as for `VadModel.createStream`. */
export function vadSegmenter(model: VadModel, settings: Omit<VadStreamOptions, 'onEvent'> = {}): SegmenterFactory {
  return () => {
    const arrived: SegmentEvent[] = [];
    const stream = model.createStream({
      ...settings,
      onEvent: (e) => {
        if (e.type === 'speech-start') arrived.push({ kind: 'speech-start', atMs: e.timeMs });
        else if (e.type === 'speech-end') arrived.push({ kind: 'speech-end', atMs: e.endMs });
        // A failed or overloaded VAD leaves the segment open: the provider's segment cap
        // (55 s) and the stream's end still close it, so no audio is lost.
      },
    });
    let atMs = 0;
    return {
      push(frame) {
        stream.push({ samples: frame.samples, sampleRate: frame.sampleRate, timeMs: atMs });
        atMs += (frame.samples.length * 1000) / frame.sampleRate;
        return arrived.splice(0);
      },
      close() {
        stream.close();
      },
    };
  };
}
