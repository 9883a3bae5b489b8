/**
 * A script's name and whether it is shared (是否共享), changed from the list and from the
 * script's own page: PATCH /api/scripts/:id with the revision the page read, so a rename
 * racing another edit answers 409 instead of overwriting it.
 */
import { createSignal } from 'solid-js';
import type { JSX } from 'solid-js';
import { api } from '../../api/client.js';
import type { ScriptSummary } from '../../api/types.js';
import { t } from '../../i18n/index.js';
import { Modal } from '../../components/modal.js';
import { TextField } from '../../components/field.js';
import { ErrorBox } from '../../components/error-box.js';

export async function patchScript(script: ScriptSummary, changes: { name?: string; shared?: boolean }): Promise<ScriptSummary> {
  return (await api<{ script: ScriptSummary }>('PATCH', `/api/scripts/${script.id}`, { revision: script.revision, ...changes })).script;
}

/** Share or stop sharing; says what happened through `onDone`. */
export function ShareButton(props: { script: ScriptSummary; onDone: (s: ScriptSummary, message: string) => void; onError: (e: unknown) => void }): JSX.Element {
  const [busy, setBusy] = createSignal(false);
  const toggle = async (): Promise<void> => {
    setBusy(true);
    try {
      const s = await patchScript(props.script, { shared: !props.script.shared });
      props.onDone(s, t(s.shared ? 'scripts.sharedOn' : 'scripts.sharedOff', { name: s.name }));
    } catch (e) {
      props.onError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <button type="button" disabled={busy()} aria-pressed={props.script.shared} aria-label={`${props.script.shared ? t('scripts.unshare') : t('scripts.share')} ${props.script.name}`} onClick={() => void toggle()}>
      {props.script.shared ? t('scripts.unshare') : t('scripts.share')}
    </button>
  );
}

/** The rename dialog for `script` (closed when null). */
export function RenameDialog(props: { script: ScriptSummary | null; onClose: () => void; onDone: (s: ScriptSummary, message: string) => void }): JSX.Element {
  return (
    <Modal title={props.script ? t('scripts.renameTitle', { name: props.script.name }) : ''} open={props.script !== null} onClose={props.onClose}>
      <RenameForm script={props.script!} onClose={props.onClose} onDone={props.onDone} />
    </Modal>
  );
}

function RenameForm(props: { script: ScriptSummary; onClose: () => void; onDone: (s: ScriptSummary, message: string) => void }): JSX.Element {
  const [name, setName] = createSignal(props.script.name);
  const [error, setError] = createSignal<unknown>(null);
  const [busy, setBusy] = createSignal(false);
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const s = await patchScript(props.script, { name: name().trim() });
      props.onDone(s, t('scripts.renamed', { name: s.name }));
      props.onClose();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="form" onSubmit={(e) => void submit(e)}>
      <TextField label={t('scripts.newName')} value={name()} onInput={setName} required name="name" />
      <ErrorBox error={error()} />
      <div class="form-actions">
        <button type="submit" class="primary" disabled={busy() || name().trim() === '' || name().trim() === props.script.name}>{t('common.save')}</button>
        <button type="button" onClick={() => props.onClose()}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}
