/** Real test audio made here with espeak-ng (Mandarin pinyin voice) and sox. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A scratch directory; remove it with the returned function. */
export function scratch(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'waihu-asr-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Speaks `pinyin` with espeak-ng's Mandarin voice into `file` (22.05 kHz 16-bit mono WAV). */
export function speak(pinyin: string, file: string): Uint8Array {
  execFileSync('espeak-ng', ['-v', 'cmn-latn-pinyin', '-w', file, pinyin]);
  return readFileSync(file);
}

/** Runs sox with `args` (input and output files among them) and returns the output file. */
export function sox(args: readonly string[], output: string): Uint8Array {
  execFileSync('sox', [...args, output], { stdio: ['ignore', 'ignore', 'pipe'] });
  return readFileSync(output);
}
