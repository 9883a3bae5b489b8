/**
 * A provider's health as this process has seen it: permanent failures (credentials, model) mark
 * it down until it is rebuilt with new configuration; recent transient failures mark it degraded.
 */
import type { AsrClock } from './clock.js';
import type { AsrError } from './errors.js';
import type { AsrHealth } from './types.js';

/** How long a transient failure keeps a provider "degraded". */
const DEGRADED_FOR_MS = 60_000;

/** Records outcomes and answers `health()`. */
export class HealthTracker {
  private lastError: { code: string; atMs: number; permanent: boolean } | undefined;
  openStreams = 0;

  constructor(private readonly provider: string, private readonly clock: AsrClock) {}

  /** Notes a failure. */
  failed(error: AsrError): void {
    this.lastError = { code: error.code, atMs: this.clock.now(), permanent: error.code === 'ASR_AUTH' || error.code === 'ASR_MODEL_MISSING' || error.code === 'ASR_MODEL_INVALID' };
  }

  /** The permanent failure that stops this provider, if any. */
  get permanentError(): string | undefined {
    return this.lastError?.permanent ? this.lastError.code : undefined;
  }

  /** A snapshot for `AsrProvider.health()`. */
  snapshot(): AsrHealth {
    const last = this.lastError;
    const status = !last ? 'ok' : last.permanent ? 'down' : this.clock.now() - last.atMs < DEGRADED_FOR_MS ? 'degraded' : 'ok';
    return {
      provider: this.provider,
      status,
      openStreams: this.openStreams,
      ...(last ? { lastError: { code: last.code, atMs: last.atMs } } : {}),
    };
  }
}
