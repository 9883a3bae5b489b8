/**
 * 首页: today's calls, answered calls and the connect rate; today's grade distribution; the last
 * seven days' calls per day and the grades per task as stacked bars (GET /api/calls/stats counts
 * them in the database); and the calls in progress right now (the call queue's 呼叫中 rows),
 * read again every few seconds.
 */
import { For, Show, createResource, onCleanup } from 'solid-js';
import type { JSX } from 'solid-js';
import { A } from '@solidjs/router';
import { get } from '../api/client.js';
import type { Grade, Page } from '../api/types.js';
import { GRADES } from '../api/types.js';
import { formatDateTime, formatNumber, t } from '../i18n/index.js';
import { PageHead } from '../components/page.js';
import { ErrorBox } from '../components/error-box.js';
import { BarChart, StackedBarChart } from '../components/chart.js';
import type { Series } from '../components/chart.js';
import type { CallStats, QueueRow, Tally } from './tasks/types.js';

const DAY_MS = 86_400_000;
const LIVE_MS = 3_000;
const STATS_MS = 30_000;

/** Today's date in Beijing time, as the API's date filters read it. */
export function beijingToday(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** The Beijing day `days` before `day`. */
export const dayBefore = (day: string, days: number): string => new Date(Date.parse(`${day}T00:00:00Z`) - days * DAY_MS).toISOString().slice(0, 10);

/** One series per grade over tallies (days or tasks), for a stacked chart. */
export function gradeSeries(tallies: readonly Tally[]): Series[] {
  return GRADES.map((g: Grade) => ({ key: g, label: `${g} ${t(`grade.${g}`)}`, class: `grade-${g}`, values: tallies.map((x) => x.grades[g] ?? 0) }));
}

const rate = (answered: number, total: number): string => (total > 0 ? `${Math.round((answered / total) * 1000) / 10}%` : '—');

export function DashboardPage(): JSX.Element {
  const today = beijingToday();
  const [stats, { refetch: refetchStats }] = createResource(() => get<CallStats>('/api/calls/stats', { from: dayBefore(today, 6), to: today }));
  const [live, { refetch: refetchLive }] = createResource(() => get<Page<QueueRow>>('/api/call-queue', { state: 'DIALING', pageSize: 100 }));
  const liveTimer = setInterval(() => { if (!live.loading) void refetchLive(); }, LIVE_MS);
  const statsTimer = setInterval(() => { if (!stats.loading) void refetchStats(); }, STATS_MS);
  onCleanup(() => { clearInterval(liveTimer); clearInterval(statsTimer); });
  const todayTally = (): Tally | undefined => stats.latest?.days.find((d) => d.day === today);
  return (
    <section class="dashboard">
      <PageHead title={t('nav.dashboard')} />
      <ErrorBox error={stats.error ?? live.error} />
      <Show when={stats.latest}>
        {(s) => (
          <>
            <dl class="cards figures">
              <div class="card"><dt>{t('dash.today')}</dt><dd data-figure="today">{formatNumber(todayTally()?.total ?? 0)}</dd></div>
              <div class="card"><dt>{t('dash.answered')}</dt><dd data-figure="answered">{formatNumber(todayTally()?.answered ?? 0)}</dd></div>
              <div class="card"><dt>{t('dash.connectRate')}</dt><dd data-figure="rate">{rate(todayTally()?.answered ?? 0, todayTally()?.total ?? 0)}</dd></div>
              <div class="card"><dt>{t('dash.live')}</dt><dd data-figure="live">{formatNumber(live.latest?.total ?? 0)}</dd></div>
            </dl>
            <div class="chart-row">
              <section aria-labelledby="dash-grades">
                <h2 id="dash-grades">{t('dash.grades')}</h2>
                <BarChart label={t('dash.grades')} bars={GRADES.map((g) => ({ label: g, title: `${g} ${t(`grade.${g}`)}`, value: todayTally()?.grades[g] ?? 0, class: `grade-${g}` }))} colWidth={44} />
              </section>
              <section aria-labelledby="dash-days">
                <h2 id="dash-days">{t('dash.perDay')}</h2>
                <StackedBarChart label={t('dash.perDay')} categories={s().days.map((d) => d.day.slice(5))} series={gradeSeries(s().days)} colWidth={52} />
              </section>
            </div>
            <section aria-labelledby="dash-tasks">
              <h2 id="dash-tasks">{t('dash.perTask')}</h2>
              <Show when={s().tasks.length > 0} fallback={<p class="muted">{t('dash.noTasks')}</p>}>
                <StackedBarChart label={t('dash.perTask')} categories={s().tasks.map((x) => (x.name.length > 8 ? `${x.name.slice(0, 8)}…` : x.name))} series={gradeSeries(s().tasks)} colWidth={80} />
                <ul class="plain task-rates">
                  <For each={s().tasks}>{(x) => <li><A href={`/tasks/${x.taskId}`}>{x.name}</A>：{formatNumber(x.total)} · {t('dash.connectRate')} {rate(x.answered, x.total)}</li>}</For>
                </ul>
              </Show>
            </section>
          </>
        )}
      </Show>
      <section aria-labelledby="dash-live" class="panel">
        <h2 id="dash-live">{t('dash.live')} <small class="muted">{t('dash.refreshEvery', { s: LIVE_MS / 1000 })}</small></h2>
        <Show when={(live.latest?.items.length ?? 0) > 0} fallback={<p class="muted" role="status">{t('dash.liveNone')}</p>}>
          <table class="data compact live-calls">
            <caption class="visually-hidden">{t('dash.live')}</caption>
            <thead><tr><th scope="col">{t('queue.task')}</th><th scope="col">{t('leads.name')}</th><th scope="col">{t('leads.phone')}</th><th scope="col">{t('queue.attempts')}</th><th scope="col">{t('dash.since')}</th></tr></thead>
            <tbody>
              <For each={live.latest?.items ?? []}>
                {(r) => <tr><td><A href={`/tasks/${r.taskId}`}>{r.taskName ?? `#${r.taskId}`}</A></td><td>{r.name}</td><td class="mono">{r.phone}</td><td>{r.attempts}</td><td>{formatDateTime(r.updatedAt)}</td></tr>}
              </For>
            </tbody>
          </table>
        </Show>
      </section>
    </section>
  );
}
