/**
 * 客户管理: customers (agents see their own), search by name, number and type, add/edit with
 * types and custom fields, assign to an agent and reclaim (分配 / 回收分配), follow-up records,
 * import (with the refused rows' report) and export.
 */
import { For, Show, createResource, createSignal } from 'solid-js';
import type { JSX } from 'solid-js';
import { api, download, get, withQuery } from '../../api/client.js';
import type { Customer, CustomerType, CustomField, Page, User } from '../../api/types.js';
import { GRADES } from '../../api/types.js';
import { formatDateTime, formatNumber, t } from '../../i18n/index.js';
import { principal } from '../../session.js';
import { PageHead } from '../../components/page.js';
import { ErrorBox, Notice } from '../../components/error-box.js';
import { Pager } from '../../components/pager.js';
import { VirtualTable } from '../../components/virtual-table.js';
import type { Column } from '../../components/virtual-table.js';
import { Modal } from '../../components/modal.js';
import { FormBuilder } from '../../components/form-builder.js';
import type { FieldSpec } from '../../components/form-builder.js';
import { customSpecs, fieldValues, loadFields, withFields } from '../../lib/custom-fields.js';
import { FollowUpsPanel } from './follow-up-panel.js';
import { CustomerImportPanel } from './customer-import.js';
import { loadCustomerTypes } from './customer-types.js';

