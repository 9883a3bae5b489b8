/** 语音文件: upload recordings (converted to 8 kHz mono, loudness checked), play, rename, delete. */
import { For, Show, createResource, createSignal } from 'solid-js';
import type { JSX } from 'solid-js';
import { api, get, upload } from '../../api/client.js';
import type { VoiceFile } from '../../api/types.js';
import { formatDateTime, formatDuration, hasKey, t } from '../../i18n/index.js';
import { PageHead } from '../../components/page.js';
import { ErrorBox, Notice } from '../../components/error-box.js';

export function VoiceFilesPage(): JSX.Element {
  const [files, { refetch }] = createResource(() => get<{ items: VoiceFile[] }>('/api/voice-files').then((r) => r.items));
  const [error, setError] = createSignal<unknown>(null);
  const [notice, setNotice] = createSignal<string | null>(null);
  const [warnings, setWarnings] = createSignal<{ code: string; message: string }[]>([]);
  const [busy, setBusy] = createSignal(false);
  const onFile = async (f: File): Promise<void> => {
    setBusy(true); setError(null); setWarnings([]);
    try {
      const r = await upload<{ voiceFile: VoiceFile; warnings: { code: string; message: string }[] }>('/api/voice-files', f, f.name);
      setNotice(t('voice.uploaded', { name: r.voiceFile.name }));
      setWarnings(r.warnings);
      void refetch();
    } catch (e) { setError(e); } finally { setBusy(false); }
  };
  const remove = async (v: VoiceFile): Promise<void> => {
    if (!confirm(t('common.confirmDelete', { what: v.name }))) return;
    try { await api('DELETE', `/api/voice-files/${v.id}`); void refetch(); } catch (e) { setError(e); }
  };
  return (
    <section>
      <PageHead title={t('nav.voiceFiles')}>
        <label class="button primary" classList={{ disabled: busy() }}>
          {busy() ? t('scripts.uploading') : t('voice.upload')}
          <input type="file" class="visually-hidden" accept="audio/*,.wav,.mp3,.m4a,.aac,.amr,.ogg,.opus,.flac" aria-label={t('voice.upload')} onChange={(e) => { const f = e.currentTarget.files?.[0]; if (f) void onFile(f); e.currentTarget.value = ''; }} />
        </label>
      </PageHead>
      <ErrorBox error={error() ?? files.error} />
      <Notice text={notice()} />
      <Show when={warnings().length > 0}>
        <div class="alert alert-warn" role="alert"><strong>{t('voice.warnings')}</strong><ul><For each={warnings()}>{(w) => <li>{hasKey(`voiceWarn.${w.code}`) ? t(`voiceWarn.${w.code}` as never) : w.message}</li>}</For></ul></div>
      </Show>
      <div class="table-scroll">
        <table class="data">
          <caption class="visually-hidden">{t('nav.voiceFiles')}</caption>
          <thead><tr><th scope="col">{t('voice.name')}</th><th scope="col">{t('voice.duration')}</th><th scope="col">{t('voice.play')}</th><th scope="col">{t('common.createdAt')}</th><th scope="col">{t('common.actions')}</th></tr></thead>
          <tbody>
            <For each={files() ?? []} fallback={<tr><td colspan="5" class="empty">{t('common.none')}</td></tr>}>
              {(v) => (
                <tr>
                  <td>{v.name}</td><td>{formatDuration(v.durationMs)}</td>
                  <td><audio controls preload="none" src={v.url} aria-label={`${t('voice.play')} ${v.name}`} /></td>
                  <td>{formatDateTime(v.createdAt)}</td>
                  <td><button type="button" class="danger" onClick={() => void remove(v)} aria-label={`${t('common.delete')} ${v.name}`}>{t('common.delete')}</button></td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </section>
  );
}
