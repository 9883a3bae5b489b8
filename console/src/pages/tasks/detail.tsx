/**
 * One call task: its state with the actions it allows, live progress (read again every two
 * seconds while it runs), its call queue, its call records (each opening the call page with
 * transcript and recording) and its settings.
 */
import { For, Match, Show, Switch, createResource, createSignal, onCleanup } from 'solid-js';
import type { JSX } from 'solid-js';
import { A, useNavigate, useParams, useSearchParams } from '@solidjs/router';
import { api, get } from '../../api/client.js';
import type { CallSummary, CallerId, Page, ScriptSummary } from '../../api/types.js';
import { GRADES } from '../../api/types.js';
import { formatDateTime, formatDuration, formatNumber, t } from '../../i18n/index.js';
import { PageHead } from '../../components/page.js';
import { ErrorBox, Notice } from '../../components/error-box.js';
import { Tabs } from '../../components/tabs.js';
import { Pager } from '../../components/pager.js';
import { VirtualTable } from '../../components/virtual-table.js';
import type { Column } from '../../components/virtual-table.js';
import { OUTCOMES, outcomeText } from '../calls/list.js';
import type { AgentGroup, CallTask, TaskProgress } from './types.js';
import { RETRY_OUTCOMES } from './types.js';
import { LIVE_REFRESH_MS, isLive, reasonText, stateText } from './shared.js';
import { TaskActions } from './actions.js';
import { ProgressView } from './progress.js';
import { QueueTable } from './queue.js';
import { WEEKDAYS } from './form-model.js';

type Tab = 'progress' | 'queue' | 'calls' | 'settings';

export function TaskPage(): JSX.Element {
  const params = useParams();
  const navigate = useNavigate();
  const id = (): number => Number(params['id']);
  const [data, { refetch, mutate }] = createResource(id, (x) => get<{ task: CallTask; progress: TaskProgress }>(`/api/call-tasks/${x}`));
  const [tab, setTab] = createSignal<Tab>('progress');
  const [search] = useSearchParams();
  // Arriving from the form: say how many numbers the new task got.
  const count = (k: string): number | null => (typeof search[k] === 'string' ? Number(search[k]) : null);
  const created = count('created');
  const added = count('added');
  const [notice, setNotice] = createSignal<string | null>(null);
  const [error, setError] = createSignal<unknown>(null);
  const timer = setInterval(() => { const d = data.latest; if (d && isLive(d.task.state) && !data.loading) void refetch(); }, LIVE_REFRESH_MS);
  onCleanup(() => clearInterval(timer));
  const remove = async (task: CallTask): Promise<void> => {
    if (!confirm(t('task.confirm.delete', { name: task.name }))) return;
    try {
      await api('DELETE', `/api/call-tasks/${task.id}`);
      navigate('/tasks');
    } catch (e) {
      setError(e);
    }
  };
  const tabs = (): { id: Tab; label: string }[] => [
    { id: 'progress', label: t('task.tab.progress') }, { id: 'queue', label: t('task.tab.queue') },
    { id: 'calls', label: t('task.tab.calls') }, { id: 'settings', label: t('task.tab.settings') },
  ];
  return (
    <section>
      <Show when={data.latest} fallback={<><ErrorBox error={data.error} /><p role="status">{data.loading ? t('common.loading') : ''}</p></>}>
        {(d) => (
          <>
            <PageHead title={d().task.name}>
              <TaskActions task={d().task} onDone={(task) => { setNotice(t('task.stateNow', { name: task.name, state: stateText(task.state) })); mutate({ ...d(), task }); void refetch(); }} />
              <Show when={d().task.state !== 'STOPPED' && d().task.state !== 'COMPLETED'}>
                <A class="button" href={`/tasks/${d().task.id}/edit`}>{t('task.edit')}</A>
              </Show>
              <Show when={!isLive(d().task.state) && d().task.state !== 'RUNNING' && d().task.state !== 'PAUSED' && d().progress.dialed === 0}>
                <button type="button" class="danger" onClick={() => void remove(d().task)}>{t('common.delete')}</button>
              </Show>
            </PageHead>
            <p class="task-state">
              <span class={`state state-${d().task.state.toLowerCase()}`} data-state={d().task.state}>{stateText(d().task.state)}</span>
              <Show when={d().task.stateReason}> <span class="muted">{t('task.reason')}: {reasonText(d().task.stateReason)}</span></Show>
              <Show when={isLive(d().task.state)}> <span class="muted live-note">· {t('task.live', { s: LIVE_REFRESH_MS / 1000 })}</span></Show>
            </p>
            <ErrorBox error={error()} />
            <Notice text={notice() ?? (created !== null ? t('task.created', { name: d().task.name, added: formatNumber(created) }) : added !== null ? t('task.added', { added: formatNumber(added), already: formatNumber(count('already') ?? 0) }) : null)} />
            <Tabs tabs={tabs()} active={tab()} onSelect={(x) => setTab(x as Tab)} label={t('task.tabs')} idPrefix="task-tab" />
            <div class="tab-panel" role="tabpanel" aria-labelledby={`task-tab-${tab()}`}>
              <Switch>
                <Match when={tab() === 'progress'}><ProgressView progress={d().progress} name={d().task.name} /></Match>
                <Match when={tab() === 'queue'}><QueueTable taskId={d().task.id} live={isLive(d().task.state)} /></Match>
                <Match when={tab() === 'calls'}><TaskCalls taskId={d().task.id} /></Match>
                <Match when={tab() === 'settings'}><TaskSettingsView task={d().task} /></Match>
              </Switch>
            </div>
          </>
        )}
      </Show>
    </section>
  );
}

