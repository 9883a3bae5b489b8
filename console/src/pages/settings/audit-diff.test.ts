import { describe, expect, it } from 'vitest';
import { diffRows, flatten } from './audit-diff.js';

describe('audit before/after rows', () => {
  it('flattens nested settings to dotted paths and keeps arrays whole', () => {
    expect([...flatten({ asr: { provider: 'funasr', concurrency: 20 }, tags: ['a', 'b'], on: true })]).toEqual([
      ['asr.provider', 'funasr'], ['asr.concurrency', '20'], ['tags', '["a","b"]'], ['on', 'true'],
    ]);
  });

  it('shows the fields a change sent, marking the ones whose value moved', () => {
    const rows = diffRows({ name: '老客户', sortOrder: 1 }, { name: '重点客户' });
    expect(rows).toEqual([{ path: 'name', before: '老客户', after: '重点客户', changed: true }]);
    const same = diffRows({ asr: { concurrency: 20, apiKey: '[redacted]' } }, { asr: { concurrency: 20, apiKey: '[redacted]' } });
    expect(same.map((r) => [r.path, r.changed])).toEqual([['asr.concurrency', false], ['asr.apiKey', false]]);
  });

  it('shows what was there for a delete that sent nothing, and everything for a first save', () => {
    expect(diffRows({ name: 'x' }, null)).toEqual([{ path: 'name', before: 'x', after: undefined, changed: true }]);
    expect(diffRows(null, { name: 'x' })).toEqual([{ path: 'name', before: undefined, after: 'x', changed: true }]);
    expect(diffRows(null, null)).toEqual([]);
  });
});
