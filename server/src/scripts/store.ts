/**
 * Scripts in the database: a Template row (name, sharing, revision) and its immutable versions,
 * each holding the engine's Template as JSON. Every function takes the caller's scoped client.
 */
import type { Db } from '@waihu/db';
import type { Template as ScriptTemplate } from '@waihu/engine';
import { conflict, notFound } from '../errors.js';
import { tenantOwned } from '../tenancy.js';

export interface ScriptSummary {
  readonly id: number;
  readonly name: string;
  readonly industry: string | null;
  readonly shared: boolean;
  readonly currentVersion: number;
  readonly revision: number;
  readonly updatedAt: string;
}

const summary = (t: { id: number; name: string; industry: string | null; shared: boolean; currentVersion: number; revision: number; updatedAt: Date }): ScriptSummary => ({
  id: t.id, name: t.name, industry: t.industry, shared: t.shared, currentVersion: t.currentVersion, revision: t.revision, updatedAt: t.updatedAt.toISOString(),
});

export async function createScript(db: Db, userId: number, name: string, template: ScriptTemplate, note: string | null): Promise<ScriptSummary> {
  return db.$transaction(async (tx) => {
    const t = await tx.template.create({
      data: tenantOwned({ name, industry: template.settings.industry || null, currentVersion: 1, revision: 0, createdById: userId }),
    });
    await tx.templateVersion.create({ data: tenantOwned({ templateId: t.id, number: 1, source: JSON.stringify(template), note, createdById: userId }) });
    return summary(t);
  });
}

export async function listScripts(db: Db): Promise<ScriptSummary[]> {
  const rows = await db.template.findMany({ where: { archivedAt: null }, orderBy: { updatedAt: 'desc' } });
  return rows.map(summary);
}

export async function getScript(db: Db, id: number): Promise<ScriptSummary> {
  const t = await db.template.findUnique({ where: { id } });
  if (!t || t.archivedAt) throw notFound('script');
  return summary(t);
}

export async function getVersion(db: Db, templateId: number, number: number): Promise<{ template: ScriptTemplate; createdAt: string; note: string | null }> {
  const v = await db.templateVersion.findFirst({ where: { templateId, number } });
  if (!v) throw notFound('script version');
  return { template: JSON.parse(v.source) as ScriptTemplate, createdAt: v.createdAt.toISOString(), note: v.note };
}

export async function listVersions(db: Db, templateId: number): Promise<{ number: number; createdAt: string; note: string | null; createdById: number | null }[]> {
  await getScript(db, templateId);
  const rows = await db.templateVersion.findMany({ where: { templateId }, orderBy: { number: 'desc' }, select: { number: true, createdAt: true, note: true, createdById: true } });
  return rows.map((r) => ({ number: r.number, createdAt: r.createdAt.toISOString(), note: r.note, createdById: r.createdById }));
}

/**
 * A new version, if the caller edited the revision they read: two marketers saving the same
 * script at once get one success and one 409, never a silent overwrite.
 */
export async function addVersion(db: Db, userId: number, id: number, revision: number, template: ScriptTemplate, note: string | null): Promise<ScriptSummary> {
  return db.$transaction(async (tx) => {
    const current = await tx.template.findUnique({ where: { id } });
    if (!current || current.archivedAt) throw notFound('script');
    const bumped = await tx.template.updateMany({
      where: { id, revision },
      data: { revision: revision + 1, currentVersion: current.currentVersion + 1, industry: template.settings.industry || current.industry },
    });
    if (bumped.count === 0) {
      throw conflict('REVISION_CONFLICT', `the script changed since revision ${revision}; reload it (now revision ${current.revision})`, { currentRevision: current.revision });
    }
    await tx.templateVersion.create({ data: tenantOwned({ templateId: id, number: current.currentVersion + 1, source: JSON.stringify(template), note, createdById: userId }) });
    return summary({ ...current, revision: revision + 1, currentVersion: current.currentVersion + 1, updatedAt: new Date() });
  });
}

export async function updateMeta(db: Db, id: number, revision: number, changes: { name?: string; shared?: boolean }): Promise<ScriptSummary> {
  const bumped = await db.template.updateMany({ where: { id, revision, archivedAt: null }, data: { ...changes, revision: revision + 1 } });
  if (bumped.count === 0) {
    await getScript(db, id);
    throw conflict('REVISION_CONFLICT', `the script changed since revision ${revision}; reload it`);
  }
  return getScript(db, id);
}
