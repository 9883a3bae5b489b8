/** The four roles of PRODUCT.md and what each may reach. */

export const ROLES = ['PLATFORM_ADMIN', 'ENTERPRISE_ADMIN', 'LEADER', 'AGENT'] as const;
export type Role = (typeof ROLES)[number];

/** Everyone inside an enterprise. */
export const MEMBERS: readonly Role[] = ['ENTERPRISE_ADMIN', 'LEADER', 'AGENT'];
/** Marketers and managers: scripts, leads, tasks. */
export const MANAGERS: readonly Role[] = ['ENTERPRISE_ADMIN', 'LEADER'];
export const ADMINS: readonly Role[] = ['ENTERPRISE_ADMIN'];
export const PLATFORM: readonly Role[] = ['PLATFORM_ADMIN'];

export function isRole(x: string): x is Role {
  return (ROLES as readonly string[]).includes(x);
}
