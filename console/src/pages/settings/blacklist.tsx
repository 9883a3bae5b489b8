/** 黑名单: numbers never dialed; search, add, remove, import from the template, export. */
import { For, createResource, createSignal } from 'solid-js';
import type { JSX } from 'solid-js';
import { api, download, get, upload } from '../../api/client.js';
import type { BlacklistEntry, Page } from '../../api/types.js';
import { formatDateTime, t } from '../../i18n/index.js';
import { PageHead } from '../../components/page.js';
import { ErrorBox, Notice } from '../../components/error-box.js';
import { Pager } from '../../components/pager.js';

export function BlacklistPage(): JSX.Element {
  const [phone, setPhone] = createSignal('');
  const [filter, setFilter] = createSignal('');
  const [page, setPage] = createSignal(1);
  const [pageSize, setPageSize] = createSignal(50);
  const [newPhone, setNewPhone] = createSignal('');
  const [reason, setReason] = createSignal('');
  const [error, setError] = createSignal<unknown>(null);
  const [notice, setNotice] = createSignal<string | null>(null);
  const [list, { refetch }] = createResource(() => ({ phone: filter(), page: page(), pageSize: pageSize() }), (k) => get<Page<BlacklistEntry>>('/api/blacklist', k));
  const act = async (fn: () => Promise<string>): Promise<void> => { setError(null); try { setNotice(await fn()); void refetch(); } catch (e) { setError(e); } };
  return (
    <section>
      <PageHead title={t('nav.blacklist')}>
        <label class="button">
          {t('common.import')}
          <input type="file" class="visually-hidden" accept=".xlsx,.xls" aria-label={t('common.import')} onChange={(e) => {
            const f = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (f) void act(async () => { const r = await upload<{ added?: number; accepted?: number; rejected?: number }>('/api/blacklist/import', f, f.name); return t('blacklist.imported', { added: r.added ?? r.accepted ?? 0, rejected: r.rejected ?? 0 }); });
          }} />
        </label>
        <button type="button" onClick={() => void download('/api/blacklist/template?format=xlsx', 'blacklist-template.xlsx').catch(setError)}>{t('import.template')}</button>
        <button type="button" onClick={() => void download(`/api/blacklist/export?format=xlsx${filter() ? `&phone=${encodeURIComponent(filter())}` : ''}`, 'blacklist.xlsx').catch(setError)}>{t('common.export')}</button>
      </PageHead>
      <form class="search-bar" onSubmit={(e) => { e.preventDefault(); void act(async () => { await api('POST', '/api/blacklist', { phone: newPhone(), ...(reason() ? { reason: reason() } : {}) }); setNewPhone(''); setReason(''); return t('common.saved'); }); }} aria-label={t('blacklist.add')}>
        <label>{t('leads.phone')} <input type="text" value={newPhone()} required onInput={(e) => setNewPhone(e.currentTarget.value)} /></label>
        <label>{t('blacklist.reason')} <input type="text" value={reason()} onInput={(e) => setReason(e.currentTarget.value)} /></label>
        <button type="submit" class="primary">{t('blacklist.add')}</button>
      </form>
      <form class="search-bar" role="search" aria-label={t('common.search')} onSubmit={(e) => { e.preventDefault(); setPage(1); setFilter(phone()); }}>
        <label>{t('leads.phonePrefix')} <input type="text" value={phone()} onInput={(e) => setPhone(e.currentTarget.value)} /></label>
        <button type="submit">{t('common.search')}</button>
      </form>
      <ErrorBox error={error() ?? list.error} />
      <Notice text={notice()} />
      <table class="data">
        <caption class="visually-hidden">{t('nav.blacklist')}</caption>
        <thead><tr><th scope="col">{t('leads.phone')}</th><th scope="col">{t('blacklist.reason')}</th><th scope="col">{t('common.createdAt')}</th><th scope="col">{t('common.actions')}</th></tr></thead>
        <tbody>
          <For each={list()?.items ?? []} fallback={<tr><td colspan="4" class="empty">{t('common.none')}</td></tr>}>
            {(b) => <tr><td class="mono">{b.phone}</td><td>{b.reason ?? ''}</td><td>{formatDateTime(b.createdAt)}</td><td><button type="button" class="danger" aria-label={`${t('common.delete')} ${b.phone}`} onClick={() => void act(async () => { await api('DELETE', `/api/blacklist/${b.id}`); return t('common.deleted'); })}>{t('common.delete')}</button></td></tr>}
          </For>
        </tbody>
      </table>
      <Pager page={page()} pageSize={pageSize()} total={list()?.total ?? 0} onPage={setPage} onPageSize={(n) => { setPageSize(n); setPage(1); }} />
    </section>
  );
}
