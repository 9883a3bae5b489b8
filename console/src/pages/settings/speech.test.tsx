import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, waitFor } from '@solidjs/testing-library';
import { SpeechPage } from './speech.js';

/** A fake API: GET /api/speech answers `engines`, PUT records its body, the check answers `check`. */
function fakeApi(engines: unknown, check: unknown = null): { puts: unknown[] } {
  const puts: unknown[] = [];
  const json = (body: unknown, status = 200): Response => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => {
    if (url === '/api/speech' && init?.method === 'PUT') {
      const body = JSON.parse(String(init.body)) as { asr: { provider: string } | null };
      puts.push(body);
      if (body.asr?.provider === 'funasr' && !('url' in body.asr)) {
        return json({ error: { code: 'SPEECH_INVALID', message: 'invalid', details: [{ path: '/asr/url', code: 'REQUIRED', message: 'funasr needs url' }] } }, 400);
      }
      return json(engines);
    }
    if (url === '/api/speech') return json(engines);
    if (url === '/api/speech/check') return json(check);
    return json({ error: { code: 'NOT_FOUND', message: url } }, 404);
  }));
  return { puts };
}

afterEach(() => { cleanup(); vi.unstubAllGlobals(); });

/** The element, once the page has drawn it (waitFor retries while this throws). */
function find<T extends Element>(root: ParentNode, selector: string): T {
  const el = root.querySelector<T>(selector);
  if (!el) throw new Error(`no ${selector} yet`);
  return el;
}

describe('speech engines page', () => {
  it('shows the fields of the chosen provider, keys as password inputs that are never filled', async () => {
    fakeApi({ asr: { provider: 'baidu-rest', devPid: null, concurrency: 20, hasApiKey: true, hasSecretKey: true, fallback: null }, tts: null });
    const page = render(() => <SpeechPage />);
    const provider = await waitFor(() => find<HTMLSelectElement>(page.container, 'select[name="asr.provider"]'));
    await waitFor(() => expect(provider.value).toBe('baidu-rest'));
    const key = page.container.querySelector<HTMLInputElement>('input[name="asr.apiKey"]')!;
    expect([key.type, key.value]).toEqual(['password', '']);
    expect(page.getByLabelText('API Key（AppKey）')).toBe(key);
    expect(document.getElementById(key.getAttribute('aria-describedby')!)!.textContent).toBe('已设置；不填则保留');
    expect(page.container.querySelector('input[name="asr.modelDir"]')).toBeNull();
    fireEvent.change(provider, { target: { value: 'sherpa' } });
    expect(page.container.querySelector('input[name="asr.apiKey"]')).toBeNull();
    expect(page.getByLabelText('模型目录 *')).toBeTruthy();
  });

  it('saves what the form holds and pins a refusal to its input', async () => {
    const api = fakeApi({ asr: null, tts: null });
    const page = render(() => <SpeechPage />);
    const provider = await waitFor(() => find<HTMLSelectElement>(page.container, 'select[name="asr.provider"]'));
    fireEvent.change(provider, { target: { value: 'funasr' } });
    const tts = find<HTMLSelectElement>(page.container, 'select[name="tts.provider"]');
    fireEvent.change(tts, { target: { value: 'baidu' } });
    expect(find<HTMLSelectElement>(page.container, 'select[name="tts.fallback"]').value).toBe('espeak'); // Baidu falls back to espeak
    fireEvent.change(tts, { target: { value: 'espeak' } });
    expect(find<HTMLSelectElement>(page.container, 'select[name="tts.fallback"]').value).toBe('none'); // never itself
    fireEvent.input(page.getByLabelText('音量（0–15）'), { target: { value: '7' } });
    fireEvent.click(page.getByRole('button', { name: '保存语音引擎' }));
    await waitFor(() => expect(api.puts.length).toBe(1));
    expect(api.puts[0]).toEqual({ asr: { provider: 'funasr', fallback: null }, tts: { provider: 'espeak', fallback: 'none', voice: { vol: 7 } } });
    await waitFor(() => expect(page.getByLabelText('服务地址 *').getAttribute('aria-invalid')).toBe('true'));
    expect(page.getByText('funasr needs url')).toBeTruthy();
    // The headline points at the fields instead of repeating them.
    const alert = page.getByRole('alert');
    expect(alert.textContent).toContain('语音引擎设置有误，请看标红的项。');
    expect(alert.textContent).not.toContain('/asr/url');
  });

  it('checks the saved engines and says which works', async () => {
    fakeApi({ asr: null, tts: { provider: 'espeak', voice: { per: 0, spd: 5, pit: 5, vol: 5 }, concurrency: 5, fallback: 'none', hasCredentials: false } }, { asr: null, tts: { ok: true, provider: 'espeak', latencyMs: 12 } });
    const page = render(() => <SpeechPage />);
    fireEvent.click(await waitFor(() => page.getByRole('button', { name: '检测' })));
    const status = await waitFor(() => page.getByRole('status', { name: '检测' }));
    expect(status.textContent).toContain('语音识别: 未设置，无需检测');
    expect(status.textContent).toContain('语音合成: espeak — 正常（12 毫秒）');
  });
});
