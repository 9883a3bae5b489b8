/** 修改密码: the old password, the new one twice; the server ends the user's other sessions. */
import { createSignal } from 'solid-js';
import type { JSX } from 'solid-js';
import { api } from '../api/client.js';
import { t } from '../i18n/index.js';
import { TextField } from '../components/field.js';
import { ErrorBox, Notice } from '../components/error-box.js';
import { PageHead } from '../components/page.js';

export function PasswordPage(): JSX.Element {
  const [oldPassword, setOld] = createSignal('');
  const [newPassword, setNew] = createSignal('');
  const [repeat, setRepeat] = createSignal('');
  const [error, setError] = createSignal<unknown>(null);
  const [done, setDone] = createSignal<string | null>(null);
  const mismatch = (): string | undefined => (repeat() && repeat() !== newPassword() ? t('password.mismatch') : undefined);
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    setError(null);
    setDone(null);
    if (mismatch()) return;
    try {
      await api('POST', '/api/auth/password', { oldPassword: oldPassword(), newPassword: newPassword() });
      setDone(t('password.done'));
      setOld(''); setNew(''); setRepeat('');
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section>
      <PageHead title={t('nav.password')} />
      <form class="form narrow" onSubmit={(e) => void submit(e)}>
        <TextField label={t('password.old')} type="password" value={oldPassword()} onInput={setOld} autocomplete="current-password" required />
        <TextField label={t('password.new')} type="password" value={newPassword()} onInput={setNew} autocomplete="new-password" required hint={t('password.rule')} />
        <TextField label={t('password.repeat')} type="password" value={repeat()} onInput={setRepeat} autocomplete="new-password" required error={mismatch()} />
        <ErrorBox error={error()} />
        <Notice text={done()} />
        <button type="submit" class="primary" disabled={!oldPassword() || !newPassword() || !!mismatch()}>{t('common.save')}</button>
      </form>
    </section>
  );
}
