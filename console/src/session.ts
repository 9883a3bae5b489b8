/**
 * Who is logged in. The session itself is the httpOnly cookie the server set; the console only
 * keeps the principal `/api/auth/me` answers, to decide the menu and guard pages.
 */
import { createSignal } from 'solid-js';
import { api, get } from './api/client.js';
import type { Principal } from './api/types.js';

const [principal, setPrincipal] = createSignal<Principal | null>(null);
const [checked, setChecked] = createSignal(false);
export { principal, checked };

/** Asks the server who we are (on start and after a reload); null when not logged in. */
export async function loadSession(): Promise<Principal | null> {
  try {
    const me = await get<{ principal: Principal }>('/api/auth/me');
    setPrincipal(me.principal);
  } catch {
    setPrincipal(null);
  } finally {
    setChecked(true);
  }
  return principal();
}

export async function logIn(account: string, password: string): Promise<Principal> {
  const r = await api<{ principal: Principal }>('POST', '/api/auth/login', { account, password });
  setPrincipal(r.principal);
  setChecked(true);
  return r.principal;
}

export async function logOut(): Promise<void> {
  try {
    await api('POST', '/api/auth/logout');
  } finally {
    setPrincipal(null);
  }
}

/** The session ended on the server (expired, password changed elsewhere, disabled). */
export function sessionLost(): void {
  setPrincipal(null);
}
