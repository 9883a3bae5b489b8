/**
 * Logging in, sessions and password changes, over a small store interface so the rules
 * (lockout, disabled accounts, expiry) live in one place apart from the database code.
 */
import type { Role } from './roles.js';
import type { LoginName } from './login-name.js';
import { checkPassword, hashPassword, newToken, passwordProblem, tokenHash } from './secrets.js';

export interface LoginCandidate {
  readonly id: number;
  readonly enterpriseId: number | null;
  readonly role: Role;
  readonly name: string;
  readonly passwordHash: string;
  readonly failedLogins: number;
  readonly lockedUntilMs: number | null;
  /** The user or their enterprise is disabled. */
  readonly disabled: boolean;
}

/** Who is calling, as every handler sees it. */
export interface Principal {
  readonly userId: number;
  readonly enterpriseId: number | null;
  readonly role: Role;
  readonly name: string;
}

export interface AuthStore {
  findForLogin(name: LoginName): Promise<LoginCandidate | null>;
  recordFailure(userId: number, failedLogins: number, lockedUntilMs: number | null): Promise<void>;
  recordSuccess(userId: number): Promise<void>;
  createSession(userId: number, tokenHash: string, expiresAtMs: number, nowMs: number): Promise<void>;
  /** The session's principal, when the session exists, has not expired and its user and enterprise are enabled. */
  findSession(tokenHash: string, nowMs: number): Promise<Principal | null>;
  deleteSession(tokenHash: string): Promise<void>;
  passwordHashOf(userId: number): Promise<string | null>;
  /** Sets the password and ends every other session of the user. */
  setPassword(userId: number, hash: string, keepTokenHash: string | null): Promise<void>;
}

export interface AuthPolicy {
  readonly sessionTtlMs: number;
  readonly lockoutThreshold: number;
  readonly lockoutMs: number;
}

export type LoginResult =
  | { readonly ok: true; readonly token: string; readonly principal: Principal; readonly expiresAtMs: number }
  | { readonly ok: false; readonly code: 'INVALID_CREDENTIALS' | 'ACCOUNT_LOCKED' | 'ACCOUNT_DISABLED'; readonly retryAfterMs?: number };

/** Verified against when no such user exists, so a wrong name costs as long as a wrong password. */
let decoy: Promise<string> | null = null;

export async function login(store: AuthStore, policy: AuthPolicy, nowMs: number, name: LoginName, password: string): Promise<LoginResult> {
  const user = await store.findForLogin(name);
  if (!user) {
    decoy ??= hashPassword('decoy-password-1');
    await checkPassword(await decoy, password);
    return { ok: false, code: 'INVALID_CREDENTIALS' };
  }
  if (user.lockedUntilMs !== null && user.lockedUntilMs > nowMs) {
    return { ok: false, code: 'ACCOUNT_LOCKED', retryAfterMs: user.lockedUntilMs - nowMs };
  }
  if (!(await checkPassword(user.passwordHash, password))) {
    const failed = user.failedLogins + 1;
    const locks = failed >= policy.lockoutThreshold;
    await store.recordFailure(user.id, locks ? 0 : failed, locks ? nowMs + policy.lockoutMs : null);
    return locks ? { ok: false, code: 'ACCOUNT_LOCKED', retryAfterMs: policy.lockoutMs } : { ok: false, code: 'INVALID_CREDENTIALS' };
  }
  if (user.disabled) return { ok: false, code: 'ACCOUNT_DISABLED' };
  await store.recordSuccess(user.id);
  const token = newToken();
  const expiresAtMs = nowMs + policy.sessionTtlMs;
  await store.createSession(user.id, tokenHash(token), expiresAtMs, nowMs);
  return { ok: true, token, expiresAtMs, principal: { userId: user.id, enterpriseId: user.enterpriseId, role: user.role, name: user.name } };
}

export type PasswordChange = { readonly ok: true } | { readonly ok: false; readonly code: 'WRONG_PASSWORD' | 'WEAK_PASSWORD'; readonly message: string };

export async function changePassword(store: AuthStore, userId: number, currentToken: string | null, oldPassword: string, newPassword: string): Promise<PasswordChange> {
  const stored = await store.passwordHashOf(userId);
  if (stored === null || !(await checkPassword(stored, oldPassword))) return { ok: false, code: 'WRONG_PASSWORD', message: 'the current password is wrong' };
  const problem = passwordProblem(newPassword);
  if (problem) return { ok: false, code: 'WEAK_PASSWORD', message: `the new password needs ${problem}` };
  await store.setPassword(userId, await hashPassword(newPassword), currentToken === null ? null : tokenHash(currentToken));
  return { ok: true };
}
