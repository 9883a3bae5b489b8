/**
 * Finds a streaming sherpa-onnx model's files in a directory, as the k2-fsa releases unpack:
 * `tokens.txt` plus either a transducer (encoder*.onnx, decoder*.onnx, joiner*.onnx — e.g.
 * sherpa-onnx-streaming-zipformer-bilingual-zh-en-2023-02-20), a paraformer (encoder and
 * decoder, no joiner — sherpa-onnx-streaming-paraformer-bilingual-zh-en) or a zipformer2 CTC
 * model (ctc*.onnx or model*.onnx). int8 variants are preferred: several times smaller and
 * faster on CPU, with little accuracy lost.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AsrError } from '../errors.js';

/** The recognizer's model section (sherpa-onnx-node's OnlineModelConfig subset we fill). */
export interface SherpaModelFiles {
  readonly kind: 'transducer' | 'paraformer' | 'zipformer2-ctc';
  readonly tokens: string;
  readonly modelConfig: Record<string, unknown>;
}

function pick(files: readonly string[], prefix: RegExp, preferInt8: boolean): string | undefined {
  const matches = files.filter((f) => prefix.test(f) && f.endsWith('.onnx')).sort();
  const int8 = matches.filter((f) => f.includes('int8'));
  const plain = matches.filter((f) => !f.includes('int8'));
  return (preferInt8 ? [...int8, ...plain] : [...plain, ...int8])[0];
}

/** Locates the model files or throws ASR_MODEL_MISSING saying what is absent. */
export function findSherpaModel(dir: string, provider: string, preferInt8 = true): SherpaModelFiles {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new AsrError('ASR_MODEL_MISSING', provider, `model directory ${dir} does not exist`);
  }
  const files = readdirSync(dir);
  const at = (f: string): string => join(dir, f);
  if (!files.includes('tokens.txt')) throw new AsrError('ASR_MODEL_MISSING', provider, `no tokens.txt in ${dir}`);
  const tokens = at('tokens.txt');
  const encoder = pick(files, /^encoder/, preferInt8);
  const decoder = pick(files, /^decoder/, preferInt8);
  const joiner = pick(files, /^joiner/, preferInt8);
  if (encoder && decoder && joiner) {
    return { kind: 'transducer', tokens, modelConfig: { transducer: { encoder: at(encoder), decoder: at(decoder), joiner: at(joiner) }, tokens } };
  }
  if (encoder && decoder) {
    return { kind: 'paraformer', tokens, modelConfig: { paraformer: { encoder: at(encoder), decoder: at(decoder) }, tokens } };
  }
  const ctc = pick(files, /^(ctc|model)/, preferInt8);
  if (ctc) return { kind: 'zipformer2-ctc', tokens, modelConfig: { zipformer2Ctc: { model: at(ctc) }, tokens } };
  throw new AsrError('ASR_MODEL_MISSING', provider, `no streaming model in ${dir}: want encoder/decoder[/joiner] or ctc .onnx files`);
}
