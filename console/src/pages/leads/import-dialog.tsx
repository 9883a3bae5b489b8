/**
 * 导入线索: the template to fill, the file, the batch number and what to do with numbers already
 * listed; the upload's progress, then the result with the rejected rows (first ones on screen,
 * all of them in the downloadable report).
 */
import { For, Show, createSignal } from 'solid-js';
import type { JSX } from 'solid-js';
import { download, uploadWithProgress } from '../../api/client.js';
import type { ImportResult } from '../../api/types.js';
import { formatNumber, pick, t } from '../../i18n/index.js';
import { ErrorBox } from '../../components/error-box.js';

export function ImportPanel(props: { onDone: () => void }): JSX.Element {
  const [file, setFile] = createSignal<File | null>(null);
  const [batch, setBatch] = createSignal('');
  const [existing, setExisting] = createSignal<'skip' | 'update'>('skip');
  const [progress, setProgress] = createSignal<number | null>(null);
  const [result, setResult] = createSignal<ImportResult | null>(null);
  const [error, setError] = createSignal<unknown>(null);
  const start = async (e: Event): Promise<void> => {
    e.preventDefault();
    const f = file();
    if (!f) return;
    setError(null);
    setResult(null);
    setProgress(0);
    try {
      const fields: Record<string, string> = { existing: existing() };
      if (batch().trim()) fields['batch'] = batch().trim();
      const r = await uploadWithProgress<ImportResult>('/api/leads/import', f, f.name, fields, (sent, total) => setProgress(Math.round((sent / total) * 100)));
      setResult(r);
      props.onDone();
    } catch (err) {
      setError(err);
    } finally {
      setProgress(null);
    }
  };
  return (
    <div>
      <p>
        {t('import.templateHint')}{' '}
        <button type="button" class="link" onClick={() => void download('/api/leads/template?format=xlsx', 'template.xlsx').catch(setError)}>{t('import.template')}</button>
      </p>
      <form class="form" onSubmit={(e) => void start(e)}>
        <div class="field">
          <label for="import-file">{t('import.file')} *</label>
          <input id="import-file" type="file" accept=".xlsx,.xls,.csv" required onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
        </div>
        <div class="field">
          <label for="import-batch">{t('import.batch')}</label>
          <input id="import-batch" type="text" value={batch()} maxlength="64" onInput={(e) => setBatch(e.currentTarget.value)} aria-describedby="import-batch-hint" />
          <small id="import-batch-hint" class="muted">{t('import.batchHint')}</small>
        </div>
        <fieldset class="field">
          <legend>{t('import.existing')}</legend>
          <label><input type="radio" name="existing" value="skip" checked={existing() === 'skip'} onChange={() => setExisting('skip')} /> {t('import.skip')}</label>
          <label><input type="radio" name="existing" value="update" checked={existing() === 'update'} onChange={() => setExisting('update')} /> {t('import.update')}</label>
        </fieldset>
        <Show when={progress() !== null}>
          <label class="progress-label">{progress()! < 100 ? t('import.uploading') : t('import.processing')}
            <progress max="100" value={progress()!} aria-valuetext={`${progress()}%`} />
          </label>
        </Show>
        <ErrorBox error={error()} />
        <div class="form-actions"><button type="submit" class="primary" disabled={!file() || progress() !== null}>{t('import.start')}</button></div>
      </form>
      <Show when={result()}>
        {(r) => (
          <div class="panel import-result" role="status">
            <h3>{t('import.result', { batch: r().batch.code })}</h3>
            <p>{t('import.counts', { total: formatNumber(r().total), accepted: formatNumber(r().accepted), rejected: formatNumber(r().rejected), updated: formatNumber(r().updated) })}</p>
            <Show when={r().rejected > 0}>
              <button type="button" class="primary" onClick={() => void download(`${r().rejectedReportUrl ?? `/api/leads/batches/${r().batch.id}/rejected`}?format=xlsx`, `rejected-${r().batch.code}.xlsx`).catch(setError)}>
                {t('import.downloadRejected')}
              </button>
              <table class="data compact">
                <caption>{t('import.rejectedRows')}</caption>
                <thead><tr><th scope="col">{t('import.row')}</th><th scope="col">{t('import.reason')}</th><th scope="col">{t('import.cells')}</th></tr></thead>
                <tbody>
                  <For each={r().rejectedRows.slice(0, 50)}>{(row) => <tr><td>{row.row}</td><td>{pick(row)}</td><td>{row.cells.map((c) => String(c ?? '')).join(' | ')}</td></tr>}</For>
                </tbody>
              </table>
            </Show>
          </div>
        )}
      </Show>
    </div>
  );
}
