/** Password hashing (argon2id) and session tokens (random, stored only as a SHA-256 hash). */
import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

export const MIN_PASSWORD_LENGTH = 8;

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function checkPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A fresh session token: what the client holds. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database holds: a stolen table does not log anyone in. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Says what is wrong with a new password, or null. */
export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > 200) return 'at most 200 characters';
  if (!/[a-zA-Z]/.test(password) || !/\d/.test(password)) return 'letters and digits both';
  return null;
}
