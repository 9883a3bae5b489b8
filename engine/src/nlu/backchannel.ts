/**
 * Backchannel (语气词/附和): 嗯, 啊, 对对对 said over a prompt acknowledge it; they should not
 * interrupt the robot or count as an answer unless the flow wants them to.
 */
import type { AnalyzedText } from './analyze.js';
import { normalize } from './normalize.js';
import { createTrie, trieInsert, trieMatches } from './trie.js';
import type { TrieNode } from './trie.js';

/** Compiled backchannel words. Build once per template. */
export interface BackchannelIndex {
  /** @internal Normalized words, exact. */
  readonly trie: TrieNode<true>;
}

/** Compiles backchannel words (normalized, matched exactly: 嗯 is not 恩 unless both are listed). */
export function compileBackchannel(words: readonly string[]): BackchannelIndex {
  const trie = createTrie<true>();
  for (const word of words) trieInsert(trie, Array.from(normalize(word)), true);
  return { trie };
}

/**
 * True when the whole utterance is nothing but backchannel words, any number of them in any
 * order (嗯, 嗯嗯, 啊, 对对对, 嗯对). False for an empty (or punctuation-only) utterance:
 * silence is not an acknowledgement.
 */
export function isBackchannel(bc: BackchannelIndex, a: AnalyzedText): boolean {
  const n = a.chars.length;
  if (n === 0) return false;
  // reachable[i]: chars[0, i) splits into backchannel words.
  const reachable = new Array<boolean>(n + 1).fill(false);
  reachable[0] = true;
  for (let i = 0; i < n; i++) {
    if (!reachable[i]) continue;
    trieMatches(bc.trie, a.chars, i, (_, length) => {
      reachable[i + length] = true;
    });
  }
  return reachable[n] === true;
}
