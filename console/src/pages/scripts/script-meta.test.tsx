import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, waitFor } from '@solidjs/testing-library';
import type { ScriptSummary } from '../../api/types.js';
import { RenameDialog, ShareButton } from './script-meta.js';

const script: ScriptSummary = { id: 7, name: '贷款话术', industry: '金融', shared: false, currentVersion: 3, revision: 5, updatedAt: '2026-11-21T01:00:00Z' };

/** A fake PATCH /api/scripts/7: answers the script changed, or 409 when the revision is not 5. */
function fakeApi(): { bodies: Record<string, unknown>[] } {
  const bodies: Record<string, unknown>[] = [];
  vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
    bodies.push(body);
    if (url !== '/api/scripts/7' || init?.method !== 'PATCH') return new Response('{}', { status: 404 });
    if (body['revision'] !== 5) return new Response(JSON.stringify({ error: { code: 'REVISION_CONFLICT', message: 'stale' } }), { status: 409 });
    const { revision: _r, ...changes } = body;
    return new Response(JSON.stringify({ script: { ...script, ...changes, revision: 6 } }), { status: 200, headers: { 'content-type': 'application/json' } });
  }));
  return { bodies };
}

afterEach(() => { cleanup(); vi.unstubAllGlobals(); });

describe('script name and sharing', () => {
  it('shares with the revision it read and says so', async () => {
    const api = fakeApi();
    const done = vi.fn();
    const page = render(() => <ShareButton script={script} onDone={done} onError={() => undefined} />);
    const button = page.getByRole('button', { name: '共享 贷款话术' });
    expect(button.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(button);
    await waitFor(() => expect(done).toHaveBeenCalled());
    expect(api.bodies).toEqual([{ revision: 5, shared: true }]);
    expect(done.mock.calls[0]![1]).toBe('“贷款话术”已共享，其他企业可以复制。');
  });

  it('renames from a labelled dialog and shows a stale revision as a conflict', async () => {
    const api = fakeApi();
    const done = vi.fn();
    const close = vi.fn();
    const page = render(() => <RenameDialog script={script} onClose={close} onDone={done} />);
    expect(page.getByRole('dialog', { name: '重命名“贷款话术”' })).toBeTruthy();
    const save = page.getByRole('button', { name: '保存' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true); // same name: nothing to save
    fireEvent.input(page.getByLabelText('新名称'), { target: { value: ' 贷款话术 v2 ' } });
    fireEvent.click(save);
    await waitFor(() => expect(done).toHaveBeenCalled());
    expect(api.bodies).toEqual([{ revision: 5, name: '贷款话术 v2' }]);
    expect(done.mock.calls[0]![1]).toBe('已重命名为“贷款话术 v2”。');
    expect(close).toHaveBeenCalled();
    cleanup();
    const stale = render(() => <RenameDialog script={{ ...script, revision: 4 }} onClose={close} onDone={done} />);
    fireEvent.input(stale.getByLabelText('新名称'), { target: { value: 'x' } });
    fireEvent.click(stale.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(stale.getByRole('alert').textContent).toContain('别人已修改过此内容'));
  });
});
