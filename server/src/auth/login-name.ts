/**
 * The login forms of PRODUCT.md: an enterprise admin types the 企业账号; leaders and agents
 * type 工号@企业账号, or the caller number bound to them; the platform admin types their
 * account name. One field, parsed here.
 */

export type LoginName =
  | { readonly kind: 'member'; readonly workNo: string; readonly enterprise: string }
  | { readonly kind: 'account'; readonly account: string }
  | { readonly kind: 'phone'; readonly phone: string };

export function parseLoginName(input: string): LoginName | null {
  const text = input.normalize('NFKC').trim();
  if (text === '' || text.length > 120) return null;
  const at = text.lastIndexOf('@');
  if (at > 0 && at < text.length - 1) return { kind: 'member', workNo: text.slice(0, at), enterprise: text.slice(at + 1) };
  if (at >= 0) return null;
  const digits = text.replace(/[\s-]/g, '');
  if (/^\+?\d{7,15}$/.test(digits)) return { kind: 'phone', phone: digits.replace(/^\+?86(?=1\d{10}$)/, '') };
  return { kind: 'account', account: text };
}
