/** 跟进记录查询: follow-ups by customer name and date, newest first. */
import { For, createResource, createSignal } from 'solid-js';
import type { JSX } from 'solid-js';
import { get } from '../../api/client.js';
import type { FollowUp, Page } from '../../api/types.js';
import { formatDateTime, t } from '../../i18n/index.js';
import { PageHead } from '../../components/page.js';
import { ErrorBox } from '../../components/error-box.js';
import { Pager } from '../../components/pager.js';

export function FollowUpsPage(): JSX.Element {
  const [form, setForm] = createSignal({ customerName: '', from: '', to: '' });
  const [filter, setFilter] = createSignal(form());
  const [page, setPage] = createSignal(1);
  const [pageSize, setPageSize] = createSignal(50);
  const [items] = createResource(() => ({ ...filter(), page: page(), pageSize: pageSize() }), (k) => get<Page<FollowUp>>('/api/follow-ups', k));
  return (
    <section>
      <PageHead title={t('nav.followUps')} />
      <form class="search-bar" role="search" aria-label={t('common.search')} onSubmit={(e) => { e.preventDefault(); setPage(1); setFilter(form()); }}>
        <label>{t('followUps.customer')} <input type="text" value={form().customerName} onInput={(e) => setForm({ ...form(), customerName: e.currentTarget.value })} /></label>
        <label>{t('common.from')} <input type="date" value={form().from} onInput={(e) => setForm({ ...form(), from: e.currentTarget.value })} /></label>
        <label>{t('common.to')} <input type="date" value={form().to} onInput={(e) => setForm({ ...form(), to: e.currentTarget.value })} /></label>
        <button type="submit" class="primary">{t('common.search')}</button>
      </form>
      <ErrorBox error={items.error} />
      <div class="table-scroll">
        <table class="data">
          <caption class="visually-hidden">{t('nav.followUps')}</caption>
          <thead><tr><th scope="col">{t('followUps.at')}</th><th scope="col">{t('followUps.customer')}</th><th scope="col">{t('followUps.type')}</th><th scope="col">{t('followUps.notes')}</th><th scope="col">{t('followUps.by')}</th></tr></thead>
          <tbody>
            <For each={items()?.items ?? []} fallback={<tr><td colspan="5" class="empty">{t('common.none')}</td></tr>}>
              {(f) => <tr><td>{formatDateTime(f.at)}</td><td>{f.customerName}</td><td>{f.type}</td><td>{f.notes}</td><td>{f.by?.name ?? ''}</td></tr>}
            </For>
          </tbody>
        </table>
      </div>
      <Pager page={page()} pageSize={pageSize()} total={items()?.total ?? 0} onPage={setPage} onPageSize={(n) => { setPageSize(n); setPage(1); }} />
    </section>
  );
}
