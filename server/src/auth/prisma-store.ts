/** The auth store over the database. */
import type { Db } from '@waihu/db';
import type { AuthStore, LoginCandidate, Principal } from './service.js';
import type { LoginName } from './login-name.js';
import { isRole } from './roles.js';
import type { Role } from './roles.js';

const asRole = (role: string): Role => {
  if (!isRole(role)) throw new Error(`unknown role in the database: ${role}`);
  return role;
};

export function prismaAuthStore(db: Db): AuthStore {
  return {
    async findForLogin(name: LoginName): Promise<LoginCandidate | null> {
      const include = { enterprise: { select: { disabled: true } } } as const;
      const user =
        name.kind === 'member'
          ? await db.user.findFirst({ where: { workNo: name.workNo, enterprise: { account: name.enterprise }, role: { in: ['LEADER', 'AGENT', 'ENTERPRISE_ADMIN'] } }, include })
          : name.kind === 'phone'
            ? await db.user.findFirst({ where: { callerNumber: name.phone, role: { in: ['LEADER', 'AGENT'] } }, include })
            : // An enterprise admin logs in with the 企业账号; the platform admin with their account name.
              ((await db.user.findFirst({ where: { role: 'ENTERPRISE_ADMIN', enterprise: { account: name.account } }, include, orderBy: { id: 'asc' } })) ??
                (await db.user.findFirst({ where: { role: 'PLATFORM_ADMIN', enterpriseId: null, workNo: name.account }, include })));
      if (!user) return null;
      return {
        id: user.id,
        enterpriseId: user.enterpriseId,
        role: asRole(user.role),
        name: user.name,
        passwordHash: user.passwordHash,
        failedLogins: user.failedLogins,
        lockedUntilMs: user.lockedUntil?.getTime() ?? null,
        disabled: user.disabled || (user.enterprise?.disabled ?? false),
      };
    },
    async recordFailure(userId, failedLogins, lockedUntilMs) {
      await db.user.update({ where: { id: userId }, data: { failedLogins, lockedUntil: lockedUntilMs === null ? null : new Date(lockedUntilMs) } });
    },
    async recordSuccess(userId) {
      await db.user.update({ where: { id: userId }, data: { failedLogins: 0, lockedUntil: null, lastLoginAt: new Date() } });
    },
    async createSession(userId, tokenHash, expiresAtMs, nowMs) {
      await db.session.create({ data: { userId, tokenHash, expiresAt: new Date(expiresAtMs), createdAt: new Date(nowMs), lastSeenAt: new Date(nowMs) } });
    },
    async findSession(tokenHash, nowMs): Promise<Principal | null> {
      const s = await db.session.findUnique({ where: { tokenHash }, include: { user: { include: { enterprise: { select: { disabled: true } } } } } });
      if (!s || s.expiresAt.getTime() <= nowMs || s.user.disabled || s.user.enterprise?.disabled) return null;
      return { userId: s.user.id, enterpriseId: s.user.enterpriseId, role: asRole(s.user.role), name: s.user.name };
    },
    async deleteSession(tokenHash) {
      await db.session.deleteMany({ where: { tokenHash } });
    },
    async passwordHashOf(userId) {
      return (await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } }))?.passwordHash ?? null;
    },
    async setPassword(userId, hash, keepTokenHash) {
      await db.$transaction([
        db.user.update({ where: { id: userId }, data: { passwordHash: hash, passwordChangedAt: new Date() } }),
        db.session.deleteMany({ where: { userId, ...(keepTokenHash === null ? {} : { tokenHash: { not: keepTokenHash } }) } }),
      ]);
    },
  };
}
