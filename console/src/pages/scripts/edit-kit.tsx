/** Small pieces the script tables share: labelled cell inputs, row issues, row buttons. */
import { For, Show } from 'solid-js';
import type { JSX } from 'solid-js';
import type { TemplateIssue } from '../../api/types.js';
import { pick, t } from '../../i18n/index.js';

/** The save's issues about `section[index]` (from their JSON path, e.g. `flows[2].positiveJump`). */
export function rowIssues(issues: readonly TemplateIssue[], section: string, index: number): TemplateIssue[] {
  const prefix = `${section}[${index}]`;
  return issues.filter((i) => i.path === prefix || i.path?.startsWith(`${prefix}.`) || i.path?.startsWith(`${prefix}[`));
}

/** Is this cell (`flows[2].positiveJump`) the subject of an issue? */
export function cellIssue(issues: readonly TemplateIssue[], path: string): string | undefined {
  const hit = issues.find((i) => i.path === path || i.path?.startsWith(`${path}[`) || i.path?.startsWith(`${path}.`));
  return hit ? pick(hit.message) : undefined;
}

export function CellText(props: { value: string; onInput: (v: string) => void; label: string; error?: string | undefined; multiline?: boolean; list?: string }): JSX.Element {
  return props.multiline
    ? <textarea rows="2" value={props.value} aria-label={props.label} aria-invalid={!!props.error} title={props.error} classList={{ invalid: !!props.error }} onInput={(e) => props.onInput(e.currentTarget.value)} />
    : <input type="text" value={props.value} aria-label={props.label} aria-invalid={!!props.error} title={props.error} classList={{ invalid: !!props.error }} list={props.list} onInput={(e) => props.onInput(e.currentTarget.value)} />;
}

export function CellCheck(props: { checked: boolean; onChange: (v: boolean) => void; label: string }): JSX.Element {
  return <input type="checkbox" checked={props.checked} aria-label={props.label} onChange={(e) => props.onChange(e.currentTarget.checked)} />;
}

export function RowIssues(props: { issues: TemplateIssue[] }): JSX.Element {
  return (
    <Show when={props.issues.length > 0}>
      <ul class="row-issues" role="alert">
        <For each={props.issues}>{(i) => <li>{pick(i.message)}</li>}</For>
      </ul>
    </Show>
  );
}

export function RowButtons(props: { index: number; count: number; onMove: (from: number, to: number) => void; onRemove: (i: number) => void; what: string }): JSX.Element {
  return (
    <span class="row-buttons">
      <button type="button" class="icon" disabled={props.index === 0} aria-label={t('edit.moveUp', { what: props.what })} onClick={() => props.onMove(props.index, props.index - 1)}>↑</button>
      <button type="button" class="icon" disabled={props.index >= props.count - 1} aria-label={t('edit.moveDown', { what: props.what })} onClick={() => props.onMove(props.index, props.index + 1)}>↓</button>
      <button type="button" class="icon danger" aria-label={t('edit.remove', { what: props.what })} onClick={() => props.onRemove(props.index)}>×</button>
    </span>
  );
}

export function moved<T>(list: readonly T[], from: number, to: number): T[] {
  const out = [...list];
  const [x] = out.splice(from, 1);
  if (x !== undefined) out.splice(to, 0, x);
  return out;
}

/** "好的、可以/行" -> ["好的", "可以", "行"]: the separators marketers type. */
export function splitWords(text: string): string[] {
  return text.split(/[、,，/;；\n|]+/).map((w) => w.trim()).filter(Boolean);
}
