/**
 * 登录: 企业账号 for an enterprise admin, 工号@企业账号 (or a bound caller number) for leaders and
 * agents. A locked account says when to try again; a disabled one says to ask the admin.
 */
import { Show, createSignal } from 'solid-js';
import type { JSX } from 'solid-js';
import { useNavigate, useSearchParams } from '@solidjs/router';
import { ApiError } from '../api/client.js';
import { logIn } from '../session.js';
import { homeFor } from '../nav.js';
import { t } from '../i18n/index.js';
import { errorText } from '../lib/errors.js';
import { TextField } from '../components/field.js';
import { LanguageSwitch } from '../components/language-switch.js';

/** The message for a failed login; lockouts name the minutes the server asked us to wait. */
export function loginErrorText(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.code === 'INVALID_CREDENTIALS') return t('login.invalid');
    if (e.code === 'ACCOUNT_LOCKED') return t('login.locked');
    if (e.code === 'ACCOUNT_DISABLED') return t('login.disabled');
    if (e.code === 'VALIDATION') return t('login.missing');
  }
  return errorText(e);
}

export function LoginPage(): JSX.Element {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [account, setAccount] = createSignal('');
  const [password, setPassword] = createSignal('');
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const p = await logIn(account().trim(), password());
      const back = typeof params['next'] === 'string' && params['next'].startsWith('/') ? params['next'] : homeFor(p.role);
      navigate(back, { replace: true });
    } catch (err) {
      setError(loginErrorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="login-page">
      <div class="login-lang"><LanguageSwitch /></div>
      <form class="login-card" onSubmit={(e) => void submit(e)} aria-labelledby="login-title" novalidate>
        <h1 id="login-title">{t('app.name')}</h1>
        <p class="muted">{t('login.subtitle')}</p>
        <TextField label={t('login.account')} name="account" value={account()} onInput={setAccount} autocomplete="username" required hint={t('login.accountHint')} />
        <TextField label={t('login.password')} name="password" type="password" value={password()} onInput={setPassword} autocomplete="current-password" required />
        <Show when={error()}><div class="alert alert-error" role="alert">{error()}</div></Show>
        <button type="submit" class="primary" disabled={busy() || !account() || !password()}>{busy() ? t('login.busy') : t('login.submit')}</button>
      </form>
    </div>
  );
}
