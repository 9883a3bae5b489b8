import { describe, expect, it } from 'vitest';
import { allowed, homeFor, menuFor } from './nav.js';

describe('role-aware navigation', () => {
  it('gives each role its own menu', () => {
    const paths = (r: Parameters<typeof menuFor>[0]): string[] => menuFor(r).map((n) => n.path);
    expect(paths('PLATFORM_ADMIN')).toEqual(['/platform/enterprises', '/platform/caller-ids', '/platform/sms-templates', '/password']);
    expect(paths('ENTERPRISE_ADMIN')).toContain('/settings/trunks');
    expect(paths('LEADER')).toContain('/scripts');
    expect(paths('LEADER')).not.toContain('/settings/trunks');
    expect(paths('AGENT')).toEqual(['/agent', '/calls', '/customers', '/follow-ups', '/password']);
  });
  it('guards pages by the same table, sub-pages included', () => {
    expect(allowed('LEADER', '/scripts/7')).toBe(true);
    expect(allowed('AGENT', '/scripts/7')).toBe(false);
    expect(allowed('AGENT', '/leads/batches')).toBe(false);
    expect(allowed('ENTERPRISE_ADMIN', '/platform/enterprises')).toBe(false);
    expect(allowed('ENTERPRISE_ADMIN', '/nowhere')).toBe(false);
    expect(homeFor('AGENT')).toBe('/agent');
    expect(homeFor('PLATFORM_ADMIN')).toBe('/platform/enterprises');
  });
});
