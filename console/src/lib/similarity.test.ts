import { describe, expect, it } from 'vitest';
import { groupBySimilarity, similarity } from './similarity.js';

describe('unmatched grouping', () => {
  it('scores phrasings of the same thing high and unrelated ones low', () => {
    expect(similarity('你们是哪个公司', '你们是哪个公司的')).toBeGreaterThan(0.8);
    expect(similarity('利息多少', '我在开车')).toBe(0);
  });
  it('groups similar utterances around the most frequent one and orders groups by total count', () => {
    const groups = groupBySimilarity([
      { id: 1, text: '利息是多少', count: 2 },
      { id: 2, text: '我在开车', count: 5 },
      { id: 3, text: '利息是多少啊', count: 4 },
      { id: 4, text: '利息多少', count: 1 },
    ]);
    expect(groups.map((g) => [g.leader.id, g.members.map((m) => m.id), g.total])).toEqual([[3, [3, 1, 4], 7], [2, [2], 5]]);
  });
});
