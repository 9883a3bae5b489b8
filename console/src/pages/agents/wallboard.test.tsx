import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, waitFor } from '@solidjs/testing-library';
import { WallboardPage, liveDuration } from './wallboard.js';
import type { Wallboard } from './wallboard.js';
import { agentsHint } from './groups.js';

afterEach(() => { cleanup(); vi.unstubAllGlobals(); });

const agent = (userId: number, name: string, status: string, durationMs: number) => ({
  userId, name, extensionId: null, status, since: '2026-11-21T09:00:00.000Z', durationMs, busyReason: status === 'busy' ? '午休' : null,
  registered: true, afterCallUntil: null, onCall: status === 'talking', callsToday: 2, talkMsToday: 95_000,
});
const board: Wallboard = {
  at: '2026-11-21T09:00:00.000Z', calls: { robot: 7, ringingAgents: 0, withAgents: 1 },
  agents: [agent(11, '小李', 'talking', 65_000), agent(12, '小张', 'busy', 5_000)] as Wallboard['agents'],
  byStatus: { offline: 0, idle: 0, ringing: 0, talking: 1, 'after-call': 0, busy: 1 },
  today: { dialed: 40, answered: 20, transferred: 3, agentCalls: 4, agentTalkMs: 190_000 }, groups: [],
};

describe('agent wallboard', () => {
  it('shows calls, states with durations and today\'s counts; listens in on a talking agent; lists the state log', async () => {
    const posts: string[] = [];
    vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => {
      const json = (b: unknown, status = 200) => new Response(JSON.stringify(b), { status, headers: { 'content-type': 'application/json' } });
      if (url === '/api/agents/wallboard') return json(board);
      if (url.startsWith('/api/agents/state-log')) return json({ items: [{ userId: 12, state: 'idle', reason: null, startAt: '2026-11-21T08:00:00.000Z', endAt: '2026-11-21T08:30:00.000Z', durationMs: 1_800_000, nextState: 'busy' }] });
      if (init?.method === 'POST') { posts.push(url); return json({ ringing: true }, 202); }
      return json({ error: { code: 'NOT_FOUND', message: url } }, 404);
    }));
    const page = render(() => <WallboardPage />);
    await waitFor(() => expect(page.container.querySelector('tr[data-agent="11"]')).not.toBeNull());
    const row = (id: number) => [...page.container.querySelector(`tr[data-agent="${id}"]`)!.children].map((c) => c.textContent);
    expect(row(11).slice(0, 5)).toEqual(['小李', '通话', '1:05', '2', '1:35']);
    expect(row(12).slice(0, 2)).toEqual(['小张', '示忙 （午休）']);
    expect(page.container.querySelector('.stats')!.textContent).toContain('7');
    // Only a talking agent can be listened to.
    expect(page.getAllByRole('button', { name: '监听' })).toHaveLength(1);
    fireEvent.click(page.getByRole('button', { name: '监听' }));
    await waitFor(() => expect(page.container.textContent).toContain('您的电话正在振铃'));
    expect(posts).toEqual(['/api/agents/11/listen']);
    await waitFor(() => expect(page.container.textContent).toContain('空闲'));
    expect(page.container.textContent).toContain('30:00');
  });

  it('ticks durations from the snapshot and names agents for the members field', () => {
    expect(liveDuration({ durationMs: 65_000 }, 2_000)).toBe(67_000);
    expect(liveDuration({ durationMs: 65_000 }, -50)).toBe(65_000);
    expect(agentsHint([{ userId: 11, name: '小李' }, { userId: 12, name: '小张' }])).toBe('小李 (11), 小张 (12)');
  });
});
