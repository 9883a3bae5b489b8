/**
 * Tenant isolation in one place: a member's requests get a database client whose every query on
 * an enterprise-owned model is confined to their enterprise (filters added to reads, updates
 * and deletes; the enterprise set on creates). Handlers never add `enterpriseId` themselves,
 * so none can forget it. Relation filters and nested writes are the exception: they must be
 * avoided in handlers, or scoped by hand (a reviewable, greppable `include`/`connect`).
 */
import type { Db } from '@waihu/db';

/** Models that carry `enterpriseId` (a test checks this list against the schema). */
export const TENANT_MODELS: ReadonlySet<string> = new Set([
  'User', 'Template', 'TemplateVersion', 'VoiceFile', 'UnmatchedUtterance', 'LeadBatch', 'Lead', 'Blacklist', 'Customer',
  'CustomerType', 'CustomField', 'FollowUp', 'Assignment', 'CallTask', 'CallTaskLead', 'CallAttempt', 'Turn', 'Recording',
  'Trunk', 'CallerId', 'Extension', 'AgentGroup', 'AgentGroupMember', 'SmsTemplate', 'Setting', 'AuditLog', 'StoredFile',
  'ActiveDial', 'Delivery', 'AgentStateLog',
]);

type Args = Record<string, unknown>;

const WHERE_OPS = new Set(['findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'findMany', 'count', 'aggregate', 'groupBy',
  'update', 'updateMany', 'delete', 'deleteMany']);

function scopeArgs(operation: string, args: Args, enterpriseId: number): Args {
  const out: Args = { ...args };
  if (WHERE_OPS.has(operation) || operation === 'upsert') {
    out['where'] = { ...(args['where'] as Args | undefined), enterpriseId };
  }
  if (operation === 'create') out['data'] = { ...(args['data'] as Args), enterpriseId };
  if (operation === 'createMany' || operation === 'createManyAndReturn') {
    const data = args['data'];
    out['data'] = Array.isArray(data) ? data.map((d: Args) => ({ ...d, enterpriseId })) : { ...(data as Args), enterpriseId };
  }
  if (operation === 'upsert') out['create'] = { ...(args['create'] as Args), enterpriseId };
  if ((operation === 'update' || operation === 'updateMany' || operation === 'upsert') && args['data'] && 'enterpriseId' in (args['data'] as Args)) {
    throw new Error('a tenant-scoped update may not move a row to another enterprise');
  }
  return out;
}

/** A client confined to one enterprise. */
export function scopedDb(db: Db, enterpriseId: number): Db {
  return db.$extends({
    query: {
      $allModels: {
        async $allOperations({ model, operation, args, query }) {
          if (!TENANT_MODELS.has(model)) return query(args);
          return query(scopeArgs(operation, (args ?? {}) as Args, enterpriseId) as typeof args);
        },
      },
    },
  }) as unknown as Db;
}

/** Scoped clients are cached per enterprise: building one per request would be wasted work. */
export function tenantClients(db: Db): (enterpriseId: number) => Db {
  const cache = new Map<number, Db>();
  return (enterpriseId) => {
    let c = cache.get(enterpriseId);
    if (!c) cache.set(enterpriseId, (c = scopedDb(db, enterpriseId)));
    return c;
  };
}

/**
 * Marks create data as tenant-owned for the type checker: the scoped client sets the real
 * `enterpriseId` (any value given here is overwritten), so handlers never choose it.
 */
export function tenantOwned<T extends object>(data: T): T & { enterpriseId: number } {
  return data as T & { enterpriseId: number };
}
