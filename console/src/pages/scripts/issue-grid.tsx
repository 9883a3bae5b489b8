/**
 * A refused script shown as its spreadsheet: one tab per sheet (sheets with problems marked),
 * the grid with row numbers and column letters, each bad cell highlighted, and beside it the
 * list of problems; choosing a problem scrolls to and focuses its cell.
 */
import { For, Show, createMemo, createSignal } from 'solid-js';
import type { JSX } from 'solid-js';
import type { TemplateIssue } from '../../api/types.js';
import type { SheetCells } from '../../lib/xlsx-cells.js';
import { cellRef, columnLetter } from '../../lib/xlsx-cells.js';
import { pick, t } from '../../i18n/index.js';
import { Tabs } from '../../components/tabs.js';

/** Where an issue sits: "流程!F7", "流程 row 7" or just the sheet. */
export function issuePlace(i: TemplateIssue): string {
  if (i.sheet && i.row && i.column) return `${i.sheet}!${i.column}${i.row}`;
  if (i.sheet && i.row) return `${i.sheet} ${t('issues.row', { n: i.row })}`;
  return i.sheet ?? i.path ?? '';
}

const cellId = (sheet: number, row: number, col: number): string => `cell-${sheet}-${row}-${col}`;

export function IssueGrid(props: { sheets: SheetCells[] | null; issues: TemplateIssue[] }): JSX.Element {
  const sheetNames = createMemo(() => {
    const names = (props.sheets ?? []).map((s) => s.name);
    for (const i of props.issues) if (i.sheet && !names.includes(i.sheet)) names.push(i.sheet);
    return names;
  });
  const firstBad = (): string => sheetNames().find((n) => props.issues.some((i) => i.sheet === n)) ?? sheetNames()[0] ?? '';
  const [active, setActive] = createSignal<string>('');
  const current = (): string => active() || firstBad();
  const sheetIndex = (): number => sheetNames().indexOf(current());
  const issuesHere = createMemo(() => props.issues.filter((i) => i.sheet === current()));
  const unplaced = createMemo(() => props.issues.filter((i) => !i.sheet));
  const cells = createMemo(() => props.sheets?.find((s) => s.name === current())?.rows ?? []);
  const badAt = createMemo(() => {
    const m = new Map<string, TemplateIssue[]>();
    for (const i of issuesHere()) {
      if (!i.row) continue;
      const at = i.column ? cellRef(`${i.column}${i.row}`) : { row: i.row - 1, col: -1 };
      if (!at) continue;
      const key = `${at.row}:${at.col}`;
      m.set(key, [...(m.get(key) ?? []), i]);
    }
    return m;
  });
  const size = createMemo(() => {
    let rows = cells().length;
    let cols = Math.max(0, ...cells().map((r) => r.length));
    for (const key of badAt().keys()) {
      const [r, c] = key.split(':').map(Number) as [number, number];
      rows = Math.max(rows, r + 1);
      cols = Math.max(cols, c + 1);
    }
    return { rows: Math.min(rows, 2_000), cols: Math.max(1, cols) };
  });
  const focusIssue = (i: TemplateIssue): void => {
    if (!i.row) return;
    const at = i.column ? cellRef(`${i.column}${i.row}`) : { row: i.row - 1, col: -1 };
    if (!at) return;
    const el = document.getElementById(cellId(sheetIndex(), at.row, Math.max(0, at.col)));
    el?.scrollIntoView?.({ block: 'center', inline: 'center' });
    el?.focus();
  };
  return (
    <div class="issue-view">
      <Tabs
        label={t('issues.sheets')} idPrefix="sheet" active={current()} onSelect={setActive}
        tabs={sheetNames().map((n) => ({ id: n, label: `${n}${props.issues.some((i) => i.sheet === n) ? ` (${props.issues.filter((i) => i.sheet === n).length})` : ''}`, marked: props.issues.some((i) => i.sheet === n) }))}
      />
      <div class="issue-layout">
        <div class="sheet-scroll" role="region" aria-label={t('issues.gridLabel', { sheet: current() })} tabindex="0">
          <Show when={props.sheets} fallback={<p class="muted">{t('issues.noPreview')}</p>}>
            <table class="sheet" aria-label={current()}>
              <thead>
                <tr><th aria-hidden="true" /><For each={Array.from({ length: size().cols }, (_, c) => c)}>{(c) => <th scope="col">{columnLetter(c)}</th>}</For></tr>
              </thead>
              <tbody>
                <For each={Array.from({ length: size().rows }, (_, r) => r)}>
                  {(r) => (
                    <tr classList={{ 'bad-row': badAt().has(`${r}:-1`) }}>
                      <th scope="row">{r + 1}</th>
                      <For each={Array.from({ length: size().cols }, (_, c) => c)}>
                        {(c) => {
                          const bad = (): TemplateIssue[] | undefined => badAt().get(`${r}:${c}`) ?? (c === 0 ? badAt().get(`${r}:-1`) : undefined);
                          return (
                            <td
                              id={cellId(sheetIndex(), r, c)} classList={{ bad: !!bad() }} tabindex={bad() ? -1 : undefined}
                              title={bad()?.map((i) => pick(i.message)).join('\n')}
                              aria-label={bad() ? `${columnLetter(c)}${r + 1}: ${bad()!.map((i) => pick(i.message)).join('; ')}` : undefined}
                            >
                              {cells()[r]?.[c] ?? ''}
                            </td>
                          );
                        }}
                      </For>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </Show>
        </div>
        <aside class="issue-list" aria-label={t('issues.listLabel')}>
          <h3>{t('issues.count', { n: props.issues.length })}</h3>
          <ol>
            <For each={[...issuesHere(), ...unplaced()]}>
              {(i) => (
                <li class={i.severity === 'error' ? 'issue-error' : 'issue-warning'}>
                  <button type="button" class="link" onClick={() => focusIssue(i)}>
                    <span class="place">{issuePlace(i)}</span>
                    <Show when={i.header}><span class="muted"> [{i.header}]</span></Show>
                  </button>
                  <div>{pick(i.message)}</div>
                  <small class="muted">{i.severity === 'error' ? t('issues.error') : t('issues.warning')} · {i.code}</small>
                </li>
              )}
            </For>
          </ol>
        </aside>
      </div>
    </div>
  );
}
