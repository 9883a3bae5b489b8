/** 问题列表 as an editable table: the question, its other phrasings (子问题), the answer, what comes after. */
import { For } from 'solid-js';
import type { JSX } from 'solid-js';
import type { SetStoreFunction } from 'solid-js/store';
import type { Question, QuestionAfter, Template, TemplateIssue } from '../../api/types.js';
import { t } from '../../i18n/index.js';
import { CellText, RowButtons, RowIssues, cellIssue, moved, rowIssues, splitWords } from './edit-kit.js';

const AFTER: readonly QuestionAfter[] = ['return', 'wait', 'next', 'hangup'];

export function QuestionsTable(props: { draft: Template; setDraft: SetStoreFunction<Template>; issues: TemplateIssue[]; focus: number | null }): JSX.Element {
  const set = <K extends keyof Question>(i: number, key: K, value: Question[K]): void => props.setDraft('questions', i, key as never, value as never);
  return (
    <div class="edit-table-wrap">
      <table class="edit-table">
        <caption class="visually-hidden">{t('tab.questions')}</caption>
        <thead><tr><th scope="col">#</th><th scope="col">{t('questions.question')}</th><th scope="col">{t('questions.alternatives')}</th><th scope="col">{t('questions.answer')}</th><th scope="col">{t('questions.after')}</th><th scope="col">{t('questions.tag')}</th><th scope="col"><span class="visually-hidden">{t('common.actions')}</span></th></tr></thead>
        <tbody>
          <For each={props.draft.questions}>
            {(q, i) => {
              const label = (what: string): string => `${t('tab.questions')} ${i() + 1} ${what}`;
              return (
                <tr id={`question-row-${i()}`} classList={{ 'has-issue': rowIssues(props.issues, 'questions', i()).length > 0, focused: props.focus === i() }}>
                  <td>{i() + 1}</td>
                  <td><CellText value={q.question} label={label(t('questions.question'))} error={cellIssue(props.issues, `questions[${i()}].question`)} onInput={(v) => set(i(), 'question', v)} /></td>
                  <td class="wide">
                    <textarea rows="2" value={q.alternatives.join('\n')} aria-label={label(t('questions.alternatives'))} placeholder={t('questions.alternativesHint')} onChange={(e) => set(i(), 'alternatives', splitWords(e.currentTarget.value))} />
                  </td>
                  <td class="wide">
                    <CellText multiline value={q.answer} label={label(t('questions.answer'))} error={cellIssue(props.issues, `questions[${i()}].answer`)} onInput={(v) => set(i(), 'answer', v)} />
                    <RowIssues issues={rowIssues(props.issues, 'questions', i())} />
                  </td>
                  <td>
                    <select value={q.after} aria-label={label(t('questions.after'))} onChange={(e) => set(i(), 'after', e.currentTarget.value as QuestionAfter)}>
                      <For each={AFTER}>{(a) => <option value={a}>{t(`after.${a}`)}</option>}</For>
                    </select>
                  </td>
                  <td><CellText value={q.tag} label={label(t('questions.tag'))} onInput={(v) => set(i(), 'tag', v)} /></td>
                  <td><RowButtons index={i()} count={props.draft.questions.length} what={q.question} onMove={(a, b) => props.setDraft('questions', (l) => moved(l, a, b))} onRemove={(x) => props.setDraft('questions', (l) => l.filter((_, k) => k !== x))} /></td>
                </tr>
              );
            }}
          </For>
        </tbody>
      </table>
      <button type="button" onClick={() => props.setDraft('questions', (l) => [...l, { question: '', alternatives: [], answer: '', recording: '', after: 'return', tag: '', note: '' }])}>{t('questions.add')}</button>
    </div>
  );
}