/** The task's call records, newest first, filtered by grade and outcome; each opens the call page. */
function TaskCalls(props: { taskId: number }): JSX.Element {
  const [form, setForm] = createSignal({ grade: '', outcome: '' });
  const [filter, setFilter] = createSignal({ grade: '', outcome: '' });
  const [page, setPage] = createSignal(1);
  const [pageSize, setPageSize] = createSignal(50);
  const [calls] = createResource(() => ({ ...filter(), taskId: props.taskId, page: page(), pageSize: pageSize() }), (q) => get<Page<CallSummary>>('/api/calls', q));
  const columns: Column<CallSummary>[] = [
    { key: 'at', header: () => t('calls.dialAt'), cell: (c) => <A href={`/calls/${c.id}`}>{formatDateTime(c.dialAt)}</A> },
    { key: 'callee', header: () => t('calls.callee'), cell: (c) => <span class="mono">{c.calleeNumber}</span> },
    { key: 'caller', header: () => t('calls.caller'), cell: (c) => <span class="mono">{c.callerNumber}</span> },
    { key: 'outcome', header: () => t('calls.outcome'), cell: (c) => outcomeText(c.outcome) },
    { key: 'talk', header: () => t('calls.talk'), cell: (c) => formatDuration(c.talkMs) },
    { key: 'grade', header: () => t('leads.grade'), cell: (c) => (c.grade ? <A href={`/calls/${c.id}`} class={`grade grade-${c.grade}`} aria-label={`${t('calls.call')} ${c.calleeNumber} ${c.grade}`}>{c.grade}</A> : '') },
    { key: 'rec', header: () => t('calls.recording'), cell: (c) => (c.recording ? formatDuration(c.recording.durationMs) : '—') },
    { key: 'tags', header: () => t('calls.tags'), cell: (c) => c.tags.join('、') },
  ];
  return (
    <div>
      <form class="search-bar" role="search" aria-label={`${t('task.tab.calls')} · ${t('common.search')}`} onSubmit={(e) => { e.preventDefault(); setPage(1); setFilter(form()); }}>
        <label>{t('leads.grade')}{' '}
          <select value={form().grade} onChange={(e) => setForm({ ...form(), grade: e.currentTarget.value })}>
            <option value="">{t('common.all')}</option>
            <For each={GRADES}>{(g) => <option value={g}>{g} {t(`grade.${g}`)}</option>}</For>
          </select>
        </label>
        <label>{t('calls.outcome')}{' '}
          <select value={form().outcome} onChange={(e) => setForm({ ...form(), outcome: e.currentTarget.value })}>
            <option value="">{t('common.all')}</option>
            <For each={OUTCOMES}>{(o) => <option value={o}>{outcomeText(o)}</option>}</For>
          </select>
        </label>
        <button type="submit" class="primary">{t('common.search')}</button>
      </form>
      <ErrorBox error={calls.error} />
      <VirtualTable rows={calls.latest?.items ?? []} columns={columns} rowKey={(c) => c.id} label={t('task.tab.calls')} empty={calls.loading ? t('common.loading') : t('calls.empty')} />
      <Pager page={page()} pageSize={pageSize()} total={calls.latest?.total ?? 0} onPage={setPage} onPageSize={(n) => { setPageSize(n); setPage(1); }} />
    </div>
  );
}

