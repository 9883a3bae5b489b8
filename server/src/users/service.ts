/**
 * 坐席管理 basics: the enterprise admin adds team leaders and agents (and other admins), edits
 * them, disables them and resets their passwords. Users are never deleted — calls, follow-ups
 * and assignments keep pointing at them — only disabled, which ends their sessions at once.
 *
 * Guard rails: an admin cannot disable or demote themselves, and the enterprise always keeps at
 * least one enabled admin (otherwise nobody could manage it again).
 */
import { randomBytes } from 'node:crypto';
import type { Db, User } from '@waihu/db';
import { isUniqueViolation, uniqueConstraintOf } from '@waihu/db';
import type { Principal } from '../auth/service.js';
import type { Role } from '../auth/roles.js';
import { hashPassword, passwordProblem } from '../auth/secrets.js';
import { ApiError, conflict, notFound } from '../errors.js';
import { tenantOwned } from '../tenancy.js';
import { normalizePhone } from '../leads/phone.js';

/** Roles an enterprise admin may give. */
export type MemberRole = Extract<Role, 'ENTERPRISE_ADMIN' | 'LEADER' | 'AGENT'>;

export interface UserView {
  readonly id: number;
  readonly role: string;
  readonly workNo: string;
  readonly name: string;
  readonly mobile: string | null;
  readonly callerNumber: string | null;
  readonly extension: { readonly id: number; readonly number: string } | null;
  readonly disabled: boolean;
  readonly lockedUntil: string | null;
  readonly lastLoginAt: string | null;
  readonly createdAt: string;
}

type UserRow = User & { extension: { id: number; number: string } | null };

export function userView(u: UserRow): UserView {
  return {
    id: u.id, role: u.role, workNo: u.workNo, name: u.name, mobile: u.mobile, callerNumber: u.callerNumber,
    extension: u.extension ? { id: u.extension.id, number: u.extension.number } : null,
    disabled: u.disabled, lockedUntil: u.lockedUntil?.toISOString() ?? null, lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
  };
}

export const withExtension = { extension: { select: { id: true, number: true } } } as const;

export interface UserInput {
  readonly role?: MemberRole;
  readonly workNo?: string;
  readonly name?: string;
  readonly password?: string;
  readonly mobile?: string | null;
  readonly callerNumber?: string | null;
  readonly extensionId?: number | null;
  readonly disabled?: boolean;
}

/** A password people can type from a slip of paper: 12 characters, letters and digits. */
export function generatedPassword(): string {
  return `${randomBytes(9).toString('base64url').replace(/[-_]/g, 'x').slice(0, 10)}7k`;
}

function phoneOrNull(value: string | null | undefined, path: string): string | null | undefined {
  if (value === undefined || value === null || value.trim() === '') return value === undefined ? undefined : null;
  const r = normalizePhone(value);
  if (!r.ok) throw new ApiError(400, 'PHONE_INVALID', `${path.slice(1)}: ${r.reason.en}`, [{ path, code: r.reason.code, message: r.reason.en }]);
  return r.phone;
}

async function checkExtension(db: Db, extensionId: number | null | undefined): Promise<void> {
  if (extensionId === undefined || extensionId === null) return;
  if (!(await db.extension.findUnique({ where: { id: extensionId }, select: { id: true } }))) {
    throw new ApiError(400, 'EXTENSION_UNKNOWN', `no extension ${extensionId}`, [{ path: '/extensionId', code: 'EXTENSION_UNKNOWN', message: 'no such extension' }]);
  }
}

function uniqueConflict(e: unknown): never {
  const target = uniqueConstraintOf(e);
  if (target.includes('callerNumber')) throw conflict('CALLER_NUMBER_TAKEN', 'this caller number is already bound to another user');
  if (target.includes('extensionId')) throw conflict('EXTENSION_TAKEN', 'this extension is already bound to another user');
  throw conflict('WORK_NO_TAKEN', 'this work number (工号) is already used in the enterprise');
}