export function CustomersPage(): JSX.Element {
  const manager = (): boolean => principal()?.role !== 'AGENT';
  const [name, setName] = createSignal('');
  const [phone, setPhone] = createSignal('');
  const [typeId, setTypeId] = createSignal('');
  const [filter, setFilter] = createSignal({ name: '', phone: '', typeId: '' });
  const [importing, setImporting] = createSignal(false);
  const [page, setPage] = createSignal(1);
  const [pageSize, setPageSize] = createSignal(50);
  const [selected, setSelected] = createSignal<Set<string | number>>(new Set());
  const [editing, setEditing] = createSignal<Customer | 'new' | null>(null);
  const [followUps, setFollowUps] = createSignal<Customer | null>(null);
  const [assignTo, setAssignTo] = createSignal('');
  const [error, setError] = createSignal<unknown>(null);
  const [notice, setNotice] = createSignal<string | null>(null);
  const [customers, { refetch }] = createResource(() => ({ ...filter(), page: page(), pageSize: pageSize() }), (k) => get<Page<Customer>>('/api/customers', k));
  const [fields] = createResource(() => loadFields('customer').catch(() => [] as CustomField[]));
  const [types] = createResource(() => loadCustomerTypes().catch(() => [] as CustomerType[]));
  const [agents] = createResource(() => (manager() ? get<{ items: User[] }>('/api/users').then((r) => r.items.filter((u) => !u.disabled)) : Promise.resolve([] as User[])));
  const reload = (): void => { setSelected(new Set<string | number>()); void refetch(); };
  const act = async (fn: () => Promise<string>): Promise<void> => {
    setError(null);
    try { setNotice(await fn()); reload(); } catch (e) { setError(e); }
  };
  const ids = (): number[] => [...selected()].map(Number);
  const specs = (): FieldSpec[] => [
    { name: 'name', label: () => t('leads.name'), required: true },
    { name: 'phone', label: () => t('leads.phone'), required: true },
    { name: 'company', label: () => t('customers.company'), omitEmpty: true },
    { name: 'typeId', label: () => t('customers.type'), kind: 'select', options: () => (types() ?? []).map((x) => ({ value: String(x.id), label: x.name })) },
    { name: 'grade', label: () => t('leads.grade'), kind: 'select', options: () => GRADES.map((g) => ({ value: g, label: `${g} ${t(`grade.${g}`)}` })) },
    ...customSpecs(fields() ?? []),
  ];
  const save = async (body: Record<string, unknown>): Promise<void> => {
    const b = withFields({ ...body, typeId: body['typeId'] === null ? null : Number(body['typeId']) });
    const target = editing();
    if (target === 'new') await api('POST', '/api/customers', b);
    else if (target) await api('PATCH', `/api/customers/${target.id}`, { ...b, revision: target.revision });
    setEditing(null);
    setNotice(t('common.saved'));
    reload();
  };
  const columns: Column<Customer>[] = [
    { key: 'name', header: () => t('leads.name'), cell: (c) => c.name },
    { key: 'phone', header: () => t('leads.phone'), cell: (c) => <span class="mono">{c.phone}</span> },
    { key: 'type', header: () => t('customers.type'), cell: (c) => c.typeName ?? '' },
    { key: 'grade', header: () => t('leads.grade'), cell: (c) => (c.grade ? <span class={`grade grade-${c.grade}`}>{c.grade}</span> : '') },
    { key: 'owner', header: () => t('customers.owner'), cell: (c) => (c.owner ? `${c.owner.name} (${c.owner.workNo})` : t('customers.unassigned')) },
    { key: 'follow', header: () => t('customers.lastFollowUp'), cell: (c) => formatDateTime(c.lastFollowUpAt) },
    {
      key: 'actions', header: () => t('common.actions'), width: '13em', cell: (c) => (
        <span class="row-actions">
          <button type="button" onClick={() => setEditing(() => c)} aria-label={`${t('common.edit')} ${c.name}`}>{t('common.edit')}</button>
          <button type="button" onClick={() => setFollowUps(() => c)} aria-label={`${t('nav.followUps')} ${c.name}`}>{t('nav.followUps')}</button>
        </span>
      ),
    },
  ];
  return (
    <section>
      <PageHead title={t('nav.customers')}>
        <button type="button" class="primary" onClick={() => setEditing('new')}>{t('common.add')}</button>
        <Show when={manager()}>
          <button type="button" onClick={() => setImporting(true)}>{t('customers.import')}</button>
        </Show>
        <button type="button" onClick={() => void download(withQuery('/api/customers/export', { ...filter(), format: 'xlsx' }), 'customers.xlsx').catch(setError)}>{t('common.export')}</button>
      </PageHead>
      <form class="search-bar" role="search" aria-label={t('common.search')} onSubmit={(e) => { e.preventDefault(); setPage(1); setFilter({ name: name(), phone: phone(), typeId: typeId() }); }}>
        <label>{t('leads.name')} <input type="text" value={name()} onInput={(e) => setName(e.currentTarget.value)} /></label>
        <label>{t('leads.phonePrefix')} <input type="text" value={phone()} onInput={(e) => setPhone(e.currentTarget.value)} /></label>
        <label>{t('customers.type')}{' '}
          <select value={typeId()} onChange={(e) => setTypeId(e.currentTarget.value)}>
            <option value="">{t('common.all')}</option>
            <For each={types() ?? []}>{(x) => <option value={x.id}>{x.name}</option>}</For>
          </select>
        </label>
        <button type="submit" class="primary">{t('common.search')}</button>
      </form>
      <ErrorBox error={error() ?? customers.error} />
      <Notice text={notice()} />
      <Show when={manager()}>
        <div class="bulk-bar">
          <span>{t('leads.chosen', { n: formatNumber(selected().size) })}</span>
          <label>{t('customers.assignTo')}{' '}
            <select value={assignTo()} onChange={(e) => setAssignTo(e.currentTarget.value)}>
              <option value="">{t('common.choose')}</option>
              <For each={agents() ?? []}>{(u) => <option value={u.id}>{u.name} ({u.workNo})</option>}</For>
            </select>
          </label>
          <button type="button" disabled={selected().size === 0 || !assignTo()} onClick={() => void act(async () => { const r = await api<{ changed: number }>('POST', '/api/customers/assign', { customerIds: ids(), agentId: Number(assignTo()) }); return t('customers.assigned', { n: r.changed }); })}>{t('customers.assign')}</button>
          <button type="button" disabled={selected().size === 0} onClick={() => void act(async () => { const r = await api<{ changed: number }>('POST', '/api/customers/reclaim', { customerIds: ids() }); return t('customers.reclaimed', { n: r.changed }); })}>{t('customers.reclaim')}</button>
        </div>
      </Show>
      <VirtualTable
        rows={customers()?.items ?? []} columns={columns} rowKey={(c) => c.id} label={t('nav.customers')} empty={customers.loading ? t('common.loading') : t('common.none')}
        selected={selected()} selectAllLabel={t('common.chooseAll')} selectLabel={(c) => `${t('common.choose')} ${c.name}`}
        {...(manager() ? {
          onToggle: (k: string | number, on: boolean) => { const s = new Set(selected()); if (on) s.add(k); else s.delete(k); setSelected(s); },
          onToggleAll: (on: boolean) => setSelected(new Set<string | number>(on ? (customers()?.items ?? []).map((c) => c.id) : [])),
        } : {})}
      />
      <Pager page={page()} pageSize={pageSize()} total={customers()?.total ?? 0} onPage={setPage} onPageSize={(n) => { setPageSize(n); setPage(1); }} />
      <Modal title={editing() === 'new' ? t('customers.add') : t('customers.edit')} open={editing() !== null} onClose={() => setEditing(null)}>
        <FormBuilder
          specs={specs()} submitLabel={t('common.save')} onSubmit={save} onCancel={() => setEditing(null)}
          initial={editing() && editing() !== 'new' ? (() => { const c = editing() as Customer; return { name: c.name, phone: c.phone, company: c.company ?? '', typeId: c.typeId === null ? '' : String(c.typeId), grade: c.grade ?? '', ...fieldValues(c.fields) }; })() : {}}
        />
      </Modal>
      <Modal title={t('customers.import')} open={importing()} onClose={() => setImporting(false)} wide>
        <CustomerImportPanel types={types() ?? []} onDone={reload} />
      </Modal>
      <Modal title={`${t('nav.followUps')} · ${followUps()?.name ?? ''}`} open={followUps() !== null} onClose={() => setFollowUps(null)} wide>
        <FollowUpsPanel customer={followUps()!} onChanged={reload} />
      </Modal>
    </section>
  );
}
