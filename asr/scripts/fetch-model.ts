/**
 * Downloads and unpacks a streaming Mandarin model for the sherpa-onnx provider:
 *   npm run models:fetch [-- --model zipformer-bilingual|paraformer-bilingual] [--dir models/asr]
 * Prints the directory to put in ASR_SHERPA_MODEL_DIR. Where the internet (GitHub releases) is
 * unreachable it says so and exits with status 2; nothing half-written is left behind.
 */
import { execFileSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream } from 'node:stream/web';

const RELEASES = 'https://github.com/k2-fsa/sherpa-onnx/releases/download/asr-models';
const MODELS: Record<string, string> = {
  'zipformer-bilingual': 'sherpa-onnx-streaming-zipformer-bilingual-zh-en-2023-02-20',
  'paraformer-bilingual': 'sherpa-onnx-streaming-paraformer-bilingual-zh-en',
};

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? (process.argv[i + 1] as string) : fallback;
}

async function main(): Promise<number> {
  const key = arg('model', 'zipformer-bilingual');
  const name = MODELS[key];
  if (!name) {
    console.error(`unknown model ${key}; choose one of: ${Object.keys(MODELS).join(', ')}`);
    return 1;
  }
  const root = resolve(arg('dir', 'models/asr'));
  const target = join(root, name);
  if (existsSync(join(target, 'tokens.txt'))) {
    console.log(`already there: ASR_SHERPA_MODEL_DIR=${target}`);
    return 0;
  }
  mkdirSync(root, { recursive: true });
  const url = `${RELEASES}/${name}.tar.bz2`;
  const partial = join(root, `${name}.tar.bz2.part`);
  console.log(`downloading ${url}`);
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(15 * 60_000) });
    if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
    await pipeline(Readable.fromWeb(res.body as ReadableStream), createWriteStream(partial));
  } catch (error) {
    rmSync(partial, { force: true });
    const why = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    console.error(`cannot download the model (${why}): the internet is not reachable from here.`);
    console.error(`Fetch ${url} elsewhere and unpack it under ${root}, then set ASR_SHERPA_MODEL_DIR=${target}.`);
    return 2;
  }
  const archive = join(root, `${name}.tar.bz2`);
  renameSync(partial, archive);
  execFileSync('tar', ['xjf', archive, '-C', root], { stdio: 'inherit' });
  rmSync(archive);
  console.log(`ASR_SHERPA_MODEL_DIR=${target}`);
  return 0;
}

process.exitCode = await main();
