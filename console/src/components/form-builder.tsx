/**
 * Forms from a list of fields, for the many small settings forms: every control labelled, the
 * server's validation details shown beside the field they name, values typed (numbers,
 * booleans, lists) before they are sent.
 */
import { For, Match, Switch, createSignal } from 'solid-js';
import type { JSX } from 'solid-js';
import { Field } from './field.js';
import { ErrorBox } from './error-box.js';
import { fieldErrors } from '../lib/errors.js';
import { t } from '../i18n/index.js';

export type FieldKind = 'text' | 'password' | 'number' | 'select' | 'checkbox' | 'lines' | 'textarea' | 'date' | 'datetime';

export interface FieldSpec {
  readonly name: string;
  readonly label: () => string;
  readonly kind?: FieldKind;
  readonly options?: () => readonly { value: string; label: string }[];
  readonly required?: boolean;
  readonly hint?: () => string;
  /** Left out of the body when empty (optional settings the server defaults). */
  readonly omitEmpty?: boolean;
}

export type FormValues = Record<string, unknown>;

/** The body to send: numbers as numbers, lists as arrays, empty optionals left out. */
export function toBody(specs: readonly FieldSpec[], values: FormValues): FormValues {
  const out: FormValues = {};
  for (const s of specs) {
    const v = values[s.name];
    const kind = s.kind ?? 'text';
    if (kind === 'checkbox') { out[s.name] = !!v; continue; }
    if (kind === 'lines') { out[s.name] = String(v ?? '').split(/[\n,，、]+/).map((x) => x.trim()).filter(Boolean); continue; }
    const text = v === undefined || v === null ? '' : String(v);
    if (text === '') { if (!s.omitEmpty) out[s.name] = kind === 'number' || kind === 'select' ? null : ''; continue; }
    if (kind === 'number') out[s.name] = Number(text);
    else if (kind === 'datetime') out[s.name] = new Date(text).toISOString();
    else out[s.name] = text;
  }
  return out;
}

export function FormBuilder(props: {
  specs: readonly FieldSpec[];
  initial?: FormValues;
  submitLabel: string;
  onSubmit: (body: FormValues) => Promise<void>;
  onCancel?: () => void;
}): JSX.Element {
  const [values, setValues] = createSignal<FormValues>({ ...(props.initial ?? {}) });
  const [error, setError] = createSignal<unknown>(null);
  const [busy, setBusy] = createSignal(false);
  const errors = (): Record<string, string> => fieldErrors(error());
  const set = (name: string, v: unknown): void => { setValues((old) => ({ ...old, [name]: v }) as FormValues); };
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await props.onSubmit(toBody(props.specs, values()));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const str = (name: string): string => {
    const v = values()[name];
    if (Array.isArray(v)) return v.join('\n');
    return v === undefined || v === null ? '' : String(v);
  };
  return (
    <form class="form" onSubmit={(e) => void submit(e)}>
      <For each={props.specs}>
        {(s) => (
          <Field label={`${s.label()}${s.required ? ' *' : ''}`} error={errors()[s.name]} {...(s.hint ? { hint: s.hint() } : {})}>
            {(ids) => (
              <Switch fallback={
                <input
                  id={ids.id} name={s.name} type={s.kind === 'password' ? 'password' : s.kind === 'number' ? 'number' : s.kind === 'date' ? 'date' : s.kind === 'datetime' ? 'datetime-local' : 'text'}
                  value={str(s.name)} required={s.required} aria-invalid={ids.invalid} aria-describedby={ids.describedBy}
                  onInput={(e) => set(s.name, e.currentTarget.value)}
                />
              }>
                <Match when={s.kind === 'checkbox'}>
                  <input id={ids.id} name={s.name} type="checkbox" checked={!!values()[s.name]} aria-describedby={ids.describedBy} onChange={(e) => set(s.name, e.currentTarget.checked)} />
                </Match>
                <Match when={s.kind === 'select'}>
                  <select id={ids.id} name={s.name} value={str(s.name)} required={s.required} aria-invalid={ids.invalid} aria-describedby={ids.describedBy} onChange={(e) => set(s.name, e.currentTarget.value)}>
                    <option value="">{t('common.choose')}</option>
                    <For each={s.options?.() ?? []}>{(o) => <option value={o.value}>{o.label}</option>}</For>
                  </select>
                </Match>
                <Match when={s.kind === 'lines' || s.kind === 'textarea'}>
                  <textarea id={ids.id} name={s.name} rows="3" value={str(s.name)} aria-invalid={ids.invalid} aria-describedby={ids.describedBy} onInput={(e) => set(s.name, e.currentTarget.value)} />
                </Match>
              </Switch>
            )}
          </Field>
        )}
      </For>
      <ErrorBox error={Object.keys(errors()).length > 0 && Object.keys(errors()).every((k) => props.specs.some((s) => s.name === k)) ? null : error()} />
      <div class="form-actions">
        <button type="submit" class="primary" disabled={busy()}>{props.submitLabel}</button>
        {props.onCancel ? <button type="button" onClick={() => props.onCancel?.()}>{t('common.cancel')}</button> : null}
      </div>
    </form>
  );
}
