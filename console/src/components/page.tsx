/** A page's heading and action bar; the heading is what the router focuses after navigation. */
import type { JSX } from 'solid-js';
import { createEffect, onMount } from 'solid-js';

export function PageHead(props: { title: string; children?: JSX.Element }): JSX.Element {
  let h!: HTMLHeadingElement;
  // An effect, not a mount: the tab's title follows the language switch (and a renamed script).
  createEffect(() => { document.title = `${props.title} · Waihu`; });
  onMount(() => {
    // Moving focus to the new page's heading tells screen-reader users the page changed.
    if (document.activeElement === document.body || document.activeElement?.closest('nav')) h.focus();
  });
  return (
    <div class="page-head">
      <h1 ref={h} tabindex="-1">{props.title}</h1>
      <div class="actions">{props.children}</div>
    </div>
  );
}
