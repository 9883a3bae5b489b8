/**
 * 流程 as an editable table: one row per flow in order, the jumps as choices of existing flows
 * (empty is the next flow), branches as lines of "words → target", the switches as checkboxes.
 */
import { For } from 'solid-js';
import type { JSX } from 'solid-js';
import type { SetStoreFunction } from 'solid-js/store';
import type { Branch, FlowNode, Template, TemplateIssue } from '../../api/types.js';
import { t } from '../../i18n/index.js';
import { CellCheck, CellText, RowButtons, RowIssues, cellIssue, moved, rowIssues, splitWords } from './edit-kit.js';

export function newFlow(name: string): FlowNode {
  return {
    name, prompt: '', recording: '', positiveTag: '', negativeTag: '', positiveJump: '', negativeJump: '', branches: [],
    terminate: false, ignoreUnmatched: false, ignoreNegative: false, transferGroup: '', bargeIn: null, silenceTimeoutMs: null, answerKind: null, note: '',
  };
}

export function branchesText(branches: readonly Branch[]): string {
  return branches.map((b) => `${b.words.join('、')} → ${b.target}`).join('\n');
}

export function parseBranches(text: string): Branch[] {
  return text.split('\n').map((line) => line.trim()).filter(Boolean).map((line) => {
    const [words, target] = line.split(/→|->|=>/);
    return { words: splitWords(words ?? ''), target: (target ?? '').trim() };
  });
}

export function FlowsTable(props: { draft: Template; setDraft: SetStoreFunction<Template>; issues: TemplateIssue[]; focus: number | null }): JSX.Element {
  const names = (): string[] => props.draft.flows.map((f) => f.name);
  const set = <K extends keyof FlowNode>(i: number, key: K, value: FlowNode[K]): void => {
    props.setDraft('flows', i, key as never, value as never);
  };
  const path = (i: number, key: string): string => `flows[${i}].${key}`;
  const jumpSelect = (i: number, key: 'positiveJump' | 'negativeJump', label: string): JSX.Element => (
    <select value={props.draft.flows[i]![key]} aria-label={label} aria-invalid={!!cellIssue(props.issues, path(i, key))} title={cellIssue(props.issues, path(i, key))} onChange={(e) => set(i, key, e.currentTarget.value)}>
      <option value="">{t('flows.nextFlow')}</option>
      <For each={names()}>{(n) => <option value={n}>{n}</option>}</For>
      {!names().includes(props.draft.flows[i]![key]) && props.draft.flows[i]![key] !== '' ? <option value={props.draft.flows[i]![key]}>{props.draft.flows[i]![key]} ⚠</option> : null}
    </select>
  );
  return (
    <div class="edit-table-wrap">
      <table class="edit-table">
        <caption class="visually-hidden">{t('tab.flows')}</caption>
        <thead>
          <tr>
            <th scope="col">#</th><th scope="col">{t('flows.name')}</th><th scope="col">{t('flows.prompt')}</th><th scope="col">{t('flows.tags')}</th>
            <th scope="col">{t('flows.positiveJump')}</th><th scope="col">{t('flows.negativeJump')}</th><th scope="col">{t('flows.branches')}</th>
            <th scope="col">{t('flows.switches')}</th><th scope="col">{t('flows.transferGroup')}</th><th scope="col"><span class="visually-hidden">{t('common.actions')}</span></th>
          </tr>
        </thead>
        <tbody>
          <For each={props.draft.flows}>
            {(f, i) => {
              const label = (what: string): string => `${t('tab.flows')} ${i() + 1} ${what}`;
              return (
                <tr id={`flow-row-${i()}`} classList={{ 'has-issue': rowIssues(props.issues, 'flows', i()).length > 0, focused: props.focus === i() }}>
                  <td>{i() + 1}</td>
                  <td><CellText value={f.name} label={label(t('flows.name'))} error={cellIssue(props.issues, path(i(), 'name'))} onInput={(v) => set(i(), 'name', v)} /></td>
                  <td class="wide">
                    <CellText multiline value={f.prompt} label={label(t('flows.prompt'))} error={cellIssue(props.issues, path(i(), 'prompt'))} onInput={(v) => set(i(), 'prompt', v)} />
                    <RowIssues issues={rowIssues(props.issues, 'flows', i())} />
                  </td>
                  <td>
                    <CellText value={f.positiveTag} label={label(t('flows.positiveTag'))} onInput={(v) => set(i(), 'positiveTag', v)} />
                    <CellText value={f.negativeTag} label={label(t('flows.negativeTag'))} onInput={(v) => set(i(), 'negativeTag', v)} />
                  </td>
                  <td>{jumpSelect(i(), 'positiveJump', label(t('flows.positiveJump')))}</td>
                  <td>{jumpSelect(i(), 'negativeJump', label(t('flows.negativeJump')))}</td>
                  <td class="wide">
                    <textarea
                      rows="2" value={branchesText(f.branches)} aria-label={label(t('flows.branches'))} placeholder={t('flows.branchesHint')}
                      aria-invalid={!!cellIssue(props.issues, path(i(), 'branches'))} title={cellIssue(props.issues, path(i(), 'branches'))}
                      onChange={(e) => set(i(), 'branches', parseBranches(e.currentTarget.value))}
                    />
                  </td>
                  <td class="checks">
                    <label><CellCheck checked={f.terminate} label={label(t('flows.terminate'))} onChange={(v) => set(i(), 'terminate', v)} /> {t('flows.terminate')}</label>
                    <label><CellCheck checked={f.ignoreUnmatched} label={label(t('flows.ignoreUnmatched'))} onChange={(v) => set(i(), 'ignoreUnmatched', v)} /> {t('flows.ignoreUnmatched')}</label>
                    <label><CellCheck checked={f.ignoreNegative} label={label(t('flows.ignoreNegative'))} onChange={(v) => set(i(), 'ignoreNegative', v)} /> {t('flows.ignoreNegative')}</label>
                  </td>
                  <td><CellText value={f.transferGroup} label={label(t('flows.transferGroup'))} onInput={(v) => set(i(), 'transferGroup', v)} /></td>
                  <td>
                    <RowButtons
                      index={i()} count={props.draft.flows.length} what={f.name}
                      onMove={(a, b) => props.setDraft('flows', (l) => moved(l, a, b))}
                      onRemove={(x) => props.setDraft('flows', (l) => l.filter((_, k) => k !== x))}
                    />
                  </td>
                </tr>
              );
            }}
          </For>
        </tbody>
      </table>
      <button type="button" onClick={() => props.setDraft('flows', (l) => [...l, newFlow(t('flows.newName', { n: l.length + 1 }))])}>{t('flows.add')}</button>
    </div>
  );
}
