/**
 * 数据列表: search leads (name, phone prefix, batch, grade, status, created dates) with server
 * paging and a virtual table, add/edit with the custom fields, delete one, the chosen ones or
 * everything the search found, export, move to the CRM, see a lead's calls, and import.
 */
import { For, createResource, createSignal } from 'solid-js';
import type { JSX } from 'solid-js';
import { A, useSearchParams } from '@solidjs/router';
import { api, download, get, withQuery } from '../../api/client.js';
import type { CustomField, Lead, Page } from '../../api/types.js';
import { GRADES } from '../../api/types.js';
import { formatDateTime, formatNumber, t } from '../../i18n/index.js';
import { PageHead } from '../../components/page.js';
import { ErrorBox, Notice } from '../../components/error-box.js';
import { Pager } from '../../components/pager.js';
import { VirtualTable } from '../../components/virtual-table.js';
import type { Column } from '../../components/virtual-table.js';
import { Modal } from '../../components/modal.js';
import { FormBuilder } from '../../components/form-builder.js';
import type { FieldSpec } from '../../components/form-builder.js';
import { customSpecs, fieldValues, loadFields, withFields } from '../../lib/custom-fields.js';
import { ImportPanel } from './import-dialog.js';

export const LEAD_STATUSES = ['NEW', 'QUEUED', 'CALLING', 'CALLED', 'FAILED', 'MOVED'] as const;

interface Filter { name: string; phone: string; batch: string; grade: string; status: string; createdFrom: string; createdTo: string }
const EMPTY: Filter = { name: '', phone: '', batch: '', grade: '', status: '', createdFrom: '', createdTo: '' };

