import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, waitFor } from '@solidjs/testing-library';
import { ScreenPop, groupedPhone } from './screen-pop.js';
import type { ScreenPopEvent } from './screen-pop.js';
import { FollowUp, followUpBody } from './follow-up.js';

afterEach(() => { cleanup(); vi.unstubAllGlobals(); });

const event: ScreenPopEvent = {
  type: 'screen-pop', atMs: 1_795_300_000_000, agentId: '7',
  pop: {
    callRef: 'a84b@127.0.0.1', customer: { phone: '13800138000', name: '张先生' }, flow: '转顾问', grade: 'A', tags: ['有资金需求', '意向信用贷'],
    transcript: [
      { speaker: 'robot', text: '张先生您好，请问您最近有资金方面的需要吗？' },
      { speaker: 'customer', text: '有啊，最近正好要周转一下' },
    ],
    lead: { 姓名: '张先生', 额度: '50万', 公司: '' }, taskId: '3', leadId: '12',
  },
};

describe('screen pop', () => {
  it('shows the customer, grade, tags, lead fields and the conversation before the transfer', () => {
    const { container, getByRole, getByLabelText } = render(() => <ScreenPop event={event} />);
    expect(getByRole('heading', { level: 2 }).textContent).toBe('张先生');
    expect(getByLabelText('客户号码').textContent).toBe('138 0013 8000');
    expect(getByLabelText('意向等级').textContent).toBe('A');
    expect([...container.querySelectorAll('.tags li')].map((li) => li.textContent)).toEqual(['有资金需求', '意向信用贷']);
    // 姓名 is the heading; an empty field is left out.
    expect([...container.querySelectorAll('.screen-pop-fields dt')].map((d) => d.textContent)).toEqual(['额度']);
    const turns = [...container.querySelectorAll('.transcript li')].map((li) => [li.className, li.textContent]);
    expect(turns).toEqual([['turn turn-robot', '机器人张先生您好，请问您最近有资金方面的需要吗？'], ['turn turn-customer', '客户有啊，最近正好要周转一下']]);
    expect(container.querySelector('[data-call-ref]')!.getAttribute('data-call-ref')).toBe('a84b@127.0.0.1');
    expect(container.textContent).toContain('机器人在“转顾问”转接');
  });

  it('copes with a pop without a name, grade or conversation', () => {
    const bare: ScreenPopEvent = { ...event, pop: { ...event.pop, customer: { phone: '02150001234', name: null }, grade: null, tags: [], transcript: [], lead: {} } };
    const { container, getByRole } = render(() => <ScreenPop event={bare} />);
    expect(getByRole('heading', { level: 2 }).textContent).toBe('未知客户');
    expect(container.querySelector('.badge')).toBeNull();
    expect(container.textContent).toContain('（没有对话）');
    expect(groupedPhone('02150001234')).toBe('02150001234');
  });
});

describe('follow-up after the call', () => {
  const now = Date.parse('2026-11-21T10:00:00Z');
  it('builds the request: a disposition is required, a callback needs a future time (Beijing wall clock)', () => {
    expect(followUpBody({ disposition: ' ', notes: '', action: 'none', callbackAt: '' }, now)).toMatchObject({ ok: false, field: 'disposition' });
    expect(followUpBody({ disposition: '需回访', notes: '', action: 'callback', callbackAt: '' }, now)).toMatchObject({ ok: false, key: 'followUp.needTime' });
    expect(followUpBody({ disposition: '需回访', notes: '', action: 'callback', callbackAt: '2026-11-21T17:59' }, now)).toMatchObject({ ok: false, key: 'followUp.pastTime' });
    expect(followUpBody({ disposition: '需回访', notes: ' 下午 ', action: 'callback', callbackAt: '2026-11-22T14:30' }, now))
      .toEqual({ ok: true, body: { disposition: '需回访', notes: '下午', action: 'callback', callbackAt: '2026-11-22T06:30:00.000Z' } });
  });

  it('submits the note and the next step, then calls onDone; shows a refusal and stays', async () => {
    const posts: { url: string; body: unknown }[] = [];
    let refuse = true;
    vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => {
      posts.push({ url, body: JSON.parse(String(init?.body)) });
      if (refuse) return new Response(JSON.stringify({ error: { code: 'CALL_HAS_NO_LEAD', message: 'no lead' } }), { status: 409, headers: { 'content-type': 'application/json' } });
      return new Response(JSON.stringify({ followUp: { id: 1 }, disposition: '有意向', customerId: 5, state: { status: 'idle' } }), { status: 200, headers: { 'content-type': 'application/json' } });
    }));
    const done = vi.fn();
    const { container, getByLabelText, getByRole, findByRole } = render(() => <FollowUp callId={42} onDone={done} />);
    fireEvent.click(getByRole('button'));
    expect(posts).toHaveLength(0); // no disposition yet
    expect(container.querySelector('.field-error')!.textContent).toBe('请填写处理结果。');
    fireEvent.input(getByLabelText('处理结果'), { target: { value: '有意向' } });
    fireEvent.input(getByLabelText('跟进备注'), { target: { value: '明天发方案' } });
    fireEvent.click(getByLabelText('移到客户管理'));
    fireEvent.click(getByRole('button'));
    expect((await findByRole('alert')).textContent).toContain('这通电话没有对应的线索');
    expect(done).not.toHaveBeenCalled();
    refuse = false;
    fireEvent.click(getByRole('button', { name: '提交并结束话后处理' }));
    await waitFor(() => expect(done).toHaveBeenCalledOnce());
    expect(posts.map((p) => p.url)).toEqual(['/api/calls/42/follow-up', '/api/calls/42/follow-up']);
    expect(posts[1]!.body).toEqual({ disposition: '有意向', notes: '明天发方案', action: 'move-to-crm' });
  });
});
