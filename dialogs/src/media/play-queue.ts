/**
 * What a call plays: prompts and streamed PCM (8 kHz, 16-bit, mono) queued back to back. The
 * pacer pulls exactly one frame per tick; a prompt ending mid-frame is followed by the next
 * one in the same frame, so streamed TTS chunks join without clicks or gaps.
 */

/** How a queued prompt ended; every prompt resolves exactly once (ARCHITECTURE rule 7). */
export type PlayResult = 'finished' | 'cleared' | 'closed';

interface QueuedAudio {
  readonly pcm: Int16Array;
  offset: number;
  readonly resolve: (result: PlayResult) => void;
}

/** A FIFO of PCM; the audio is referenced, not copied, until it is pulled. */
export class PlayQueue {
  private readonly items: QueuedAudio[] = [];
  private closed = false;

  /** Whether any audio is waiting. */
  get playing(): boolean {
    return this.items.length > 0;
  }

  /** Samples still to play, across every queued prompt. */
  get pendingSamples(): number {
    let n = 0;
    for (const item of this.items) n += item.pcm.length - item.offset;
    return n;
  }

  /**
   * Queues `pcm` behind what is already queued. Resolves `finished` when its last sample has
   * been sent, `cleared` on barge-in, `closed` when the call ends first. Never rejects. The
   * caller must not modify `pcm` until it resolves.
   */
  play(pcm: Int16Array): Promise<PlayResult> {
    return new Promise((resolve) => {
      if (this.closed) { resolve('closed'); return; }
      if (pcm.length === 0) { resolve('finished'); return; }
      this.items.push({ pcm, offset: 0, resolve });
    });
  }

  /** Drops everything queued (barge-in); returns how many prompts were cut. */
  clear(): number {
    return this.drain('cleared');
  }

  /** Drops everything and refuses new audio; queued and later prompts resolve `closed`. */
  close(): void {
    this.closed = true;
    this.drain('closed');
  }

  /**
   * Fills `frame` with the next samples, zero-padding after the last prompt. Returns how many
   * samples were audio (0: nothing was playing and `frame` is silence).
   */
  pull(frame: Int16Array): number {
    let filled = 0;
    while (filled < frame.length && this.items.length > 0) {
      const item = this.items[0]!;
      const n = Math.min(frame.length - filled, item.pcm.length - item.offset);
      // A plain copy loop: a subarray view per frame would be an allocation per call per tick.
      const pcm = item.pcm;
      for (let i = 0, from = item.offset; i < n; i++) frame[filled + i] = pcm[from + i]!;
      filled += n;
      item.offset += n;
      if (item.offset >= item.pcm.length) {
        this.items.shift();
        item.resolve('finished');
      }
    }
    if (filled < frame.length) frame.fill(0, filled);
    return filled;
  }

  private drain(result: PlayResult): number {
    const cut = this.items.splice(0);
    for (const item of cut) item.resolve(result);
    return cut.length;
  }
}
