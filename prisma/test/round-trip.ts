/**
 * The same round trip on either provider: an enterprise, its users, a script with two
 * versions, leads; the unique constraints and the optimistic revision of a script.
 */
import { expect } from 'vitest';
import { isUniqueViolation, isForeignKeyViolation, Prisma, type Db } from '../src/index.js';

/** Expects `write` to be rejected by a unique constraint (Prisma's P2002). */
async function expectUniqueViolation(write: Promise<unknown>): Promise<void> {
  const error = await write.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
  expect((error as Prisma.PrismaClientKnownRequestError).code).toBe('P2002');
  expect(isUniqueViolation(error)).toBe(true);
}

export async function roundTrip(db: Db): Promise<void> {
  const acme = await db.enterprise.create({
    data: { name: '示例科技', account: 'acme', kind: 'merchant', balanceFen: 100_00, robotRateFen: 12 },
  });
  const other = await db.enterprise.create({ data: { name: '另一家', account: 'other' } });
  expect(acme.id).not.toBe(other.id);
  expect(acme.disabled).toBe(false);
  expect(acme.createdAt).toBeInstanceOf(Date);

  // users: a platform admin without an enterprise, and 工号 unique per enterprise only
  const platformAdmin = await db.user.create({
    data: { role: 'PLATFORM_ADMIN', workNo: 'root', name: '平台管理员', passwordHash: 'x' },
  });
  expect(platformAdmin.enterpriseId).toBeNull();
  const admin = await db.user.create({
    data: { enterpriseId: acme.id, role: 'ENTERPRISE_ADMIN', workNo: '8000', name: '管理员', passwordHash: 'x' },
  });
  await db.user.create({ data: { enterpriseId: other.id, role: 'AGENT', workNo: '8000', name: '坐席', passwordHash: 'x' } });
  await expectUniqueViolation(
    db.user.create({ data: { enterpriseId: acme.id, role: 'AGENT', workNo: '8000', name: '重复', passwordHash: 'x' } }),
  );
  const lockedUntil = new Date('2030-01-02T03:04:05.678Z');
  const locked = await db.user.update({ where: { id: admin.id }, data: { failedLogins: { increment: 5 }, lockedUntil } });
  expect(locked.failedLogins).toBe(5);
  expect(locked.lockedUntil?.toISOString()).toBe(lockedUntil.toISOString());
  const found = await db.user.findUnique({ where: { enterpriseId_workNo: { enterpriseId: acme.id, workNo: '8000' } } });
  expect(found?.id).toBe(admin.id);

  // a script with two immutable versions; JSON stored as text, Chinese and quotes intact
  const source = (prompt: string) => JSON.stringify({ flows: [{ name: '开场白', prompt }], note: `'"; DROP TABLE "Lead"; --` });
  const template = await db.template.create({
    data: {
      enterpriseId: acme.id,
      name: '贷款回访',
      industry: '金融',
      createdById: admin.id,
      versions: { create: { enterpriseId: acme.id, number: 1, source: source('您好，{姓名}'), createdById: admin.id } },
    },
  });
  await db.templateVersion.create({ data: { enterpriseId: acme.id, templateId: template.id, number: 2, source: source('喂，您好') } });
  await expectUniqueViolation(
    db.templateVersion.create({ data: { enterpriseId: acme.id, templateId: template.id, number: 2, source: '{}' } }),
  );
  const versions = await db.templateVersion.findMany({ where: { templateId: template.id }, orderBy: { number: 'asc' } });
  expect(versions.map((v) => v.number)).toEqual([1, 2]);
  expect(JSON.parse(versions[1]!.source)).toEqual(JSON.parse(source('喂，您好')));

  // optimistic concurrency: an update with a stale revision changes nothing
  const bump = (revision: number) =>
    db.template.updateMany({ where: { id: template.id, revision }, data: { currentVersion: 2, revision: { increment: 1 } } });
  expect((await bump(0)).count).toBe(1);
  expect((await bump(0)).count).toBe(0);
  expect((await db.template.findUniqueOrThrow({ where: { id: template.id } })).revision).toBe(1);

  // leads: one per phone per enterprise; another enterprise may hold the same phone
  const batch = await db.leadBatch.create({ data: { enterpriseId: acme.id, code: 'B20260101', fileName: 'leads.xlsx' } });
  await db.lead.createMany({
    data: [
      { enterpriseId: acme.id, batchId: batch.id, name: '张三', phone: '13800138000', fields: JSON.stringify({ 城市: '杭州' }) },
      { enterpriseId: acme.id, batchId: batch.id, name: '李四', phone: '13900139000' },
      { enterpriseId: other.id, name: '张三', phone: '13800138000' },
    ],
  });
  await expectUniqueViolation(db.lead.create({ data: { enterpriseId: acme.id, name: '重复', phone: '13800138000' } }));
  const leads = await db.lead.findMany({ where: { enterpriseId: acme.id, batchId: batch.id }, orderBy: { phone: 'asc' } });
  expect(leads.map((l) => [l.name, l.status, l.grade])).toEqual([
    ['张三', 'NEW', null],
    ['李四', 'NEW', null],
  ]);
  expect(JSON.parse(leads[0]!.fields)).toEqual({ 城市: '杭州' });

  // foreign keys hold: no version of a script that does not exist
  const orphan = await db.templateVersion
    .create({ data: { enterpriseId: acme.id, templateId: 999_999, number: 1, source: '{}' } })
    .then(() => undefined, (e: unknown) => e);
  expect(isForeignKeyViolation(orphan)).toBe(true);

  // a transaction rolls back as a whole
  await expect(
    db.$transaction(async (tx) => {
      await tx.blacklist.create({ data: { enterpriseId: acme.id, phone: '13700137000' } });
      await tx.blacklist.create({ data: { enterpriseId: acme.id, phone: '13700137000' } });
    }),
  ).rejects.toSatisfy(isUniqueViolation);
  expect(await db.blacklist.count({ where: { enterpriseId: acme.id } })).toBe(0);
}