/** Every setting of the task, read-only (修改 edits them). */
function TaskSettingsView(props: { task: CallTask }): JSX.Element {
  const [refs] = createResource(async () => {
    const [scripts, trunks, callerIds, groups] = await Promise.all([
      get<{ items: ScriptSummary[] }>('/api/scripts').then((r) => r.items).catch(() => []),
      get<{ items: { id: number; name: string }[] }>('/api/dialer/trunks').then((r) => r.items).catch(() => []),
      get<{ items: CallerId[] }>('/api/caller-ids').then((r) => r.items).catch(() => []),
      get<{ items: AgentGroup[] }>('/api/agent-groups').then((r) => r.items).catch(() => []),
    ]);
    return { scripts, trunks, callerIds, groups };
  });
  const s = (): CallTask['settings'] => props.task.settings;
  const nameOf = <T extends { id: number }>(list: readonly T[] | undefined, id: number | null, label: (x: T) => string): string => {
    if (id === null) return '—';
    const x = list?.find((y) => y.id === id);
    return x ? label(x) : `#${id}`;
  };
  return (
    <dl class="facts task-facts">
      <dt>{t('task.script')}</dt><dd>{nameOf(refs()?.scripts, props.task.templateId, (x) => x.name)}</dd>
      <dt>{t('task.trunk')}</dt><dd>{nameOf(refs()?.trunks, props.task.trunkId, (x) => x.name)}</dd>
      <dt>{t('task.callerIds')}</dt>
      <dd>{s().callerIds.ids.map((cid) => nameOf(refs()?.callerIds, cid, (x) => x.number)).join('、') || '—'} · {t(`callerRule.${s().callerIds.rule}`)}{s().callerIds.maxDailyPerNumber ? ` · ≤${s().callerIds.maxDailyPerNumber}` : ''}</dd>
      <dt>{t('taskForm.schedule')}</dt><dd>{formatDateTime(props.task.startAt) || '—'} → {formatDateTime(props.task.endAt) || '—'}</dd>
      <dt>{t('task.hours')}</dt>
      <dd>
        <ul class="plain">
          <For each={WEEKDAYS}>{(d) => <li>{t(`day.${d}`)}：{s().hours[d].enabled ? `${s().hours[d].start}–${s().hours[d].end}${s().hours[d].breaks.length ? `（${t('system.breaks')} ${s().hours[d].breaks.map((b) => `${b.start}–${b.end}`).join('、')}）` : ''}` : '—'}</li>}</For>
        </ul>
      </dd>
      <dt>{t('task.pace')}</dt><dd>{formatNumber(props.task.lines)} / {formatNumber(props.task.maxCallsPerSecond)}</dd>
      <dt>{t('task.retries')}</dt>
      <dd>{RETRY_OUTCOMES.map((o) => `${outcomeText(o)} ${s().retries[o].count}×${Math.round(s().retries[o].intervalMs / 60_000)}′`).join('，')}</dd>
      <dt>{t('task.skip')}</dt>
      <dd>{[s().skip.calledToday ? t('skipReason.called-today') : null, s().skip.inCrm ? t('skipReason.in-crm') : null, t('skipReason.blacklisted')].filter(Boolean).join('、')}</dd>
      <dt>{t('task.handoff')}</dt><dd>{nameOf(refs()?.groups, props.task.agentGroupId, (x) => x.name)} · {props.task.dialRatioPercent}%</dd>
      <dt>{t('task.createdAt')}</dt><dd>{formatDateTime(props.task.createdAt)}</dd>
      <dt>{t('task.startedAt')}</dt><dd>{formatDateTime(props.task.startedAt) || '—'}</dd>
      <dt>{t('task.finishedAt')}</dt><dd>{formatDateTime(props.task.finishedAt) || '—'}</dd>
    </dl>
  );
}
