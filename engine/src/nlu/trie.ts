/**
 * A character trie over code points: finds every dictionary word starting at a position in time
 * proportional to the longest word, however many words there are. Internal to nlu.
 */

/** One trie node; `value` is set when a word ends here. */
export interface TrieNode<T> {
  readonly next: Map<string, TrieNode<T>>;
  value: T | undefined;
}

/** An empty trie. */
export function createTrie<T>(): TrieNode<T> {
  return { next: new Map(), value: undefined };
}

/**
 * Adds a word (as code points). The first value stored for a word wins, so the earlier of two
 * duplicate rows in a sheet is the one that applies; returns false for a duplicate or empty word.
 */
export function trieInsert<T>(root: TrieNode<T>, chars: readonly string[], value: T): boolean {
  if (chars.length === 0) return false;
  let node = root;
  for (const ch of chars) {
    let child = node.next.get(ch);
    if (!child) {
      child = createTrie<T>();
      node.next.set(ch, child);
    }
    node = child;
  }
  if (node.value !== undefined) return false;
  node.value = value;
  return true;
}

/** Calls `found` for every word of the trie that starts at `start` in `chars`, shortest first. */
export function trieMatches<T>(
  root: TrieNode<T>,
  chars: readonly string[],
  start: number,
  found: (value: T, length: number) => void,
): void {
  let node: TrieNode<T> | undefined = root;
  for (let i = start; i < chars.length; i++) {
    node = node.next.get(chars[i]!);
    if (!node) return;
    if (node.value !== undefined) found(node.value, i - start + 1);
  }
}

/** The longest word of the trie starting at `start`, or null. */
export function trieLongest<T>(
  root: TrieNode<T>,
  chars: readonly string[],
  start: number,
): { readonly value: T; readonly length: number } | null {
  let best: { value: T; length: number } | null = null;
  trieMatches(root, chars, start, (value, length) => {
    best = { value, length };
  });
  return best;
}
