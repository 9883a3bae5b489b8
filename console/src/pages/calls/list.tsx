/** 呼叫记录: calls newest first, filtered by grade, outcome, task, callee prefix and dates, paged on the server. */
import { For, createResource, createSignal } from 'solid-js';
import type { JSX } from 'solid-js';
import { A, useSearchParams } from '@solidjs/router';
import { get } from '../../api/client.js';
import type { CallSummary, Page } from '../../api/types.js';
import { GRADES } from '../../api/types.js';
import { formatDateTime, formatDuration, t } from '../../i18n/index.js';
import { PageHead } from '../../components/page.js';
import { ErrorBox } from '../../components/error-box.js';
import { Pager } from '../../components/pager.js';
import { VirtualTable } from '../../components/virtual-table.js';
import type { Column } from '../../components/virtual-table.js';

export const OUTCOMES = ['ANSWERED', 'NO_ANSWER', 'BUSY', 'REJECTED', 'INVALID_NUMBER', 'POWERED_OFF', 'SUSPENDED', 'NETWORK_ERROR', 'CANCELED'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const outcomeText = (o: string | null): string => (o && (OUTCOMES as readonly string[]).includes(o) ? t(`outcome.${o as Outcome}`) : o ?? '');

interface Filter { grade: string; outcome: string; taskId: string; phone: string; from: string; to: string; leadId: string }

export function CallsPage(): JSX.Element {
  const [params] = useSearchParams();
  const initial: Filter = { grade: '', outcome: '', taskId: '', phone: '', from: '', to: '', leadId: typeof params['leadId'] === 'string' ? params['leadId'] : '' };
  const [form, setForm] = createSignal<Filter>(initial);
  const [filter, setFilter] = createSignal<Filter>(initial);
  const [page, setPage] = createSignal(1);
  const [pageSize, setPageSize] = createSignal(50);
  const [calls] = createResource(() => ({ ...filter(), page: page(), pageSize: pageSize() }), (k) => get<Page<CallSummary>>('/api/calls', k));
  const setF = (k: keyof Filter, v: string): void => { setForm((old) => ({ ...old, [k]: v }) as Filter); };
  const columns: Column<CallSummary>[] = [
    { key: 'at', header: () => t('calls.dialAt'), cell: (c) => <A href={`/calls/${c.id}`}>{formatDateTime(c.dialAt)}</A> },
    { key: 'callee', header: () => t('calls.callee'), cell: (c) => <span class="mono">{c.calleeNumber}</span> },
    { key: 'caller', header: () => t('calls.caller'), cell: (c) => <span class="mono">{c.callerNumber}</span> },
    { key: 'outcome', header: () => t('calls.outcome'), cell: (c) => outcomeText(c.outcome) },
    { key: 'talk', header: () => t('calls.talk'), cell: (c) => formatDuration(c.talkMs) },
    { key: 'grade', header: () => t('leads.grade'), cell: (c) => (c.grade ? <span class={`grade grade-${c.grade}`}>{c.grade}</span> : '') },
    { key: 'tags', header: () => t('calls.tags'), cell: (c) => c.tags.join('、') },
    { key: 'task', header: () => t('calls.task'), cell: (c) => c.taskId ?? '' },
  ];
  return (
    <section>
      <PageHead title={t('nav.calls')} />
      <form class="search-bar" role="search" aria-label={t('common.search')} onSubmit={(e) => { e.preventDefault(); setPage(1); setFilter(form()); }}>
        <label>{t('leads.grade')}{' '}
          <select value={form().grade} onChange={(e) => setF('grade', e.currentTarget.value)}>
            <option value="">{t('common.all')}</option>
            <For each={GRADES}>{(g) => <option value={g}>{g} {t(`grade.${g}`)}</option>}</For>
          </select>
        </label>
        <label>{t('calls.outcome')}{' '}
          <select value={form().outcome} onChange={(e) => setF('outcome', e.currentTarget.value)}>
            <option value="">{t('common.all')}</option>
            <For each={OUTCOMES}>{(o) => <option value={o}>{t(`outcome.${o}`)}</option>}</For>
          </select>
        </label>
        <label>{t('calls.task')} <input type="number" min="1" value={form().taskId} onInput={(e) => setF('taskId', e.currentTarget.value)} style={{ width: '6em' }} /></label>
        <label>{t('calls.calleePrefix')} <input type="text" inputmode="numeric" value={form().phone} onInput={(e) => setF('phone', e.currentTarget.value)} /></label>
        <label>{t('common.from')} <input type="date" value={form().from} onInput={(e) => setF('from', e.currentTarget.value)} /></label>
        <label>{t('common.to')} <input type="date" value={form().to} onInput={(e) => setF('to', e.currentTarget.value)} /></label>
        <button type="submit" class="primary">{t('common.search')}</button>
      </form>
      <ErrorBox error={calls.error} />
      <VirtualTable rows={calls()?.items ?? []} columns={columns} rowKey={(c) => c.id} label={t('nav.calls')} empty={calls.loading ? t('common.loading') : t('calls.empty')} />
      <Pager page={page()} pageSize={pageSize()} total={calls()?.total ?? 0} onPage={setPage} onPageSize={(n) => { setPageSize(n); setPage(1); }} />
    </section>
  );
}
