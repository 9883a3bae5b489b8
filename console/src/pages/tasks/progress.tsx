/**
 * 进度: a task's figures as the server counts them — submitted, numbers dialed, dials,
 * connected (and the rate), transferred, failed and skipped — with charts of the queue's
 * states, the numbers' grades, every dial's outcome and why failed numbers failed.
 */
import { For, Show } from 'solid-js';
import type { JSX } from 'solid-js';
import { GRADES } from '../../api/types.js';
import { formatNumber, t } from '../../i18n/index.js';
import { BarChart, ProgressBar } from '../../components/chart.js';
import { OUTCOMES, outcomeText } from '../calls/list.js';
import { QUEUE_STATES } from './types.js';
import type { TaskProgress } from './types.js';
import { finished, queueStateText, skipText } from './shared.js';

const pct = (n: number, of: number): string => (of > 0 ? `${Math.round((n / of) * 1000) / 10}%` : '—');

/** Outcome bars in the call list's order, only those that occurred. */
function outcomeBars(counts: Readonly<Record<string, number>>): { label: string; value: number; class: string }[] {
  const known = OUTCOMES.filter((o) => (counts[o] ?? 0) > 0).map((o) => ({ label: outcomeText(o), value: counts[o]!, class: `outcome-${o.toLowerCase()}` }));
  const other = Object.entries(counts).filter(([k, v]) => !(OUTCOMES as readonly string[]).includes(k) && v > 0).map(([k, v]) => ({ label: k, value: v, class: '' }));
  return [...known, ...other];
}

export function ProgressView(props: { progress: TaskProgress; name: string }): JSX.Element {
  const p = (): TaskProgress => props.progress;
  const skipped = (): number => p().byState['SKIPPED'] ?? 0;
  return (
    <div class="task-progress">
      <div class="progress-line">
        <ProgressBar done={finished(p().byState)} total={p().submitted} label={`${t('task.progress')} ${props.name}`} />
        <span>{t('task.progressOf', { done: formatNumber(finished(p().byState)), total: formatNumber(p().submitted), pct: p().submitted ? Math.round((finished(p().byState) / p().submitted) * 100) : 0 })}</span>
      </div>
      <dl class="cards figures">
        <div class="card"><dt>{t('task.submitted')}</dt><dd data-figure="submitted">{formatNumber(p().submitted)}</dd></div>
        <div class="card"><dt>{t('task.leadsDialed')}</dt><dd data-figure="leadsDialed">{formatNumber(p().leadsDialed)}</dd></div>
        <div class="card"><dt>{t('task.dialed')}</dt><dd data-figure="dialed">{formatNumber(p().dialed)}</dd></div>
        <div class="card"><dt>{t('task.connected')}</dt><dd data-figure="connected">{formatNumber(p().connected)} <small class="muted">{t('task.connectRate')} {pct(p().connected, p().dialed)}</small></dd></div>
        <div class="card"><dt>{t('task.transferred')}</dt><dd data-figure="transferred">{formatNumber(p().transferred)}</dd></div>
        <div class="card"><dt>{t('task.failed')}</dt><dd data-figure="failed">{formatNumber(p().byState['FAILED'] ?? 0)}</dd></div>
        <div class="card"><dt>{t('task.skipped')}</dt><dd data-figure="skipped">{formatNumber(skipped())}
          <Show when={skipped() > 0}><small class="muted"> {Object.entries(p().skippedByReason).map(([r, n]) => `${skipText(r)} ${n}`).join('，')}</small></Show>
        </dd></div>
      </dl>
      <div class="chart-row">
        <section aria-labelledby="chart-grades">
          <h3 id="chart-grades">{t('task.byGrade')}</h3>
          <BarChart label={t('task.byGrade')} bars={GRADES.map((g) => ({ label: g, title: `${g} ${t(`grade.${g}`)}`, value: p().byGrade[g] ?? 0, class: `grade-${g}` }))} colWidth={44} />
        </section>
        <section aria-labelledby="chart-states">
          <h3 id="chart-states">{t('task.byState')}</h3>
          <BarChart label={t('task.byState')} bars={QUEUE_STATES.map((s) => ({ label: queueStateText(s), value: p().byState[s] ?? 0, class: `qstate-${s.toLowerCase()}` }))} colWidth={64} />
        </section>
        <section aria-labelledby="chart-outcomes">
          <h3 id="chart-outcomes">{t('task.byOutcome')}</h3>
          <Show when={outcomeBars(p().attemptsByOutcome).length > 0} fallback={<p class="muted">{t('chart.empty')}</p>}>
            <BarChart label={t('task.byOutcome')} bars={outcomeBars(p().attemptsByOutcome)} colWidth={64} />
          </Show>
        </section>
        <section aria-labelledby="chart-failed">
          <h3 id="chart-failed">{t('task.failedByOutcome')}</h3>
          <Show when={outcomeBars(p().failedByOutcome).length > 0} fallback={<p class="muted">{t('chart.empty')}</p>}>
            <ul class="plain">
              <For each={outcomeBars(p().failedByOutcome)}>{(b) => <li>{b.label}: <strong>{formatNumber(b.value)}</strong></li>}</For>
            </ul>
          </Show>
        </section>
      </div>
    </div>
  );
}
