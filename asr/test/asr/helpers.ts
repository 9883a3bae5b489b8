/** Shared helpers for the recognition tests. */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { PcmChunk } from '../../src/audio/pcm.js';
import { openAsrResources } from '../../src/asr/resources.js';
import type { AsrResult, AsrStream, AsrStreamOutcome } from '../../src/asr/types.js';

/** Writes every chunk, ends the stream, and gathers what it yields and how it finished. */
export async function recognize(stream: AsrStream, chunks: readonly PcmChunk[], end = true): Promise<{ results: AsrResult[]; outcome: AsrStreamOutcome }> {
  const results: AsrResult[] = [];
  stream.onResult((r) => results.push(r));
  for (const chunk of chunks) stream.write(chunk);
  if (end) stream.end();
  const outcome = await stream.finished;
  return { results, outcome };
}

/** The error code of a failed outcome, or the reason of a successful one. */
export function outcomeCode(outcome: AsrStreamOutcome): string {
  return outcome.reason === 'error' ? outcome.error.code : outcome.reason;
}

/** Waits until `predicate` holds (polling each 5 ms), failing after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Asserts nothing recognition opened is still open. */
export function expectNothingOpen(): void {
  const open = openAsrResources();
  const leaks = Object.entries(open).filter(([, n]) => n !== 0);
  if (leaks.length > 0) throw new Error(`leaked: ${JSON.stringify(open)}`);
}

/** A 127.0.0.1 port with nothing listening (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}
