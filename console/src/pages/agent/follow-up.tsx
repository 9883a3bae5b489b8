/**
 * 话后处理: after a transferred call the agent writes a note and a disposition, and either moves
 * the lead to the CRM (移到CRM) or books a callback (预约回电) at a time. Submitting
 * (POST /api/calls/:id/follow-up) ends the agent's after-call work; `onDone` is then called.
 * The agent workspace shows it for the call just ended.
 */
import { Show, createSignal } from 'solid-js';
import type { JSX } from 'solid-js';
import { api } from '../../api/client.js';
import { ErrorBox } from '../../components/error-box.js';
import { Field } from '../../components/field.js';
import { fieldErrors } from '../../lib/errors.js';
import { t } from '../../i18n/index.js';

export type FollowUpAction = 'none' | 'move-to-crm' | 'callback';

/** The dispositions offered (the agent may type another). */
/** Suggested dispositions (free text is allowed: enterprises word their own); shown in the UI language. */
export const DISPOSITIONS = ['followUp.suggest.interested', 'followUp.suggest.deal', 'followUp.suggest.callback', 'followUp.suggest.notInterested', 'followUp.suggest.wrongNumber'] as const;

/** What the form sends, from its fields; an error key when something is missing. */
export function followUpBody(f: { disposition: string; notes: string; action: FollowUpAction; callbackAt: string }, now: number):
  { ok: true; body: Record<string, unknown> } | { ok: false; field: 'disposition' | 'callbackAt'; key: 'followUp.needDisposition' | 'followUp.needTime' | 'followUp.pastTime' } {
  const disposition = f.disposition.trim();
  if (disposition === '') return { ok: false, field: 'disposition', key: 'followUp.needDisposition' };
  const body: Record<string, unknown> = { disposition, action: f.action };
  if (f.notes.trim() !== '') body['notes'] = f.notes.trim();
  if (f.action === 'callback') {
    if (f.callbackAt === '') return { ok: false, field: 'callbackAt', key: 'followUp.needTime' };
    // datetime-local is the agent's wall clock, in Beijing time like everything the console shows.
    const at = new Date(`${f.callbackAt}:00+08:00`);
    if (Number.isNaN(at.getTime()) || at.getTime() <= now) return { ok: false, field: 'callbackAt', key: 'followUp.pastTime' };
    body['callbackAt'] = at.toISOString();
  }
  return { ok: true, body };
}

export function FollowUp(props: { callId: number; onDone(): void }): JSX.Element {
  const [disposition, setDisposition] = createSignal('');
  const [notes, setNotes] = createSignal('');
  const [action, setAction] = createSignal<FollowUpAction>('none');
  const [callbackAt, setCallbackAt] = createSignal('');
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const [failure, setFailure] = createSignal<unknown>(null);
  const [busy, setBusy] = createSignal(false);

  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    setFailure(null);
    const built = followUpBody({ disposition: disposition(), notes: notes(), action: action(), callbackAt: callbackAt() }, Date.now());
    if (!built.ok) { setErrors({ [built.field]: t(built.key) }); return; }
    setErrors({});
    setBusy(true);
    try {
      await api('POST', `/api/calls/${props.callId}/follow-up`, built.body);
      props.onDone();
    } catch (err) {
      setErrors(fieldErrors(err));
      setFailure(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="follow-up card" aria-label={t('followUp.title')} onSubmit={(e) => void submit(e)}>
      <h2>{t('followUp.title')}</h2>
      <Field label={t('followUp.disposition')} error={errors()['disposition']}>
        {(ids) => (
          <>
            <input
              id={ids.id} list="follow-up-dispositions" value={disposition()} maxLength={40} aria-required="true"
              aria-invalid={ids.invalid} aria-describedby={ids.describedBy} onInput={(e) => setDisposition(e.currentTarget.value)}
            />
            <datalist id="follow-up-dispositions">{DISPOSITIONS.map((d) => <option value={t(d)} />)}</datalist>
          </>
        )}
      </Field>
      <Field label={t('followUp.notes')} error={errors()['notes']}>
        {(ids) => (
          <textarea id={ids.id} rows={3} maxLength={2000} value={notes()} aria-describedby={ids.describedBy} onInput={(e) => setNotes(e.currentTarget.value)} />
        )}
      </Field>
      <fieldset class="follow-up-action">
        <legend>{t('followUp.next')}</legend>
        {(['none', 'move-to-crm', 'callback'] as const).map((a) => (
          <label>
            <input type="radio" name="follow-up-action" value={a} checked={action() === a} onChange={() => setAction(a)} />
            {t(`followUp.action.${a}`)}
          </label>
        ))}
      </fieldset>
      <Show when={action() === 'callback'}>
        <Field label={t('followUp.callbackAt')} error={errors()['callbackAt']}>
          {(ids) => (
            <input
              id={ids.id} type="datetime-local" value={callbackAt()} aria-invalid={ids.invalid} aria-describedby={ids.describedBy}
              onInput={(e) => setCallbackAt(e.currentTarget.value)}
            />
          )}
        </Field>
      </Show>
      <ErrorBox error={failure()} />
      <button type="submit" class="primary" disabled={busy()}>{busy() ? t('followUp.saving') : t('followUp.submit')}</button>
    </form>
  );
}
