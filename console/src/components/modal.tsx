/**
 * A modal dialog: labelled by its title, focus moved into it on open and back to the opener on
 * close, Escape closes, Tab stays inside (keyboard users never land behind the overlay).
 */
import { Show, onCleanup, onMount } from 'solid-js';
import type { JSX } from 'solid-js';
import { t } from '../i18n/index.js';

export function Modal(props: { title: string; open: boolean; onClose: () => void; children: JSX.Element; wide?: boolean }): JSX.Element {
  return (
    <Show when={props.open}>
      <ModalBody {...props} />
    </Show>
  );
}

function ModalBody(props: { title: string; onClose: () => void; children: JSX.Element; wide?: boolean }): JSX.Element {
  let box!: HTMLDivElement;
  const opener = document.activeElement as HTMLElement | null;
  const focusables = (): HTMLElement[] => [...box.querySelectorAll<HTMLElement>('button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])')].filter((el) => !el.hasAttribute('disabled'));
  const onKey = (e: KeyboardEvent): void => {
    if (e.key === 'Escape') { e.preventDefault(); props.onClose(); return; }
    if (e.key !== 'Tab') return;
    const list = focusables();
    if (list.length === 0) return;
    const first = list[0]!;
    const last = list[list.length - 1]!;
    if (e.shiftKey && document.activeElement === first) { e.preventDefault(); last.focus(); }
    else if (!e.shiftKey && document.activeElement === last) { e.preventDefault(); first.focus(); }
  };
  onMount(() => {
    const list = focusables();
    (list.find((el) => el.matches('input, select, textarea')) ?? list[0])?.focus();
  });
  onCleanup(() => opener?.focus?.());
  const titleId = `modal-${Math.random().toString(36).slice(2)}`;
  return (
    <div class="overlay" onClick={(e) => { if (e.target === e.currentTarget) props.onClose(); }}>
      <div ref={box} class="modal" classList={{ wide: !!props.wide }} role="dialog" aria-modal="true" aria-labelledby={titleId} onKeyDown={onKey}>
        <header class="modal-head">
          <h2 id={titleId}>{props.title}</h2>
          <button type="button" class="icon" aria-label={t('common.close')} onClick={() => props.onClose()}>×</button>
        </header>
        <div class="modal-body">{props.children}</div>
      </div>
    </div>
  );
}
