/** 导入批次: every import with its counts, the rejected rows report, its leads, and deleting a batch. */
import { For, createResource, createSignal } from 'solid-js';
import type { JSX } from 'solid-js';
import { A } from '@solidjs/router';
import { api, download, get } from '../../api/client.js';
import type { Batch, Page } from '../../api/types.js';
import { formatDateTime, formatNumber, t } from '../../i18n/index.js';
import { PageHead } from '../../components/page.js';
import { ErrorBox, Notice } from '../../components/error-box.js';
import { Pager } from '../../components/pager.js';

export function BatchesPage(): JSX.Element {
  const [page, setPage] = createSignal(1);
  const [pageSize, setPageSize] = createSignal(20);
  const [batches, { refetch }] = createResource(() => ({ page: page(), pageSize: pageSize() }), (k) => get<Page<Batch>>('/api/leads/batches', k));
  const [error, setError] = createSignal<unknown>(null);
  const [notice, setNotice] = createSignal<string | null>(null);
  const remove = async (b: Batch): Promise<void> => {
    if (!confirm(t('batches.confirmDelete', { code: b.code, n: b.leads }))) return;
    try {
      const r = await api<{ deleted: number }>('DELETE', `/api/leads/batches/${b.id}`);
      setNotice(t('leads.deleted', { n: r.deleted }));
      void refetch();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section>
      <PageHead title={t('nav.batches')} />
      <ErrorBox error={error() ?? batches.error} />
      <Notice text={notice()} />
      <div class="table-scroll">
        <table class="data">
          <caption class="visually-hidden">{t('nav.batches')}</caption>
          <thead><tr>
            <th scope="col">{t('leads.batch')}</th><th scope="col">{t('batches.file')}</th><th scope="col">{t('batches.rows')}</th><th scope="col">{t('batches.accepted')}</th>
            <th scope="col">{t('batches.rejected')}</th><th scope="col">{t('batches.leads')}</th><th scope="col">{t('common.createdAt')}</th><th scope="col">{t('common.actions')}</th>
          </tr></thead>
          <tbody>
            <For each={batches()?.items ?? []} fallback={<tr><td colspan="8" class="empty">{t('common.none')}</td></tr>}>
              {(b) => (
                <tr>
                  <td><A href={`/leads?batch=${encodeURIComponent(b.code)}`}>{b.code}</A></td>
                  <td>{b.fileName ?? ''}</td><td>{formatNumber(b.totalRows)}</td><td>{formatNumber(b.accepted)}</td>
                  <td>{formatNumber(b.rejected)}</td><td>{formatNumber(b.leads)}</td><td>{formatDateTime(b.createdAt)}</td>
                  <td class="row-actions">
                    <button type="button" disabled={!b.hasRejectedReport} onClick={() => void download(`/api/leads/batches/${b.id}/rejected?format=xlsx`, `rejected-${b.code}.xlsx`).catch(setError)}>{t('import.downloadRejected')}</button>
                    <button type="button" class="danger" onClick={() => void remove(b)}>{t('common.delete')}</button>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <Pager page={page()} pageSize={pageSize()} total={batches()?.total ?? 0} onPage={setPage} onPageSize={(n) => { setPageSize(n); setPage(1); }} />
    </section>
  );
}
