/**
 * Groups what callees said that nothing matched, so one action handles every phrasing of the
 * same thing: character-bigram overlap (Dice), greedy around the most frequent utterance.
 * Chinese has no spaces, so bigrams of characters are the cheapest robust measure.
 */

function bigrams(text: string): Set<string> {
  const s = text.replace(/[\s，。！？、,.!?~～…]/g, '');
  const out = new Set<string>();
  if (s.length === 1) out.add(s);
  for (let i = 0; i + 1 < s.length; i++) out.add(s.slice(i, i + 2));
  return out;
}

/** 0..1: shared bigrams over all bigrams (Dice's coefficient). */
export function similarity(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  if (x.size === 0 || y.size === 0) return a === b ? 1 : 0;
  let both = 0;
  for (const g of x) if (y.has(g)) both++;
  return (2 * both) / (x.size + y.size);
}

export interface Group<T> {
  readonly leader: T;
  readonly members: T[];
  readonly total: number;
}

/** Groups items (most frequent first in, most frequent groups first out). */
export function groupBySimilarity<T extends { text: string; count: number }>(items: readonly T[], threshold = 0.5): Group<T>[] {
  const sorted = [...items].sort((a, b) => b.count - a.count);
  const groups: { leader: T; members: T[] }[] = [];
  for (const item of sorted) {
    const g = groups.find((x) => similarity(x.leader.text, item.text) >= threshold);
    if (g) g.members.push(item);
    else groups.push({ leader: item, members: [item] });
  }
  return groups
    .map((g) => ({ ...g, total: g.members.reduce((n, m) => n + m.count, 0) }))
    .sort((a, b) => b.total - a.total);
}
