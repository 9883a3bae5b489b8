/**
 * 导入客户: the template (姓名, 电话, 类型, then the enterprise's custom fields), the file, the
 * type for rows that name none; the upload's progress, then what happened — counts, the reasons
 * rows were refused, the first refused rows on screen and all of them in the report the server
 * keeps in its file store (downloadable until it expires).
 */
import { For, Show, createSignal } from 'solid-js';
import type { JSX } from 'solid-js';
import { download, uploadWithProgress, withQuery } from '../../api/client.js';
import type { CustomerType } from '../../api/types.js';
import { formatDateTime, formatNumber, pick, t } from '../../i18n/index.js';
import { ErrorBox } from '../../components/error-box.js';

/** The import's answer (the server's importReportSchema). */
export interface CustomerImportReport {
  readonly total: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly reasons: Record<string, number>;
  readonly rejectedRows: readonly { row: number; code: string; zh: string; en: string; cells: readonly unknown[] }[];
  readonly rejectedRowsComplete: boolean;
  readonly rejectedFile: { id: number; fileName: string; url: string; expiresAt: string | null } | null;
}

/** One reason's words: the first refused row with that code says it in both languages. */
function reasonText(r: CustomerImportReport, code: string): string {
  const row = r.rejectedRows.find((x) => x.code === code);
  return row ? pick(row) : code;
}

export function CustomerImportResult(props: { report: CustomerImportReport; onError: (e: unknown) => void }): JSX.Element {
  const r = (): CustomerImportReport => props.report;
  return (
    <div class="panel import-result" role="status">
      <h3>{t('customerImport.done')}</h3>
      <p>{t('customerImport.counts', { total: formatNumber(r().total), accepted: formatNumber(r().accepted), rejected: formatNumber(r().rejected) })}</p>
      <Show when={r().rejected > 0}>
        <ul class="plain">
          <For each={Object.entries(r().reasons)}>{([code, n]) => <li>{reasonText(r(), code)}: {formatNumber(n)}</li>}</For>
        </ul>
        <Show when={r().rejectedFile}>
          {(f) => (
            <p>
              <button type="button" class="primary" onClick={() => void download(f().url, f().fileName).catch(props.onError)}>{t('import.downloadRejected')}</button>
              <Show when={f().expiresAt}>{' '}<small class="muted">{t('customerImport.expires', { at: formatDateTime(f().expiresAt) })}</small></Show>
            </p>
          )}
        </Show>
        <table class="data compact">
          <caption>{r().rejectedRowsComplete ? t('customerImport.rejectedRows') : t('customerImport.firstRejectedRows', { n: r().rejectedRows.length })}</caption>
          <thead><tr><th scope="col">{t('import.row')}</th><th scope="col">{t('import.reason')}</th><th scope="col">{t('import.cells')}</th></tr></thead>
          <tbody>
            <For each={r().rejectedRows}>{(row) => <tr><td>{row.row}</td><td>{pick(row)}</td><td>{row.cells.map((c) => String(c ?? '')).join(' | ')}</td></tr>}</For>
          </tbody>
        </table>
      </Show>
    </div>
  );
}

export function CustomerImportPanel(props: { types: readonly CustomerType[]; onDone: () => void }): JSX.Element {
  const [file, setFile] = createSignal<File | null>(null);
  const [typeId, setTypeId] = createSignal('');
  const [progress, setProgress] = createSignal<number | null>(null);
  const [report, setReport] = createSignal<CustomerImportReport | null>(null);
  const [error, setError] = createSignal<unknown>(null);
  const start = async (e: Event): Promise<void> => {
    e.preventDefault();
    const f = file();
    if (!f) return;
    setError(null);
    setReport(null);
    setProgress(0);
    try {
      const r = await uploadWithProgress<CustomerImportReport>(withQuery('/api/customers/import', { typeId: typeId() }), f, f.name, {}, (sent, total) => setProgress(Math.round((sent / total) * 100)));
      setReport(r);
      if (r.accepted > 0) props.onDone();
    } catch (err) {
      setError(err);
    } finally {
      setProgress(null);
    }
  };
  return (
    <div>
      <p>
        {t('customerImport.hint')}{' '}
        <button type="button" class="link" onClick={() => void download('/api/customers/template?format=xlsx', 'customers-template.xlsx').catch(setError)}>{t('import.template')}</button>
      </p>
      <form class="form" onSubmit={(e) => void start(e)}>
        <div class="field">
          <label for="customer-import-file">{t('import.file')} *</label>
          <input id="customer-import-file" type="file" accept=".xlsx,.xls,.csv" required onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
        </div>
        <div class="field">
          <label for="customer-import-type">{t('customerImport.defaultType')}</label>
          <select id="customer-import-type" value={typeId()} aria-describedby="customer-import-type-hint" onChange={(e) => setTypeId(e.currentTarget.value)}>
            <option value="">{t('customerImport.noType')}</option>
            <For each={props.types}>{(x) => <option value={x.id}>{x.name}</option>}</For>
          </select>
          <small id="customer-import-type-hint" class="muted">{t('customerImport.defaultTypeHint')}</small>
        </div>
        <Show when={progress() !== null}>
          <label class="progress-label">{progress()! < 100 ? t('import.uploading') : t('import.processing')}
            <progress max="100" value={progress()!} aria-valuetext={`${progress()}%`} />
          </label>
        </Show>
        <ErrorBox error={error()} />
        <div class="form-actions"><button type="submit" class="primary" disabled={!file() || progress() !== null}>{t('import.start')}</button></div>
      </form>
      <Show when={report()}>{(r) => <CustomerImportResult report={r()} onError={setError} />}</Show>
    </div>
  );
}
