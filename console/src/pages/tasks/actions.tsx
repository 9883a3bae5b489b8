/**
 * 现在发送 / 暂停发送 / 恢复发送 / 手工结束: the buttons a task's state allows, each asking
 * first in a dialog that names the task and what will happen (stop is final), then showing the
 * state the server answers with. The dialog lives outside table rows (rows are redrawn as
 * progress refreshes), so a list page keeps one {@link ConfirmTaskAction} for all its rows.
 */
import { For, Show, createSignal } from 'solid-js';
import type { JSX } from 'solid-js';
import { api } from '../../api/client.js';
import { t } from '../../i18n/index.js';
import { Modal } from '../../components/modal.js';
import { ErrorBox } from '../../components/error-box.js';
import type { CallTask, TaskAction } from './types.js';
import { actionsFor } from './shared.js';

type TaskRef = Pick<CallTask, 'id' | 'name' | 'state'>;
export interface Asked { readonly task: TaskRef; readonly action: TaskAction }

export function ActionButtons(props: { task: TaskRef; onAsk: (a: Asked) => void; compact?: boolean }): JSX.Element {
  return (
    <For each={actionsFor(props.task.state)}>
      {(a) => (
        <button
          type="button" class={a === 'stop' ? 'danger' : a === 'start' || a === 'resume' ? 'primary' : ''}
          aria-label={props.compact ? `${t(`task.${a}`)} ${props.task.name}` : undefined}
          onClick={() => props.onAsk({ task: { id: props.task.id, name: props.task.name, state: props.task.state }, action: a })}
        >
          {t(`task.${a}`)}
        </button>
      )}
    </For>
  );
}

export function ConfirmTaskAction(props: { asked: Asked | null; onClose: () => void; onDone: (task: CallTask) => void }): JSX.Element {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<unknown>(null);
  const close = (): void => { setError(null); props.onClose(); };
  const run = async (a: Asked): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ task: CallTask }>('POST', `/api/call-tasks/${a.task.id}/${a.action}`);
      props.onClose();
      props.onDone(r.task);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title={t('task.confirmTitle')} open={props.asked !== null} onClose={close}>
      <Show when={props.asked}>
        {(a) => (
          <div class="confirm">
            <p>{t(`task.confirm.${a().action}`, { name: a().task.name })}</p>
            <ErrorBox error={error()} />
            <div class="form-actions">
              <button type="button" class={a().action === 'stop' ? 'danger' : 'primary'} disabled={busy()} onClick={() => void run(a())}>{t(`task.${a().action}`)}</button>
              <button type="button" onClick={close}>{t('common.cancel')}</button>
            </div>
          </div>
        )}
      </Show>
    </Modal>
  );
}

/** The buttons and their dialog together, for a page about one task. */
export function TaskActions(props: { task: TaskRef; onDone: (task: CallTask) => void }): JSX.Element {
  const [asked, setAsked] = createSignal<Asked | null>(null);
  return (
    <>
      <ActionButtons task={props.task} onAsk={setAsked} />
      <ConfirmTaskAction asked={asked()} onClose={() => setAsked(null)} onDone={props.onDone} />
    </>
  );
}