export async function createUser(db: Db, input: UserInput & { role: MemberRole; workNo: string; name: string }, nowMs: number): Promise<{ user: UserView; password: string | null }> {
  const password = input.password ?? generatedPassword();
  const weak = passwordProblem(password);
  if (weak) throw new ApiError(400, 'WEAK_PASSWORD', `the password needs ${weak}`, [{ path: '/password', code: 'WEAK_PASSWORD', message: weak }]);
  await checkExtension(db, input.extensionId);
  const now = new Date(nowMs);
  try {
    const u = await db.user.create({
      data: tenantOwned({
        role: input.role, workNo: input.workNo.trim(), name: input.name.trim(), passwordHash: await hashPassword(password),
        mobile: phoneOrNull(input.mobile, '/mobile') ?? null, callerNumber: phoneOrNull(input.callerNumber, '/callerNumber') ?? null,
        extensionId: input.extensionId ?? null, createdAt: now, updatedAt: now,
      }),
      include: withExtension,
    });
    return { user: userView(u), password: input.password === undefined ? password : null };
  } catch (e) {
    if (isUniqueViolation(e)) uniqueConflict(e);
    throw e;
  }
}

async function enabledAdmins(db: Db): Promise<number> {
  return db.user.count({ where: { role: 'ENTERPRISE_ADMIN', disabled: false } });
}

export async function updateUser(db: Db, actor: Principal, id: number, input: UserInput, nowMs: number): Promise<UserView> {
  const current = await db.user.findUnique({ where: { id } });
  if (!current) throw notFound('user');
  const losesAdmin = current.role === 'ENTERPRISE_ADMIN' && !current.disabled && ((input.role !== undefined && input.role !== 'ENTERPRISE_ADMIN') || input.disabled === true);
  if (losesAdmin && id === actor.userId) throw conflict('SELF_LOCKOUT', 'you cannot disable or demote yourself; ask another admin');
  if (losesAdmin && (await enabledAdmins(db)) <= 1) throw conflict('LAST_ADMIN', 'the enterprise needs at least one enabled admin');
  await checkExtension(db, input.extensionId);
  const mobile = phoneOrNull(input.mobile, '/mobile');
  const callerNumber = phoneOrNull(input.callerNumber, '/callerNumber');
  try {
    const u = await db.user.update({
      where: { id },
      data: {
        ...(input.role !== undefined ? { role: input.role } : {}),
        ...(input.workNo !== undefined ? { workNo: input.workNo.trim() } : {}),
        ...(input.name !== undefined ? { name: input.name.trim() } : {}),
        ...(mobile !== undefined ? { mobile } : {}),
        ...(callerNumber !== undefined ? { callerNumber } : {}),
        ...(input.extensionId !== undefined ? { extensionId: input.extensionId } : {}),
        ...(input.disabled !== undefined ? { disabled: input.disabled } : {}),
        updatedAt: new Date(nowMs),
      },
      include: withExtension,
    });
    // A disabled user or a changed role must not keep acting on an old session.
    if (input.disabled === true || (input.role !== undefined && input.role !== current.role)) await db.session.deleteMany({ where: { userId: id } });
    return userView(u);
  } catch (e) {
    if (isUniqueViolation(e)) uniqueConflict(e);
    throw e;
  }
}

/** A new password for a user (returned once), their lockout cleared and their sessions ended. */
export async function resetPassword(db: Db, id: number, nowMs: number): Promise<string> {
  if (!(await db.user.findUnique({ where: { id }, select: { id: true } }))) throw notFound('user');
  const password = generatedPassword();
  await db.user.update({ where: { id }, data: { passwordHash: await hashPassword(password), failedLogins: 0, lockedUntil: null, passwordChangedAt: new Date(nowMs) } });
  await db.session.deleteMany({ where: { userId: id } });
  return password;
}
