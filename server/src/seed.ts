/**
 * The demo enterprise a fresh install starts with: the sample scripts and one user per role,
 * with generated passwords printed once (never logged).
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '@waihu/db';
import { SAMPLES } from '@waihu/scripts-templates';
import { hashPassword } from './auth/secrets.js';
import { createScript } from './scripts/store.js';
import { tenantClients } from './tenancy.js';
import { writeWorkbook } from '@waihu/workbook';
import { importLeads } from './leads/import.js';

export interface DemoAccount {
  readonly role: string;
  readonly login: string;
  readonly password: string;
}

const password = (): string => `${randomBytes(6).toString('base64url')}9a`;

/** Seeds when the database has no enterprise yet; returns the accounts created (empty otherwise). */
export async function seedDemo(db: Db): Promise<DemoAccount[]> {
  if ((await db.enterprise.count()) > 0) return [];
  const enterprise = await db.enterprise.create({ data: { name: '演示企业', account: 'demo', kind: 'merchant' } });
  const accounts: DemoAccount[] = [];
  const user = async (role: string, workNo: string, name: string, enterpriseId: number | null, login: string): Promise<number> => {
    const pw = password();
    const u = await db.user.create({ data: { role, workNo, name, enterpriseId, passwordHash: await hashPassword(pw) } });
    accounts.push({ role, login, password: pw });
    return u.id;
  };
  await user('PLATFORM_ADMIN', 'root', '平台管理员', null, 'root');
  const adminId = await user('ENTERPRISE_ADMIN', 'admin', '企业管理员', enterprise.id, 'demo');
  await user('LEADER', '1001', '王班长', enterprise.id, '1001@demo');
  await user('AGENT', '2001', '李坐席', enterprise.id, '2001@demo');
  const scoped = tenantClients(db)(enterprise.id);
  for (const s of SAMPLES) await createScript(scoped, adminId, s.name, s.template, '示例话术');
  await importLeads(scoped, {
    enterpriseId: enterprise.id, bytes: demoLeads(), fileName: '演示线索.xlsx', batchCode: '演示批次', userId: adminId, now: new Date(), maxBytes: 10 * 1024 * 1024,
  });
  return accounts;
}

const SURNAMES = Array.from('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗');

/** Fifty made-up leads on the 170 virtual-operator range, through the same import users use. */
function demoLeads(): Uint8Array {
  const rows = [['姓名', '电话']];
  for (let i = 0; i < 50; i++) rows.push([`${SURNAMES[i % SURNAMES.length]}${i % 2 === 0 ? '先生' : '女士'}`, `1700000${String(1000 + i).padStart(4, '0')}`]);
  return writeWorkbook({ sheets: [{ name: '数据列表', rows }] });
}