export function LeadsPage(): JSX.Element {
  const [params] = useSearchParams();
  const [filter, setFilter] = createSignal<Filter>({ ...EMPTY, batch: typeof params['batch'] === 'string' ? params['batch'] : '' });
  const [form, setForm] = createSignal<Filter>(filter());
  const [page, setPage] = createSignal(1);
  const [pageSize, setPageSize] = createSignal(50);
  const [selected, setSelected] = createSignal<Set<string | number>>(new Set());
  const [error, setError] = createSignal<unknown>(null);
  const [notice, setNotice] = createSignal<string | null>(null);
  const [editing, setEditing] = createSignal<Lead | 'new' | null>(null);
  const [importing, setImporting] = createSignal(false);
  const [fields] = createResource(() => loadFields('lead').catch(() => [] as CustomField[]));

  const query = (): Record<string, string | number> => {
    const f = filter();
    return { name: f.name, phone: f.phone, batch: f.batch, grade: f.grade, status: f.status, createdFrom: f.createdFrom, createdTo: f.createdTo };
  };
  const [leads, { refetch }] = createResource(() => ({ q: query(), page: page(), pageSize: pageSize() }), (k) => get<Page<Lead>>('/api/leads', { ...k.q, page: k.page, pageSize: k.pageSize }));
  const reload = (): void => { setSelected(new Set<string | number>()); void refetch(); };

  const search = (e: Event): void => { e.preventDefault(); setPage(1); setFilter(form()); setSelected(new Set<string | number>()); };
  const act = async (fn: () => Promise<string>): Promise<void> => {
    setError(null);
    setNotice(null);
    try {
      setNotice(await fn());
      reload();
    } catch (e) {
      setError(e);
    }
  };
  const deleteChosen = (): void => {
    const ids = [...selected()].map(Number);
    if (ids.length === 0 || !confirm(t('leads.confirmDeleteChosen', { n: ids.length }))) return;
    void act(async () => { const r = await api<{ deleted: number }>('POST', '/api/leads/delete', { ids }); return t('leads.deleted', { n: r.deleted }); });
  };
  const deleteAll = (): void => {
    const total = leads()?.total ?? 0;
    if (total === 0 || !confirm(t('leads.confirmDeleteAll', { n: total }))) return;
    const filterBody = Object.fromEntries(Object.entries(query()).filter(([, v]) => v !== '').map(([k, v]) => [k, k === 'grade' || k === 'status' ? [v] : v]));
    void act(async () => { const r = await api<{ deleted: number }>('POST', '/api/leads/delete', { filter: filterBody, expected: total }); return t('leads.deleted', { n: r.deleted }); });
  };
  const move = (lead: Lead): void => void act(async () => { await api('POST', `/api/leads/${lead.id}/move-to-crm`, {}); return t('leads.moved', { name: lead.name || lead.phone }); });
  const remove = (lead: Lead): void => {
    if (!confirm(t('common.confirmDelete', { what: lead.name || lead.phone }))) return;
    void act(async () => { await api('DELETE', `/api/leads/${lead.id}`); return t('common.deleted'); });
  };
  const specs = (): FieldSpec[] => [
    { name: 'name', label: () => t('leads.name'), omitEmpty: true },
    { name: 'phone', label: () => t('leads.phone'), required: true },
    ...customSpecs(fields() ?? []),
  ];
  const save = async (body: Record<string, unknown>): Promise<void> => {
    const target = editing();
    if (target === 'new') await api('POST', '/api/leads', withFields(body));
    else if (target) await api('PATCH', `/api/leads/${target.id}`, withFields(body));
    setEditing(null);
    setNotice(t('common.saved'));
    reload();
  };

  const columns: Column<Lead>[] = [
    { key: 'name', header: () => t('leads.name'), cell: (l) => l.name },
    { key: 'phone', header: () => t('leads.phone'), cell: (l) => <span class="mono">{l.phone}</span> },
    { key: 'batch', header: () => t('leads.batch'), cell: (l) => l.batchCode ?? '' },
    { key: 'grade', header: () => t('leads.grade'), cell: (l) => (l.grade ? <span class={`grade grade-${l.grade}`}>{l.grade}</span> : '') },
    { key: 'status', header: () => t('leads.status'), cell: (l) => t(`leadStatus.${l.status as (typeof LEAD_STATUSES)[number]}`) },
    { key: 'calls', header: () => t('leads.calls'), cell: (l) => <A href={`/calls?leadId=${l.id}`} aria-label={`${t('leads.conversations')} ${l.name || l.phone}`}>{l.callCount ?? 0}</A> },
    { key: 'created', header: () => t('common.createdAt'), cell: (l) => formatDateTime(l.createdAt) },
    {
      key: 'actions', header: () => t('common.actions'), width: '15em', cell: (l) => (
        <span class="row-actions">
          <button type="button" onClick={() => setEditing(() => l)} aria-label={`${t('common.edit')} ${l.name || l.phone}`}>{t('common.edit')}</button>
          <button type="button" disabled={l.status === 'MOVED'} onClick={() => move(l)} aria-label={`${t('leads.moveToCrm')} ${l.name || l.phone}`}>{t('leads.moveToCrm')}</button>
          <button type="button" class="danger" onClick={() => remove(l)} aria-label={`${t('common.delete')} ${l.name || l.phone}`}>{t('common.delete')}</button>
        </span>
      ),
    },
  ];
  const setF = (k: keyof Filter, v: string): void => { setForm((old) => ({ ...old, [k]: v }) as Filter); };
  return (
    <section>
      <PageHead title={t('nav.leads')}>
        <button type="button" class="primary" onClick={() => setImporting(true)}>{t('leads.import')}</button>
        <button type="button" onClick={() => setEditing('new')}>{t('leads.add')}</button>
        <button type="button" onClick={() => void download(withQuery('/api/leads/export', { ...query(), format: 'xlsx' }), 'leads.xlsx').catch(setError)}>{t('common.export')}</button>
      </PageHead>
      <form class="search-bar" onSubmit={search} role="search" aria-label={t('leads.search')}>
        <label>{t('leads.name')} <input type="text" value={form().name} onInput={(e) => setF('name', e.currentTarget.value)} /></label>
        <label>{t('leads.phonePrefix')} <input type="text" inputmode="numeric" value={form().phone} onInput={(e) => setF('phone', e.currentTarget.value)} /></label>
        <label>{t('leads.batch')} <input type="text" value={form().batch} onInput={(e) => setF('batch', e.currentTarget.value)} /></label>
        <label>{t('leads.grade')}{' '}
          <select value={form().grade} onChange={(e) => setF('grade', e.currentTarget.value)}>
            <option value="">{t('common.all')}</option>
            <For each={GRADES}>{(g) => <option value={g}>{g} {t(`grade.${g}`)}</option>}</For>
          </select>
        </label>
        <label>{t('leads.status')}{' '}
          <select value={form().status} onChange={(e) => setF('status', e.currentTarget.value)}>
            <option value="">{t('common.all')}</option>
            <For each={LEAD_STATUSES}>{(s) => <option value={s}>{t(`leadStatus.${s}`)}</option>}</For>
          </select>
        </label>
        <label>{t('common.from')} <input type="date" value={form().createdFrom} onInput={(e) => setF('createdFrom', e.currentTarget.value)} /></label>
        <label>{t('common.to')} <input type="date" value={form().createdTo} onInput={(e) => setF('createdTo', e.currentTarget.value)} /></label>
        <button type="submit" class="primary">{t('common.search')}</button>
        <button type="button" onClick={() => { setForm(EMPTY); setFilter(EMPTY); setPage(1); }}>{t('common.reset')}</button>
      </form>
      <ErrorBox error={error() ?? leads.error} />
      <Notice text={notice()} />
      <div class="bulk-bar">
        <span>{t('leads.chosen', { n: formatNumber(selected().size) })}</span>
        <button type="button" class="danger" disabled={selected().size === 0} onClick={deleteChosen}>{t('leads.deleteChosen')}</button>
        <button type="button" class="danger" disabled={!leads()?.total} onClick={deleteAll}>{t('leads.deleteAll', { n: formatNumber(leads()?.total ?? 0) })}</button>
      </div>
      <VirtualTable
        rows={leads()?.items ?? []} columns={columns} rowKey={(l) => l.id} label={t('nav.leads')}
        empty={leads.loading ? t('common.loading') : t('leads.empty')}
        selected={selected()} selectLabel={(l) => `${t('common.choose')} ${l.name || l.phone}`} selectAllLabel={t('common.chooseAll')}
        onToggle={(k, on) => { const s = new Set(selected()); if (on) s.add(k); else s.delete(k); setSelected(s); }}
        onToggleAll={(on) => setSelected(new Set<string | number>(on ? (leads()?.items ?? []).map((l) => l.id) : []))}
      />
      <Pager page={page()} pageSize={pageSize()} total={leads()?.total ?? 0} onPage={setPage} onPageSize={(n) => { setPageSize(n); setPage(1); }} />
      <Modal title={editing() === 'new' ? t('leads.add') : t('leads.edit')} open={editing() !== null} onClose={() => setEditing(null)}>
        <FormBuilder
          specs={specs()} submitLabel={t('common.save')} onSubmit={save} onCancel={() => setEditing(null)}
          initial={editing() && editing() !== 'new' ? { name: (editing() as Lead).name, phone: (editing() as Lead).phone, ...fieldValues((editing() as Lead).fields) } : {}}
        />
      </Modal>
      <Modal title={t('leads.import')} open={importing()} onClose={() => setImporting(false)} wide>
        <ImportPanel onDone={reload} />
      </Modal>
    </section>
  );
}
