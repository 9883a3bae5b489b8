import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, waitFor } from '@solidjs/testing-library';
import { MemoryRouter, Route } from '@solidjs/router';
import { TaskForm } from './form.js';
import type { Choices } from './form.js';

/** The form's own reads (batches, versions) answered by a fake server; what it sends is kept. */
function fakeServer(): { sent: { method: string; url: string; body: unknown }[] } {
  const sent: { method: string; url: string; body: unknown }[] = [];
  vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    if (method !== 'GET') {
      sent.push({ method, url, body: JSON.parse(String(init?.body ?? 'null')) });
      return new Response(JSON.stringify({ task: { id: 42 }, submitted: { added: 3, alreadyQueued: 0 } }), { status: 201, headers: { 'content-type': 'application/json' } });
    }
    const json = url.startsWith('/api/leads/batches')
      ? { items: [{ id: 7, code: 'DEMO-1', leads: 3 }], total: 1 }
      : url.startsWith('/api/scripts/3/versions') ? { items: [{ number: 2, createdAt: '', note: null, createdById: null }, { number: 1, createdAt: '', note: null, createdById: null }] } : {};
    return new Response(JSON.stringify(json), { status: 200, headers: { 'content-type': 'application/json' } });
  });
  return { sent };
}

const choices: Choices = {
  scripts: [{ id: 3, name: '贷款话术', industry: null, shared: false, currentVersion: 2, revision: 1, updatedAt: '' }],
  trunks: [{ id: 1, name: '测试外线', enabled: true }],
  callerIds: [{ id: 5, number: '02000000000', trunkId: 1, approved: true, note: null, enterpriseId: 1 }],
  groups: [],
  sms: { enabled: false, templates: [] },
};

const mount = (onSaved: (id: number, q: string) => void) =>
  render(() => <MemoryRouter><Route path="/" component={() => <TaskForm choices={choices} task={null} onSaved={onSaved} />} /></MemoryRouter>);

describe('the task form', () => {
  afterEach(() => { vi.unstubAllGlobals(); });

  it('marks every problem beside its field and sends nothing', async () => {
    const server = fakeServer();
    const { getAllByRole, getByLabelText, findByText, container } = mount(() => undefined);
    await findByText('DEMO-1（3 条线索）');
    fireEvent.input(getByLabelText('并发线路 *'), { target: { value: '0' } });
    fireEvent.input(getByLabelText('周三 休息时段'), { target: { value: '午休' } });
    fireEvent.submit(container.querySelector('form')!);
    expect(getAllByRole('alert')[0]!.textContent).toBe('有 5 处需要修改，已在对应位置标出。');
    const name = getByLabelText('任务名称 *');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(name.getAttribute('aria-describedby')!)!.textContent).toBe('必填');
    expect(getByLabelText('并发线路 *').getAttribute('aria-invalid')).toBe('true');
    const breaks = getByLabelText('周三 休息时段');
    expect(document.getElementById(breaks.getAttribute('aria-describedby')!)!.textContent).toContain('12:00-13:00');
    expect(container.textContent).toContain('请选择至少一个导入批次');
    expect(server.sent).toEqual([]);
    // Fixing a field clears its mark while the others stay.
    fireEvent.input(name, { target: { value: '回访' } });
    expect(name.getAttribute('aria-invalid')).toBe('false');
    expect(getByLabelText('并发线路 *').getAttribute('aria-invalid')).toBe('true');
  });

  it('creates the task with its settings and leads once the form is right', async () => {
    const server = fakeServer();
    const saved: [number, string][] = [];
    const { getByLabelText, getByRole, findByText } = mount((id, q) => saved.push([id, q]));
    fireEvent.input(getByLabelText('任务名称 *'), { target: { value: '双十一回访' } });
    fireEvent.change(getByLabelText('话术 *'), { target: { value: '3' } });
    fireEvent.change(getByLabelText('外线'), { target: { value: '1' } });
    fireEvent.click(getByLabelText('02000000000'));
    fireEvent.click(await findByText('DEMO-1（3 条线索）'));
    fireEvent.input(getByLabelText('并发线路 *'), { target: { value: '5' } });
    fireEvent.input(getByLabelText('无人接听 重呼次数'), { target: { value: '1' } });
    fireEvent.click(getByRole('button', { name: '创建任务' }));
    await waitFor(() => expect(saved).toEqual([[42, '?created=3']]));
    expect(server.sent).toHaveLength(1);
    const { method, url, body } = server.sent[0]! as { method: string; url: string; body: { settings: { callerIds: unknown; retries: Record<string, unknown>; hours: Record<string, { breaks: unknown }> } } };
    expect([method, url]).toEqual(['POST', '/api/call-tasks']);
    expect(body).toMatchObject({ name: '双十一回访', templateId: 3, trunkId: 1, lines: 5, leads: { batchIds: [7] } });
    expect(body.settings.callerIds).toEqual({ ids: [5], rule: 'round-robin', maxDailyPerNumber: 0 });
    expect(body.settings.retries.NO_ANSWER).toEqual({ count: 1, intervalMs: 30 * 60_000 });
    expect(body.settings.hours['mon']?.breaks).toEqual([{ start: '12:00', end: '13:00' }]);
  });
});
