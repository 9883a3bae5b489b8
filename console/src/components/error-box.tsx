/** An error as a readable alert: the headline, the code (for support) and any details. */
import { For, Show } from 'solid-js';
import type { JSX } from 'solid-js';
import { ApiError } from '../api/client.js';
import { detailLines, errorText } from '../lib/errors.js';
import { t } from '../i18n/index.js';

export function ErrorBox(props: { error: unknown; children?: JSX.Element }): JSX.Element {
  return (
    <Show when={props.error}>
      <div class="alert alert-error" role="alert">
        <strong>{errorText(props.error)}</strong>
        <Show when={props.error instanceof ApiError}>
          <span class="muted"> ({t('common.code')}: {(props.error as ApiError).code})</span>
        </Show>
        <Show when={detailLines(props.error).length > 0}>
          <ul>
            <For each={detailLines(props.error).slice(0, 20)}>{(line) => <li>{line}</li>}</For>
          </ul>
        </Show>
        {props.children}
      </div>
    </Show>
  );
}

export function Notice(props: { text: string | null; kind?: 'ok' | 'warn' }): JSX.Element {
  return (
    <Show when={props.text}>
      <div class={`alert ${props.kind === 'warn' ? 'alert-warn' : 'alert-ok'}`} role="status">{props.text}</div>
    </Show>
  );
}
