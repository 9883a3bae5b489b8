/**
 * Keyword corrections (纠正列表): per-template fixes for recurring ASR errors, applied to the
 * recognized text before any matching.
 */
import type { Correction } from '../template/types.js';
import { normalize } from './normalize.js';
import { createTrie, trieInsert, trieLongest } from './trie.js';
import type { TrieNode } from './trie.js';

interface CompiledCorrection {
  /** The pair as written in the template, for traces. */
  readonly pair: Correction;
  /** Normalized replacement. */
  readonly replacement: string;
}

/** Compiled corrections: a trie of normalized keywords. Build once per template. */
export interface CorrectionIndex {
  /** @internal */
  readonly trie: TrieNode<CompiledCorrection>;
  /** Usable pairs (non-empty keyword after normalization, first of duplicates). */
  readonly size: number;
}

/** One replacement made by {@link applyCorrections}. */
export interface AppliedCorrection {
  /** The keyword as written in the template. */
  readonly keyword: string;
  /** The correction as written in the template. */
  readonly correction: string;
  /** Code-point offset of the keyword in the normalized input text. */
  readonly at: number;
}

/** Corrected text (normalized) and what was replaced, in order. */
export interface CorrectionResult {
  readonly text: string;
  readonly applied: readonly AppliedCorrection[];
}

/**
 * Compiles keyword → correction pairs. Keywords and corrections are normalized the same way as
 * the text they apply to; a keyword that normalizes to nothing is dropped, and of two pairs with
 * the same keyword the first wins.
 */
export function compileCorrections(pairs: readonly Correction[]): CorrectionIndex {
  const trie = createTrie<CompiledCorrection>();
  let size = 0;
  for (const pair of pairs) {
    const keyword = Array.from(normalize(pair.keyword));
    if (trieInsert(trie, keyword, { pair, replacement: normalize(pair.correction) })) size++;
  }
  return { trie, size };
}

/**
 * Applies corrections to `text` (normalized first): left to right, the longest keyword at each
 * position, never overlapping, and never re-scanning replaced text (so 尚班→上班 and 上班→加班
 * do not chain). The returned text is normalized.
 */
export function applyCorrections(index: CorrectionIndex, text: string): CorrectionResult {
  const normalized = normalize(text);
  if (index.size === 0) return { text: normalized, applied: [] };
  const chars = Array.from(normalized);
  const out: string[] = [];
  const applied: AppliedCorrection[] = [];
  let i = 0;
  while (i < chars.length) {
    const hit = trieLongest(index.trie, chars, i);
    if (hit) {
      out.push(hit.value.replacement);
      applied.push({ keyword: hit.value.pair.keyword, correction: hit.value.pair.correction, at: i });
      i += hit.length;
    } else {
      out.push(chars[i]!);
      i++;
    }
  }
  return { text: out.join(''), applied };
}
