/**
 * 语音引擎: the recognition and synthesis engines as the server describes them (keys are never
 * sent back; left out, they are kept), and the live check of each engine.
 */
import { Show, createResource, createSignal } from 'solid-js';
import type { JSX } from 'solid-js';
import { api, get } from '../../api/client.js';
import { t } from '../../i18n/index.js';
import { PageHead } from '../../components/page.js';
import { ErrorBox, Notice } from '../../components/error-box.js';

interface Check { ok: boolean; provider: string; latencyMs: number | null; code?: string | null; message?: string | null }

export function SpeechPage(): JSX.Element {
  const [engines, { refetch }] = createResource(() => get<Record<string, unknown>>('/api/speech'));
  const [text, setText] = createSignal<string | null>(null);
  const [error, setError] = createSignal<unknown>(null);
  const [notice, setNotice] = createSignal<string | null>(null);
  const [check, setCheck] = createSignal<{ asr?: Check; tts?: Check } | null>(null);
  const [checking, setChecking] = createSignal(false);
  const current = (): string => text() ?? JSON.stringify(engines() ?? {}, null, 2);
  const save = async (): Promise<void> => {
    setError(null);
    try {
      const body = JSON.parse(current()) as unknown;
      await api('PUT', '/api/speech', body);
      setNotice(t('common.saved'));
      setText(null);
      void refetch();
    } catch (e) {
      setError(e instanceof SyntaxError ? new Error(t('speech.badJson')) : e);
    }
  };
  const runCheck = async (): Promise<void> => {
    setChecking(true);
    setError(null);
    try { setCheck(await api('POST', '/api/speech/check', {})); } catch (e) { setError(e); } finally { setChecking(false); }
  };
  const line = (name: string, c: Check | undefined): JSX.Element => (
    <Show when={c}>
      <li classList={{ ok: c!.ok, bad: !c!.ok }}>{name}: {c!.provider} — {c!.ok ? t('speech.ok', { ms: c!.latencyMs ?? 0 }) : `${t('speech.failed')} ${c!.code ?? ''} ${c!.message ?? ''}`}</li>
    </Show>
  );
  return (
    <section>
      <PageHead title={t('nav.speech')}>
        <button type="button" onClick={() => void runCheck()} disabled={checking()}>{checking() ? t('speech.checking') : t('speech.check')}</button>
      </PageHead>
      <p class="muted">{t('speech.intro')}</p>
      <ErrorBox error={error() ?? engines.error} />
      <Notice text={notice()} />
      <Show when={check()}>{(c) => <ul class="check-list" role="status">{line(t('speech.asr'), c().asr)}{line(t('speech.tts'), c().tts)}</ul>}</Show>
      <div class="field">
        <label for="speech-json">{t('speech.config')}</label>
        <textarea id="speech-json" class="mono" rows="18" value={current()} onInput={(e) => setText(e.currentTarget.value)} />
      </div>
      <button type="button" class="primary" onClick={() => void save()}>{t('common.save')}</button>
    </section>
  );
}
