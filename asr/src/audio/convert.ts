/**
 * Uploaded voice files (语音文件) of any common format → 8 kHz 16-bit mono PCM, the format
 * prompts are played in. Runs in-process here; {@link VoiceConverter} runs it in a worker
 * because decoding a minute of mp3 takes tens of milliseconds.
 */
import decode from '@audio/decode';
import { AudioError } from './errors.js';
import { detectVoiceFormat, type VoiceFileFormat } from './detect.js';
import { floatToInt16 } from './pcm.js';
import { resample } from './resampler.js';
import { readWav, readWavInfo } from './wav.js';

/** Limits on what an upload may be (defaults: 20 MB, as UPLOAD_MAX_MB; 10 minutes). */
export interface ConvertLimits {
  readonly maxBytes?: number;
  readonly maxDurationMs?: number;
}

/** A converted voice file: 8 kHz 16-bit mono PCM and what it came from. */
export interface ConvertedVoice {
  readonly samples: Int16Array;
  readonly sampleRate: 8000;
  readonly durationMs: number;
  readonly source: { readonly format: VoiceFileFormat; readonly sampleRate: number; readonly channelCount: number };
}

/** Default limits (exported so the API can state them). */
export const DEFAULT_CONVERT_LIMITS: Required<ConvertLimits> = { maxBytes: 20 * 1024 * 1024, maxDurationMs: 10 * 60_000 };

/** @audio/decode's decoder for each format we accept. */
const DECODERS: Record<Exclude<VoiceFileFormat, 'wav'>, () => Promise<(chunk?: Uint8Array) => Promise<{ channelData: Float32Array[]; sampleRate: number }>>> = {
  mp3: () => decode.mp3(),
  aac: () => decode.aac(),
  m4a: () => decode.m4a(),
  amr: () => decode.amr(),
  'amr-wb': () => decode.amr(),
  'ogg-vorbis': () => decode.oga(),
  'ogg-opus': () => decode.opus(),
  flac: () => decode.flac(),
};

function appendChannels(a: Float32Array[], b: Float32Array[]): Float32Array[] {
  if (b.length === 0 || (b[0]?.length ?? 0) === 0) return a;
  if (a.length === 0) return b;
  return a.map((ch, i) => {
    const extra = b[i] ?? b[0] as Float32Array;
    const out = new Float32Array(ch.length + extra.length);
    out.set(ch);
    out.set(extra, ch.length);
    return out;
  });
}

async function decodeCompressed(format: Exclude<VoiceFileFormat, 'wav'>, bytes: Uint8Array, fileName: string): Promise<{ channels: Float32Array[]; sampleRate: number }> {
  try {
    const dec = await DECODERS[format]();
    const first = await dec(bytes);
    const rest = await dec();
    const sampleRate = first.sampleRate || rest.sampleRate;
    return { channels: appendChannels(first.channelData, rest.channelData), sampleRate };
  } catch (e) {
    throw new AudioError('AUDIO_FILE_CORRUPT', `${fileName}: looks like ${format} but could not be decoded (${(e as Error).message})`, { fileName, format }, { cause: e });
  }
}

/** Averages channels into one (a stereo prompt plays on a mono phone line). */
function downmix(channels: Float32Array[]): Float32Array {
  if (channels.length === 1) return channels[0] as Float32Array;
  const n = Math.min(...channels.map((c) => c.length));
  const out = new Float32Array(n);
  for (const ch of channels) for (let i = 0; i < n; i++) out[i] = (out[i] as number) + (ch[i] as number);
  const k = 1 / channels.length;
  for (let i = 0; i < n; i++) out[i] = (out[i] as number) * k;
  return out;
}

/**
 * Converts an uploaded voice file to 8 kHz 16-bit mono. The format is taken from the bytes;
 * `fileName` only names the file in errors. Throws {@link AudioError}: AUDIO_FILE_TOO_LARGE,
 * AUDIO_FORMAT_UNSUPPORTED (saying what the file is), AUDIO_FILE_CORRUPT, AUDIO_FILE_EMPTY,
 * AUDIO_TOO_LONG, WAV_MALFORMED / WAV_UNSUPPORTED.
 */
export async function convertVoiceFile(bytes: Uint8Array, fileName: string, limits: ConvertLimits = {}): Promise<ConvertedVoice> {
  const maxBytes = limits.maxBytes ?? DEFAULT_CONVERT_LIMITS.maxBytes;
  const maxDurationMs = limits.maxDurationMs ?? DEFAULT_CONVERT_LIMITS.maxDurationMs;
  if (bytes.length > maxBytes) {
    throw new AudioError('AUDIO_FILE_TOO_LARGE', `${fileName}: ${bytes.length} bytes is over the ${maxBytes}-byte limit`, { fileName, bytes: bytes.length, maxBytes });
  }
  const detected = detectVoiceFormat(bytes);
  if (detected.format === undefined) {
    throw new AudioError('AUDIO_FORMAT_UNSUPPORTED', `${fileName}: ${detected.found} is not a supported voice file (wav, mp3, m4a/aac, amr, ogg, opus, flac)`, { fileName, found: detected.found });
  }
  const format = detected.format;
  const tooLong = (ms: number): AudioError => new AudioError('AUDIO_TOO_LONG', `${fileName}: ${(ms / 1000).toFixed(1)} s is over the ${(maxDurationMs / 1000).toFixed(0)} s limit`, { fileName, durationMs: Math.round(ms), maxDurationMs });
  let channels: Float32Array[];
  let sampleRate: number;
  if (format === 'wav') {
    const info = readWavInfo(bytes); // check the length before decoding anything
    if (info.durationMs > maxDurationMs) throw tooLong(info.durationMs);
    ({ channels, sampleRate } = readWav(bytes));
  } else {
    ({ channels, sampleRate } = await decodeCompressed(format, bytes, fileName));
    if (channels.length === 0 || (channels[0]?.length ?? 0) === 0 || !sampleRate) {
      throw new AudioError('AUDIO_FILE_CORRUPT', `${fileName}: looks like ${format} but decoded to no audio`, { fileName, format });
    }
  }
  const frames = channels[0]?.length ?? 0;
  if (frames === 0) throw new AudioError('AUDIO_FILE_EMPTY', `${fileName}: contains no audio`, { fileName, format });
  const sourceMs = (frames * 1000) / sampleRate;
  if (sourceMs > maxDurationMs) throw tooLong(sourceMs);
  const mono = downmix(channels);
  const samples = floatToInt16(resample(mono, sampleRate, 8000));
  return { samples, sampleRate: 8000, durationMs: Math.round((samples.length * 1000) / 8000), source: { format, sampleRate, channelCount: channels.length } };
}
