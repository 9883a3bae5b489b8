/** A labelled form control with its error beside it (aria-invalid + aria-describedby). */
import { Show, createUniqueId } from 'solid-js';
import type { JSX } from 'solid-js';

export interface FieldProps {
  label: string;
  error?: string | undefined;
  hint?: string;
  /** Renders the control; gets the ids it must carry. */
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => JSX.Element;
}

export function Field(props: FieldProps): JSX.Element {
  const id = createUniqueId();
  const errId = `${id}-err`;
  const hintId = `${id}-hint`;
  const describedBy = (): string | undefined => [props.error ? errId : '', props.hint ? hintId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class="field" classList={{ invalid: !!props.error }}>
      <label for={id}>{props.label}</label>
      {/* Getters, read by the control's own attributes: an error appearing or clearing updates
          aria-invalid in place instead of redrawing the control (which would drop the typist's focus). */}
      {props.children({ id, get describedBy() { return describedBy(); }, get invalid() { return !!props.error; } })}
      <Show when={props.hint}><small id={hintId} class="muted">{props.hint}</small></Show>
      <Show when={props.error}><small id={errId} class="field-error">{props.error}</small></Show>
    </div>
  );
}

/** A text input field: the common case in one line. */
export function TextField(props: {
  label: string; value: string; onInput: (v: string) => void; error?: string | undefined; type?: string; name?: string;
  required?: boolean; autocomplete?: string; hint?: string; placeholder?: string;
}): JSX.Element {
  return (
    <Field label={props.label} error={props.error} {...(props.hint ? { hint: props.hint } : {})}>
      {(ids) => (
        <input
          id={ids.id} name={props.name} type={props.type ?? 'text'} value={props.value} required={props.required}
          autocomplete={props.autocomplete} placeholder={props.placeholder}
          aria-invalid={ids.invalid} aria-describedby={ids.describedBy}
          onInput={(e) => props.onInput(e.currentTarget.value)}
        />
      )}
    </Field>
  );
}
