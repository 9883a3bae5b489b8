/** Agent groups, agent states, the state log, the wallboard and live events over the API, on SQLite and PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { databases, startApi } from './support.js';
import type { TestApi } from './support.js';

describe.each(await databases())('agents on %s', (kind) => {
  let api: TestApi;
  let admin: string;
  let leader: string;
  let agent: string;
  let bravo: string;
  let agentId: number;
  let leaderId: number;
  let agent2Id: number;
  beforeAll(async () => {
    api = await startApi(kind);
    [admin, leader, agent, bravo] = await Promise.all([api.login('acme'), api.login('1001@acme'), api.login('2001@acme'), api.login('bravo')]);
    const users = await api.db.user.findMany({ where: { enterpriseId: api.a.id }, select: { id: true, workNo: true } });
    agentId = users.find((u) => u.workNo === '2001')!.id;
    leaderId = users.find((u) => u.workNo === '1001')!.id;
    const ext = await api.db.extension.create({ data: { enterpriseId: api.a.id, number: '8002', sipPassword: 'v1:x' } });
    agent2Id = (await api.db.user.create({ data: { enterpriseId: api.a.id, role: 'AGENT', workNo: '2002', name: '坐席二', passwordHash: 'x', extensionId: ext.id } })).id;
  });
  afterAll(async () => { await api?.close(); });

  it('keeps groups with a strategy and members in ring order; says which member is wrong', async () => {
    const r = await api.call('POST', '/api/agent-groups', leader, { name: '销售组', strategy: 'FEWEST_CALLS', ringTimeoutMs: 15_000, afterCallWorkMs: 30_000, memberIds: [agent2Id, agentId] });
    expect(r.statusCode, r.body).toBe(201);
    const g = r.json().group;
    expect(g).toMatchObject({ name: '销售组', strategy: 'FEWEST_CALLS', ringTimeoutMs: 15_000, afterCallWorkMs: 30_000, enabled: true });
    expect(g.members.map((m: { userId: number; position: number }) => [m.userId, m.position])).toEqual([[agent2Id, 0], [agentId, 1]]);
    const admins = await api.db.user.findFirstOrThrow({ where: { enterpriseId: api.a.id, role: 'ENTERPRISE_ADMIN' } });
    const bad = await api.call('POST', '/api/agent-groups', admin, { name: '坏组', memberIds: [agentId, admins.id, 999_999] });
    expect([bad.statusCode, bad.json().error.code, bad.json().error.details.map((d: { path: string }) => d.path)]).toEqual([400, 'AGENT_UNKNOWN', ['/memberIds/1', '/memberIds/2']]);
    expect((await api.call('POST', '/api/agent-groups', admin, { name: '销售组' })).json().error.code).toBe('AGENT_GROUP_NAME_TAKEN');
    expect((await api.call('POST', '/api/agent-groups', admin, { name: 'x', strategy: 'LOUDEST' })).statusCode).toBe(400);
    expect((await api.call('GET', '/api/agent-groups', agent)).statusCode).toBe(403);
    expect((await api.call('GET', `/api/agent-groups/${g.id}`, bravo)).statusCode).toBe(404);
    const p = await api.call('PATCH', `/api/agent-groups/${g.id}`, admin, { strategy: 'IN_ORDER', memberIds: [agentId, agent2Id, leaderId] });
    expect(p.json().group.members.map((m: { userId: number }) => m.userId)).toEqual([agentId, agent2Id, leaderId]);
    expect((await api.call('GET', '/api/agent-groups', leader)).json().items).toHaveLength(1);
    const temp = (await api.call('POST', '/api/agent-groups', admin, { name: '临时组' })).json().group;
    expect((await api.call('DELETE', `/api/agent-groups/${temp.id}`, admin)).statusCode).toBe(204);
    expect((await api.call('GET', `/api/agent-groups/${temp.id}`, admin)).statusCode).toBe(404);
  });

  it('lets an agent sign in, 示忙 with a reason and sign out, timing each state and logging the spans', async () => {
    const start = api.clock.now;
    expect((await api.call('GET', '/api/agents/me/state', agent)).json().state).toMatchObject({ userId: agentId, status: 'offline' });
    expect((await api.call('PUT', '/api/agents/me/state', agent, { status: 'idle' })).json().state).toMatchObject({ status: 'idle', durationMs: 0 });
    api.clock.now += 65_000;
    expect((await api.call('GET', '/api/agents/me/state', agent)).json().state).toMatchObject({ status: 'idle', durationMs: 65_000 });
    expect((await api.call('PUT', '/api/agents/me/state', agent, { status: 'busy', reason: '午休' })).json().state).toMatchObject({ status: 'busy', busyReason: '午休' });
    api.clock.now += 30_000;
    expect((await api.call('PUT', '/api/agents/me/state', agent, { status: 'busy' })).json().state).toMatchObject({ busyReason: '示忙' });
    expect((await api.call('PUT', '/api/agents/me/state', agent, { status: 'talking' })).statusCode).toBe(400);
    expect((await api.call('PUT', '/api/agents/me/state', admin, { status: 'idle' })).statusCode).toBe(403);
    await api.app.agents.flush();
    const log = (await api.call('GET', '/api/agents/state-log', agent)).json().items;
    expect(log.map((r: { state: string; durationMs: number; nextState: string; reason: string | null }) => [r.state, r.durationMs, r.nextState, r.reason])).toEqual([
      ['busy', 30_000, 'busy', '午休'], ['idle', 65_000, 'busy', null], ['offline', 0, 'idle', null],
    ]);
    expect(log[2].startAt).toBe(new Date(start).toISOString());
    // Another agent's log is not theirs to read; a leader reads anyone's.
    expect((await api.call('GET', `/api/agents/state-log?userId=${leaderId}`, agent)).json().items.every((r: { userId: number }) => r.userId === agentId)).toBe(true);
    expect((await api.call('GET', `/api/agents/state-log?userId=${agentId}`, leader)).json().items).toHaveLength(3);
    expect((await api.call('GET', '/api/agents/state-log', bravo)).json().items).toEqual([]);
  });

  it('follows the phone\'s registration and transfer calls; refuses a state change mid-call; shows leaders the group and the wallboard', async () => {
    const hub = api.app.agents;
    const ext = await api.db.user.findUniqueOrThrow({ where: { id: agent2Id }, select: { extensionId: true } });
    await hub.registrarEvent({ type: 'online', extensionId: String(ext.extensionId), enterpriseId: String(api.a.id) });
    const board = await hub.board(api.a.id);
    expect(board.agent(String(agent2Id))).toMatchObject({ status: 'idle', registered: true });
    await api.call('PUT', '/api/agents/me/state', agent, { status: 'idle' });
    const group = board.group('销售组')!;
    // IN_ORDER: the agent (first) rings; then answers; the console cannot move them meanwhile.
    expect(board.reserve(group, 'attempt-1')).toBe(String(agentId));
    board.apply(String(agentId), { type: 'answered', callRef: 'attempt-1' });
    const refused = await api.call('PUT', '/api/agents/me/state', agent, { status: 'busy', reason: '上厕所' });
    expect([refused.statusCode, refused.json().error.code]).toEqual([409, 'AGENT_ON_CALL']);
    api.clock.now += 42_000;
    const gid = group.id;
    const members = (await api.call('GET', `/api/agent-groups/${gid}/agents`, leader)).json().items;
    expect(members.map((m: { userId: number; status: string }) => [m.userId, m.status])).toEqual([[agentId, 'talking'], [agent2Id, 'idle'], [leaderId, 'offline']]);
    expect(members[0]).toMatchObject({ durationMs: 42_000, onCall: true, callsToday: 1 });
    expect((await api.call('GET', `/api/agent-groups/${gid}/agents`, agent)).statusCode).toBe(403);
    const wall = (await api.call('GET', '/api/agents/wallboard', leader)).json();
    expect(wall).toMatchObject({ calls: { robot: 0, ringingAgents: 0, withAgents: 1 }, byStatus: { talking: 1, idle: 1 }, today: { agentCalls: 1 } });
    expect(wall.groups).toEqual([{ id: Number(gid), name: '销售组', strategy: 'IN_ORDER', enabled: true, members: 3, idle: 1 }]);
    board.apply(String(agentId), { type: 'call-ended', callRef: 'attempt-1' });
    expect((await api.call('GET', '/api/agents/me/state', agent)).json().state).toMatchObject({ status: 'after-call', talkMsToday: 42_000 });
    // The agent may leave after-call work early.
    expect((await api.call('PUT', '/api/agents/me/state', agent, { status: 'idle' })).json().state.status).toBe('idle');
    await hub.registrarEvent({ type: 'offline', extensionId: String(ext.extensionId), enterpriseId: String(api.a.id) });
    expect(board.agent(String(agent2Id))).toMatchObject({ status: 'offline', registered: false });
    // Group edits reach the live board at once.
    await api.call('PATCH', `/api/agent-groups/${gid}`, leader, { enabled: false });
    expect(board.group(gid)!.enabled).toBe(false);
    expect(board.reserve(board.group(gid)!, 'attempt-2')).toBeNull();
    expect((await api.call('GET', '/api/agents', bravo)).json().items.map((a: { userId: number }) => a.userId)).not.toContain(agentId);
  });

  it('streams live events: an agent sees their own state changes, a leader everyone\'s', async () => {
    await api.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
    const open = async (token: string) => {
      const abort = new AbortController();
      const res = await fetch(`${base}/api/agents/events`, { headers: { authorization: `Bearer ${token}` }, signal: abort.signal });
      expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
      const reader = res.body!.getReader();
      let text = '';
      return {
        abort: () => abort.abort(),
        async until(pattern: RegExp): Promise<string> {
          while (!pattern.test(text)) { const { value, done } = await reader.read(); if (done) break; text += new TextDecoder().decode(value); }
          return text;
        },
      };
    };
    const mine = await open(agent);
    const all = await open(leader);
    await mine.until(/waihu agents/);
    await all.until(/waihu agents/);
    (await api.app.agents.board(api.a.id)).apply(String(leaderId), { type: 'set', status: 'idle' });
    await api.call('PUT', '/api/agents/me/state', agent, { status: 'busy', reason: '培训' });
    const seenByLeader = await all.until(/培训/);
    expect(seenByLeader).toMatch(new RegExp(`"userId":${leaderId},`));
    const seenByAgent = await mine.until(/培训/);
    expect(seenByAgent).not.toMatch(new RegExp(`"userId":${leaderId},`));
    expect(seenByAgent).toMatch(/event: agent-state\ndata: \{"type":"agent-state"/);
    mine.abort();
    all.abort();
  });
});
