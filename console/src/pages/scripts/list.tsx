/**
 * 话术模板: the enterprise's scripts, uploading a new one (a refused file opens the sheet view
 * with every problem on its cell), the blank template, renaming and sharing (是否共享) a script,
 * and other enterprises' shared scripts to copy.
 */
import { For, Show, createResource, createSignal } from 'solid-js';
import type { JSX } from 'solid-js';
import { A, useNavigate } from '@solidjs/router';
import { ApiError, api, download, get, upload } from '../../api/client.js';
import type { ScriptSummary, TemplateIssue } from '../../api/types.js';
import { formatDateTime, t } from '../../i18n/index.js';
import { PageHead } from '../../components/page.js';
import { ErrorBox, Notice } from '../../components/error-box.js';
import { RenameDialog, ShareButton } from './script-meta.js';
import { IssueGrid } from './issue-grid.js';
import { readXlsxCells } from '../../lib/xlsx-cells.js';
import type { SheetCells } from '../../lib/xlsx-cells.js';

interface Refused { fileName: string; issues: TemplateIssue[]; sheets: SheetCells[] | null }
/** A script another enterprise shares (GET /api/scripts/shared). */
interface SharedScript { readonly id: number; readonly name: string; readonly industry: string | null; readonly version: number; readonly from: string; readonly updatedAt: string }

export function ScriptsPage(): JSX.Element {
  const navigate = useNavigate();
  const [scripts, { refetch }] = createResource(() => get<{ items: ScriptSummary[] }>('/api/scripts').then((r) => r.items));
  const [shared, setShared] = createSignal<SharedScript[] | null>(null);
  const [renaming, setRenaming] = createSignal<ScriptSummary | null>(null);
  const [notice, setNotice] = createSignal<string | null>(null);
  const changed = (_s: ScriptSummary, message: string): void => { setError(null); setNotice(message); void refetch(); };
  const [error, setError] = createSignal<unknown>(null);
  const [refused, setRefused] = createSignal<Refused | null>(null);
  const [busy, setBusy] = createSignal(false);
  let fileInput!: HTMLInputElement;

  const onFile = async (file: File): Promise<void> => {
    setError(null);
    setRefused(null);
    setBusy(true);
    try {
      const r = await upload<{ script: ScriptSummary }>('/api/scripts', file, file.name);
      navigate(`/scripts/${r.script.id}`);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'SCRIPT_INVALID') {
        const issues = (e.details as { issues?: TemplateIssue[] } | undefined)?.issues ?? [];
        setRefused({ fileName: file.name, issues, sheets: await readXlsxCells(await file.arrayBuffer()) });
      } else {
        setError(e);
      }
    } finally {
      setBusy(false);
      fileInput.value = '';
    }
  };

  const loadShared = async (): Promise<void> => {
    try {
      setShared((await get<{ items: SharedScript[] }>('/api/scripts/shared')).items);
    } catch (e) {
      setError(e);
    }
  };
  const copy = async (id: number): Promise<void> => {
    try {
      const r = await api<{ script: ScriptSummary }>('POST', `/api/scripts/shared/${id}/copy`, {});
      navigate(`/scripts/${r.script.id}`);
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section>
      <PageHead title={t('nav.scripts')}>
        <label class="button primary" classList={{ disabled: busy() }}>
          {busy() ? t('scripts.uploading') : t('scripts.upload')}
          <input
            ref={fileInput} type="file" class="visually-hidden" accept=".xlsx,.xls" aria-label={t('scripts.uploadFile')}
            onChange={(e) => { const f = e.currentTarget.files?.[0]; if (f) void onFile(f); }}
          />
        </label>
        <button type="button" onClick={() => void download('/api/scripts/blank?format=xlsx', 'blank.xlsx').catch(setError)}>{t('scripts.blank')}</button>
        <button type="button" onClick={() => void loadShared()}>{t('scripts.shared')}</button>
      </PageHead>
      <ErrorBox error={error() ?? scripts.error} />
      <Notice text={notice()} />
      <Show when={refused()}>
        {(r) => (
          <div class="panel refused" role="alert" aria-live="assertive">
            <h2>{t('scripts.refused', { file: r().fileName, n: r().issues.filter((i) => i.severity === 'error').length })}</h2>
            <p class="muted">{t('scripts.refusedHint')}</p>
            <IssueGrid sheets={r().sheets} issues={r().issues} />
          </div>
        )}
      </Show>
      <Show when={shared()}>
        {(list) => (
          <div class="panel">
            <h2>{t('scripts.shared')}</h2>
            <p class="muted">{t('scripts.sharedHint')}</p>
            <Show when={list().length > 0} fallback={<p class="muted">{t('common.none')}</p>}>
              <table class="data compact">
                <caption class="visually-hidden">{t('scripts.shared')}</caption>
                <thead><tr><th scope="col">{t('scripts.name')}</th><th scope="col">{t('scripts.industry')}</th><th scope="col">{t('scripts.from')}</th><th scope="col">{t('scripts.version')}</th><th scope="col">{t('common.actions')}</th></tr></thead>
                <tbody>
                  <For each={list()}>
                    {(s) => (
                      <tr>
                        <td>{s.name}</td><td>{s.industry ?? ''}</td><td>{s.from}</td><td>v{s.version}</td>
                        <td><button type="button" aria-label={`${t('scripts.copy')} ${s.name}`} onClick={() => void copy(s.id)}>{t('scripts.copy')}</button></td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </Show>
          </div>
        )}
      </Show>
      <table class="data">
        <caption class="visually-hidden">{t('nav.scripts')}</caption>
        <thead><tr><th scope="col">{t('scripts.name')}</th><th scope="col">{t('scripts.industry')}</th><th scope="col">{t('scripts.version')}</th><th scope="col">{t('scripts.shareState')}</th><th scope="col">{t('common.updatedAt')}</th><th scope="col">{t('common.actions')}</th></tr></thead>
        <tbody>
          <For each={scripts() ?? []} fallback={<tr><td colspan="6" class="empty">{scripts.loading ? t('common.loading') : t('scripts.empty')}</td></tr>}>
            {(s) => (
              <tr>
                <td><A href={`/scripts/${s.id}`}>{s.name}</A></td>
                <td>{s.industry ?? ''}</td>
                <td>v{s.currentVersion}</td>
                <td>{s.shared ? t('scripts.isShared') : ''}</td>
                <td>{formatDateTime(s.updatedAt)}</td>
                <td class="row-actions">
                  <button type="button" aria-label={`${t('scripts.rename')} ${s.name}`} onClick={() => setRenaming(s)}>{t('scripts.rename')}</button>
                  <ShareButton script={s} onDone={changed} onError={setError} />
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <button type="button" class="visually-hidden" onClick={() => void refetch()}>{t('common.refresh')}</button>
      <RenameDialog script={renaming()} onClose={() => setRenaming(null)} onDone={changed} />
    </section>
  );
}
