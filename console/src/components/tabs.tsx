/** Tabs with the ARIA tab pattern: arrow keys move between tabs, only the active one is in the tab order. */
import { For } from 'solid-js';
import type { JSX } from 'solid-js';

export interface TabItem { readonly id: string; readonly label: string; readonly marked?: boolean }

export function Tabs(props: { tabs: readonly TabItem[]; active: string; onSelect: (id: string) => void; label: string; idPrefix?: string }): JSX.Element {
  let list!: HTMLDivElement;
  const move = (e: KeyboardEvent, index: number): void => {
    const n = props.tabs.length;
    let next = -1;
    if (e.key === 'ArrowRight') next = (index + 1) % n;
    else if (e.key === 'ArrowLeft') next = (index - 1 + n) % n;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = n - 1;
    if (next < 0) return;
    e.preventDefault();
    const tab = props.tabs[next]!;
    props.onSelect(tab.id);
    list.querySelectorAll<HTMLButtonElement>('[role=tab]')[next]?.focus();
  };
  return (
    <div class="tabs" role="tablist" aria-label={props.label} ref={list}>
      <For each={props.tabs}>
        {(tab, i) => (
          <button
            type="button" role="tab" id={`${props.idPrefix ?? 'tab'}-${tab.id}`} aria-selected={props.active === tab.id}
            tabindex={props.active === tab.id ? 0 : -1} classList={{ marked: !!tab.marked }}
            onClick={() => props.onSelect(tab.id)} onKeyDown={(e) => move(e, i())}
          >
            {tab.label}
          </button>
        )}
      </For>
    </div>
  );
}
