/**
 * Counts of what the media layer holds open, so a test can prove every call released its
 * socket, pacer timer, port and recording file (issue 4: nothing leaks after a call).
 */

/** What is open right now across the process. All zero when no call is up. */
export interface MediaResources {
  sockets: number;
  timers: number;
  ports: number;
  files: number;
  sessions: number;
}

const counts: MediaResources = { sockets: 0, timers: 0, ports: 0, files: 0, sessions: 0 };

/** A snapshot of the open media resources. */
export function openResources(): MediaResources {
  return { ...counts };
}

/** @internal Adjusts one count; only the media modules call this. */
export function trackResource(kind: keyof MediaResources, delta: 1 | -1): void {
  counts[kind] += delta;
}
