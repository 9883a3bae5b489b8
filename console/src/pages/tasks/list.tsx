/**
 * 任务查询: call tasks newest first with their state and progress (submitted, dialed, connected,
 * transferred, failed), searched by name and state, paged on the server; start / pause / resume /
 * stop from the row. While a task on the page is running the page refreshes itself.
 */
import { For, Show, createResource, createSignal, onCleanup } from 'solid-js';
import type { JSX } from 'solid-js';
import { A } from '@solidjs/router';
import { get } from '../../api/client.js';
import type { Page } from '../../api/types.js';
import { formatDateTime, formatNumber, t } from '../../i18n/index.js';
import { PageHead } from '../../components/page.js';
import { ErrorBox, Notice } from '../../components/error-box.js';
import { Pager } from '../../components/pager.js';
import { VirtualTable } from '../../components/virtual-table.js';
import type { Column } from '../../components/virtual-table.js';
import { ProgressBar } from '../../components/chart.js';
import { TASK_STATES } from './types.js';
import type { TaskWithProgress } from './types.js';
import { LIVE_REFRESH_MS, finished, isLive, stateText } from './shared.js';
import { ActionButtons, ConfirmTaskAction } from './actions.js';
import type { Asked } from './actions.js';

export function TasksPage(): JSX.Element {
  const [form, setForm] = createSignal({ name: '', state: '' });
  const [filter, setFilter] = createSignal({ name: '', state: '' });
  const [page, setPage] = createSignal(1);
  const [pageSize, setPageSize] = createSignal(20);
  const [notice, setNotice] = createSignal<string | null>(null);
  const [asked, setAsked] = createSignal<Asked | null>(null);
  const [tasks, { refetch }] = createResource(() => ({ ...filter(), page: page(), pageSize: pageSize() }), (q) => get<Page<TaskWithProgress>>('/api/call-tasks', q));
  // Progress moves while a task runs: read the page again (the figures are counted by the server).
  const timer = setInterval(() => { if (!tasks.loading && tasks()?.items.some((x) => isLive(x.state))) void refetch(); }, LIVE_REFRESH_MS);
  onCleanup(() => clearInterval(timer));
  const columns: Column<TaskWithProgress>[] = [
    { key: 'name', header: () => t('task.name'), cell: (x) => <A href={`/tasks/${x.id}`} title={`${x.name} · ${t('task.createdAt')} ${formatDateTime(x.createdAt)}`}>{x.name}</A>, width: '22%' },
    { key: 'state', header: () => t('task.state'), cell: (x) => <span class={`state state-${x.state.toLowerCase()}`}>{stateText(x.state)}</span> },
    { key: 'submitted', header: () => t('task.submitted'), cell: (x) => formatNumber(x.progress.submitted) },
    { key: 'dialed', header: () => t('task.dialed'), cell: (x) => formatNumber(x.progress.dialed) },
    { key: 'connected', header: () => t('task.connected'), cell: (x) => formatNumber(x.progress.connected) },
    { key: 'transferred', header: () => t('task.transferred'), cell: (x) => formatNumber(x.progress.transferred) },
    { key: 'failed', header: () => t('task.failed'), cell: (x) => formatNumber(x.progress.byState['FAILED'] ?? 0) },
    {
      key: 'progress', header: () => t('task.progress'), width: '14%',
      cell: (x) => <span class="progress-cell"><ProgressBar done={finished(x.progress.byState)} total={x.progress.submitted} label={`${t('task.progress')} ${x.name}`} /> {x.progress.submitted ? `${Math.round((finished(x.progress.byState) / x.progress.submitted) * 100)}%` : '—'}</span>,
    },
    {
      key: 'actions', header: () => t('common.actions'), width: '16%',
      cell: (x) => <span class="row-actions"><ActionButtons task={x} compact onAsk={setAsked} /></span>,
    },
  ];
  return (
    <section>
      <PageHead title={t('nav.tasks')}>
        <A class="button primary" href="/tasks/new">{t('nav.newTask')}</A>
        <A class="button" href="/tasks/queue">{t('nav.callQueue')}</A>
      </PageHead>
      <form class="search-bar" role="search" aria-label={t('common.search')} onSubmit={(e) => { e.preventDefault(); setPage(1); setFilter(form()); }}>
        <label>{t('task.name')} <input type="search" value={form().name} onInput={(e) => setForm({ ...form(), name: e.currentTarget.value })} /></label>
        <label>{t('task.state')}{' '}
          <select value={form().state} onChange={(e) => setForm({ ...form(), state: e.currentTarget.value })}>
            <option value="">{t('common.all')}</option>
            <For each={TASK_STATES}>{(s) => <option value={s}>{stateText(s)}</option>}</For>
          </select>
        </label>
        <button type="submit" class="primary">{t('common.search')}</button>
        <button type="button" onClick={() => { setForm({ name: '', state: '' }); setFilter({ name: '', state: '' }); setPage(1); }}>{t('common.reset')}</button>
        <Show when={tasks()?.items.some((x) => isLive(x.state))}><span class="muted live-note" role="status">{t('task.live', { s: LIVE_REFRESH_MS / 1000 })}</span></Show>
      </form>
      <ErrorBox error={tasks.error} />
      <Notice text={notice()} />
      <VirtualTable rows={tasks.latest?.items ?? []} columns={columns} rowKey={(x) => x.id} label={t('nav.tasks')} rowHeight={44} empty={tasks.loading ? t('common.loading') : t('task.empty')} />
      <ConfirmTaskAction asked={asked()} onClose={() => setAsked(null)} onDone={(u) => { setNotice(t('task.stateNow', { name: u.name, state: stateText(u.state) })); void refetch(); }} />
      <Pager page={page()} pageSize={pageSize()} total={tasks.latest?.total ?? 0} onPage={setPage} onPageSize={(n) => { setPageSize(n); setPage(1); }} />
    </section>
  );
}
