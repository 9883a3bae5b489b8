/**
 * 等级规则: each row gives a grade when all its conditions hold (counter, comparison, value).
 * Conditions are written as "肯定>=1, 交互<3" in one cell: the counters' names come from the
 * i18n table in either language.
 */
import { For } from 'solid-js';
import type { JSX } from 'solid-js';
import type { SetStoreFunction } from 'solid-js/store';
import type { Comparison, Condition, Counter, GradeRule, Template, TemplateIssue } from '../../api/types.js';
import { t } from '../../i18n/index.js';
import { CellText, RowButtons, RowIssues, moved, rowIssues } from './edit-kit.js';

export const COUNTERS: readonly Counter[] = ['affirmative', 'questions', 'interactions', 'refusals', 'silences', 'unmatched'];
const OPS: readonly Comparison[] = ['>=', '<=', '>', '<', '='];

export function conditionsText(conds: readonly Condition[]): string {
  return conds.map((c) => `${t(`counter.${c.counter}`)}${c.op}${c.value}`).join(', ');
}

/** Parses "肯定>=1, interactions<3"; unknown parts come back as errors, not silently dropped. */
export function parseConditions(text: string): { conditions: Condition[]; bad: string[] } {
  const conditions: Condition[] = [];
  const bad: string[] = [];
  for (const part of text.split(/[,，;；]+/).map((s) => s.trim()).filter(Boolean)) {
    const m = /^(.+?)\s*(>=|<=|>|<|=)\s*(\d+)$/.exec(part);
    const counter = m ? COUNTERS.find((c) => c === m[1]!.trim() || t(`counter.${c}`) === m[1]!.trim()) : undefined;
    if (!m || !counter || !OPS.includes(m[2] as Comparison)) { bad.push(part); continue; }
    conditions.push({ counter, op: m[2] as Comparison, value: Number(m[3]) });
  }
  return { conditions, bad };
}

export function GradeRulesTable(props: { draft: Template; setDraft: SetStoreFunction<Template>; issues: TemplateIssue[]; onBad: (msg: string | null) => void }): JSX.Element {
  const set = <K extends keyof GradeRule>(i: number, key: K, value: GradeRule[K]): void => props.setDraft('gradeRules', i, key as never, value as never);
  return (
    <div class="edit-table-wrap">
      <p class="muted">{t('rules.hint', { counters: COUNTERS.map((c) => t(`counter.${c}`)).join('、') })}</p>
      <table class="edit-table">
        <caption class="visually-hidden">{t('tab.rules')}</caption>
        <thead><tr><th scope="col">#</th><th scope="col">{t('rules.grade')}</th><th scope="col">{t('rules.conditions')}</th><th scope="col">{t('rules.note')}</th><th scope="col"><span class="visually-hidden">{t('common.actions')}</span></th></tr></thead>
        <tbody>
          <For each={props.draft.gradeRules}>
            {(r, i) => (
              <tr classList={{ 'has-issue': rowIssues(props.issues, 'gradeRules', i()).length > 0 }}>
                <td>{i() + 1}</td>
                <td>
                  <select value={r.grade} aria-label={`${t('rules.grade')} ${i() + 1}`} onChange={(e) => set(i(), 'grade', e.currentTarget.value as GradeRule['grade'])}>
                    <For each={['A', 'B', 'C', 'D'] as const}>{(g) => <option value={g}>{g} {t(`grade.${g}`)}</option>}</For>
                  </select>
                </td>
                <td class="wide">
                  <input
                    type="text" value={conditionsText(r.conditions)} aria-label={`${t('rules.conditions')} ${i() + 1}`}
                    onChange={(e) => {
                      const p = parseConditions(e.currentTarget.value);
                      props.onBad(p.bad.length > 0 ? t('rules.bad', { parts: p.bad.join(', ') }) : null);
                      if (p.bad.length === 0) set(i(), 'conditions', p.conditions);
                    }}
                  />
                  <RowIssues issues={rowIssues(props.issues, 'gradeRules', i())} />
                </td>
                <td><CellText value={r.note} label={`${t('rules.note')} ${i() + 1}`} onInput={(v) => set(i(), 'note', v)} /></td>
                <td><RowButtons index={i()} count={props.draft.gradeRules.length} what={`${r.grade}`} onMove={(a, b) => props.setDraft('gradeRules', (l) => moved(l, a, b))} onRemove={(x) => props.setDraft('gradeRules', (l) => l.filter((_, k) => k !== x))} /></td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <button type="button" onClick={() => props.setDraft('gradeRules', (l) => [...l, { grade: 'B', conditions: [], note: '' }])}>{t('rules.add')}</button>
    </div>
  );
}
