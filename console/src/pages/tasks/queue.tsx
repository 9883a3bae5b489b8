/**
 * 呼叫队列: each lead's place in a task — waiting, dialing, waiting to redial, done, failed or
 * skipped — with its dials, next dial, last outcome, grade and last call, filtered by task,
 * state and number prefix and paged on the server. Inside a task page it shows that task's
 * queue; the 呼叫队列 page shows every task's, with a task filter.
 */
import { For, Show, createResource, createSignal, onCleanup } from 'solid-js';
import type { JSX } from 'solid-js';
import { A, useSearchParams } from '@solidjs/router';
import { get } from '../../api/client.js';
import type { Page } from '../../api/types.js';
import { formatDateTime, t } from '../../i18n/index.js';
import { PageHead } from '../../components/page.js';
import { ErrorBox } from '../../components/error-box.js';
import { Pager } from '../../components/pager.js';
import { VirtualTable } from '../../components/virtual-table.js';
import type { Column } from '../../components/virtual-table.js';
import { outcomeText } from '../calls/list.js';
import { QUEUE_STATES } from './types.js';
import type { QueueRow, TaskWithProgress } from './types.js';
import { LIVE_REFRESH_MS, queueStateText, skipText, stateText } from './shared.js';

interface QueueFilter { taskId: string; state: string; phone: string }

export function QueueTable(props: { taskId?: number; live?: boolean; initialState?: string }): JSX.Element {
  const fixedTask = props.taskId !== undefined;
  const start: QueueFilter = { taskId: fixedTask ? String(props.taskId) : '', state: props.initialState ?? '', phone: '' };
  const [form, setForm] = createSignal<QueueFilter>(start);
  const [filter, setFilter] = createSignal<QueueFilter>(start);
  const [page, setPage] = createSignal(1);
  const [pageSize, setPageSize] = createSignal(50);
  const [error, setError] = createSignal<string | null>(null);
  const [tasks] = createResource(() => !fixedTask, () => get<Page<TaskWithProgress>>('/api/call-tasks', { pageSize: 200 }));
  const [rows, { refetch }] = createResource(() => ({ ...filter(), page: page(), pageSize: pageSize() }), (q) => get<Page<QueueRow>>('/api/call-queue', q));
  const timer = setInterval(() => { if (props.live && !rows.loading) void refetch(); }, LIVE_REFRESH_MS);
  onCleanup(() => clearInterval(timer));
  const set = (k: keyof QueueFilter, v: string): void => { setForm({ ...form(), [k]: v }); };
  const submit = (e: Event): void => {
    e.preventDefault();
    if (form().phone && !/^\d{1,20}$/.test(form().phone)) { setError(t('taskForm.digits')); return; }
    setError(null);
    setPage(1);
    setFilter(form());
  };
  const columns: Column<QueueRow>[] = [
    ...(fixedTask ? [] : [{ key: 'task', header: () => t('queue.task'), cell: (r: QueueRow) => <A href={`/tasks/${r.taskId}`}>{r.taskName ?? `#${r.taskId}`}</A> }]),
    { key: 'name', header: () => t('leads.name'), cell: (r) => r.name },
    { key: 'phone', header: () => t('leads.phone'), cell: (r) => <span class="mono">{r.phone}</span> },
    { key: 'state', header: () => t('queue.state'), cell: (r) => <span class={`qstate qstate-${r.state.toLowerCase()}`}>{queueStateText(r.state)}{r.skipReason ? ` · ${skipText(r.skipReason)}` : ''}</span> },
    { key: 'attempts', header: () => t('queue.attempts'), cell: (r) => r.attempts },
    { key: 'next', header: () => t('queue.next'), cell: (r) => formatDateTime(r.nextAttemptAt) },
    { key: 'outcome', header: () => t('queue.lastOutcome'), cell: (r) => outcomeText(r.lastOutcome) },
    { key: 'grade', header: () => t('leads.grade'), cell: (r) => (r.grade ? <span class={`grade grade-${r.grade}`}>{r.grade}</span> : '') },
    { key: 'call', header: () => t('queue.call'), cell: (r) => (r.lastAttemptId ? <A href={`/calls/${r.lastAttemptId}`} aria-label={`${t('queue.call')} ${r.phone}`}>{t('queue.open')}</A> : '') },
    { key: 'updated', header: () => t('common.updatedAt'), cell: (r) => formatDateTime(r.updatedAt) },
  ];
  return (
    <div class="queue">
      <form class="search-bar" role="search" aria-label={`${t('nav.callQueue')} · ${t('common.search')}`} onSubmit={submit}>
        <Show when={!fixedTask}>
          <label>{t('queue.task')}{' '}
            <select value={form().taskId} onChange={(e) => set('taskId', e.currentTarget.value)}>
              <option value="">{t('common.all')}</option>
              <For each={tasks()?.items ?? []}>{(x) => <option value={x.id}>{x.name}（{stateText(x.state)}）</option>}</For>
            </select>
          </label>
        </Show>
        <label>{t('queue.state')}{' '}
          <select value={form().state} onChange={(e) => set('state', e.currentTarget.value)}>
            <option value="">{t('common.all')}</option>
            <For each={QUEUE_STATES}>{(s) => <option value={s}>{queueStateText(s)}</option>}</For>
          </select>
        </label>
        <label>{t('leads.phonePrefix')} <input type="text" inputmode="numeric" value={form().phone} aria-invalid={!!error()} onInput={(e) => set('phone', e.currentTarget.value.trim())} /></label>
        <button type="submit" class="primary">{t('common.search')}</button>
        <Show when={error()}><small class="field-error" role="alert">{error()}</small></Show>
      </form>
      <ErrorBox error={rows.error} />
      <VirtualTable rows={rows.latest?.items ?? []} columns={columns} rowKey={(r) => r.id} label={t('nav.callQueue')} empty={rows.loading ? t('common.loading') : t('queue.empty')} />
      <Pager page={page()} pageSize={pageSize()} total={rows.latest?.total ?? 0} onPage={setPage} onPageSize={(n) => { setPageSize(n); setPage(1); }} />
    </div>
  );
}

/** The 呼叫队列 page: every task's queue (or one task's, from `?taskId=`). */
export function CallQueuePage(): JSX.Element {
  const [params] = useSearchParams();
  const taskId = typeof params['taskId'] === 'string' && /^\d+$/.test(params['taskId']) ? Number(params['taskId']) : undefined;
  const state = typeof params['state'] === 'string' ? params['state'] : undefined;
  return (
    <section>
      <PageHead title={t('nav.callQueue')}>
        <A class="button" href="/tasks">{t('nav.tasks')}</A>
      </PageHead>
      <QueueTable {...(taskId === undefined ? {} : { taskId })} {...(state === undefined ? {} : { initialState: state })} live />
    </section>
  );
}
