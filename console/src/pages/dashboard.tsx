/**
 * 首页: today's calls, the connect rate and the grade distribution, counted by the call list's
 * own filters (one small query per figure, so nothing is loaded row by row), as bars.
 */
import { For, Show, createResource } from 'solid-js';
import type { JSX } from 'solid-js';
import { get } from '../api/client.js';
import type { Page } from '../api/types.js';
import { GRADES } from '../api/types.js';
import { formatNumber, t } from '../i18n/index.js';
import { PageHead } from '../components/page.js';
import { ErrorBox } from '../components/error-box.js';

/** Today's date in Beijing time, as the API's date filters read it. */
export function beijingToday(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

const count = async (q: Record<string, string>): Promise<number> => (await get<Page<unknown>>('/api/calls', { ...q, pageSize: 1 })).total ?? 0;

export function DashboardPage(): JSX.Element {
  const [stats] = createResource(async () => {
    const day = beijingToday();
    const base = { from: day, to: day };
    const [total, answered, ...grades] = await Promise.all([count(base), count({ ...base, outcome: 'ANSWERED' }), ...GRADES.map((g) => count({ ...base, grade: g }))]);
    return { total, answered, grades: GRADES.map((g, i) => ({ grade: g, n: grades[i] ?? 0 })) };
  });
  const max = (): number => Math.max(1, ...(stats()?.grades.map((g) => g.n) ?? [1]));
  return (
    <section>
      <PageHead title={t('nav.dashboard')} />
      <ErrorBox error={stats.error} />
      <Show when={stats()}>
        {(s) => (
          <>
            <div class="cards">
              <div class="card"><span>{t('dash.today')}</span><strong>{formatNumber(s().total)}</strong></div>
              <div class="card"><span>{t('dash.answered')}</span><strong>{formatNumber(s().answered)}</strong></div>
              <div class="card"><span>{t('dash.connectRate')}</span><strong>{s().total ? `${Math.round((s().answered / s().total) * 100)}%` : '—'}</strong></div>
            </div>
            <h2>{t('dash.grades')}</h2>
            <svg class="bars" width="420" height="200" role="img" aria-label={`${t('dash.grades')}: ${s().grades.map((g) => `${g.grade} ${g.n}`).join(', ')}`}>
              <For each={s().grades}>
                {(g, i) => {
                  const h = (): number => Math.round((g.n / max()) * 140);
                  return (
                    <g transform={`translate(${20 + i() * 65},0)`}>
                      <rect x="0" y={160 - h()} width="40" height={h()} class={`bar grade-${g.grade}`} />
                      <text x="20" y={155 - h()} text-anchor="middle">{g.n}</text>
                      <text x="20" y="180" text-anchor="middle">{g.grade}</text>
                    </g>
                  );
                }}
              </For>
            </svg>
          </>
        )}
      </Show>
    </section>
  );
}
