/**
 * 客户: customers in the database, as the caller may see them. Agents see only the customers
 * assigned to them; leaders and enterprise admins the whole enterprise. Every function takes
 * the caller's enterprise-scoped client, so the enterprise is never chosen here.
 */
import type { FastifyRequest } from 'fastify';
import type { Customer, Db, Prisma } from '@waihu/db';
import { isUniqueViolation } from '@waihu/db';
import type { Principal } from '../auth/service.js';
import { dbOf, principalOf } from '../auth/plugin.js';
import { ApiError, conflict, notFound } from '../errors.js';
import { tenantOwned } from '../tenancy.js';
import { checkFields, fieldsInvalid, loadFieldDefs, parseStoredFields } from './fields.js';
import { normalizePhone, phonePrefix } from './phone.js';
import { instantRange } from '../time.js';

/** The customers a caller may see and change. */
export function visibleTo(p: Principal): Prisma.CustomerWhereInput {
  return p.role === 'AGENT' ? { ownerId: p.userId } : {};
}

export interface CustomerFilter {
  /** name contains */
  readonly name?: string;
  /** phone starts with (digits) */
  readonly phone?: string;
  readonly typeId?: number;
  /** assigned to this agent */
  readonly ownerId?: number;
  /** true: assigned to someone; false: unassigned (reclaimed or never assigned) */
  readonly assigned?: boolean;
  readonly createdFrom?: string;
  readonly createdTo?: string;
}

export function customerWhere(p: Principal, f: CustomerFilter): Prisma.CustomerWhereInput {
  const and: Prisma.CustomerWhereInput[] = [visibleTo(p)];
  if (f.name) and.push({ name: { contains: f.name } });
  if (f.phone) and.push({ phone: { startsWith: phonePrefix(f.phone) } });
  if (f.typeId !== undefined) and.push({ typeId: f.typeId });
  if (f.ownerId !== undefined) and.push({ ownerId: f.ownerId });
  if (f.assigned !== undefined) and.push({ ownerId: f.assigned ? { not: null } : null });
  const created = instantRange(f.createdFrom, f.createdTo);
  if (created) and.push({ createdAt: created });
  return { AND: and };
}

export interface UserRef {
  readonly id: number;
  readonly name: string;
  readonly workNo: string;
}

/** Names of users by id, for list columns (one query for a page, never one per row). */
export async function usersById(db: Db, ids: Iterable<number | null>): Promise<Map<number, UserRef>> {
  const wanted = [...new Set([...ids].filter((x): x is number => x !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.user.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true, workNo: true } });
  return new Map(rows.map((u) => [u.id, u]));
}

export interface CustomerView {
  readonly id: number;
  readonly name: string;
  readonly phone: string;
  readonly company: string | null;
  readonly typeId: number | null;
  readonly typeName: string | null;
  readonly fields: Record<string, unknown>;
  readonly grade: string | null;
  readonly ownerId: number | null;
  readonly owner: UserRef | null;
  readonly assignedAt: string | null;
  readonly sourceLeadId: number | null;
  readonly lastFollowUpAt: string | null;
  readonly revision: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/**
 * Customers as the API shows them, with their type's and owner's names, and the values of the
 * custom fields defined now (a deleted field's values stay stored but are not shown).
 */
export async function viewCustomers(db: Db, rows: readonly Customer[]): Promise<CustomerView[]> {
  const typeIds = [...new Set(rows.map((r) => r.typeId).filter((x): x is number => x !== null))];
  const [types, owners, defs] = await Promise.all([
    typeIds.length === 0 ? [] : db.customerType.findMany({ where: { id: { in: typeIds } }, select: { id: true, name: true } }),
    usersById(db, rows.map((r) => r.ownerId)),
    loadFieldDefs(db, 'customer'),
  ]);
  const typeName = new Map(types.map((t) => [t.id, t.name]));
  const defined = (json: string): Record<string, unknown> => {
    const stored = parseStoredFields(json);
    return Object.fromEntries(defs.filter((d) => d.key in stored).map((d) => [d.key, stored[d.key]]));
  };
  return rows.map((c) => ({
    id: c.id, name: c.name, phone: c.phone, company: c.company, typeId: c.typeId, typeName: c.typeId === null ? null : typeName.get(c.typeId) ?? null,
    fields: defined(c.fields), grade: c.grade, ownerId: c.ownerId, owner: c.ownerId === null ? null : owners.get(c.ownerId) ?? null,
    assignedAt: c.assignedAt?.toISOString() ?? null, sourceLeadId: c.sourceLeadId, lastFollowUpAt: c.lastFollowUpAt?.toISOString() ?? null,
    revision: c.revision, createdAt: c.createdAt.toISOString(), updatedAt: c.updatedAt.toISOString(),
  }));
}

export async function viewCustomer(db: Db, row: Customer): Promise<CustomerView> {
  const [view] = await viewCustomers(db, [row]);
  return view!;
}

/** The customer if the caller may see it; 404 otherwise (never 403: existence is not revealed). */
export async function findVisibleCustomer(db: Db, p: Principal, id: number): Promise<Customer> {
  const c = await db.customer.findFirst({ where: { AND: [{ id }, visibleTo(p)] } });
  if (!c) throw notFound('customer');
  return c;
}

const checked = new WeakMap<FastifyRequest, Customer>();

/**
 * preValidation hook of `/customers/:id…` routes: 404 for a customer the caller may not see
 * comes before any complaint about the body, so a body never probes another tenant's ids.
 */
export async function requireVisibleCustomer(request: FastifyRequest): Promise<void> {
  const id = Number((request.params as { id?: string }).id);
  if (!Number.isSafeInteger(id) || id < 1) return; // the params schema answers this one
  checked.set(request, await findVisibleCustomer(dbOf(request), principalOf(request), id));
}

/** The customer {@link requireVisibleCustomer} found for this request. */
export function visibleCustomer(request: FastifyRequest): Customer {
  const c = checked.get(request);
  if (!c) throw notFound('customer');
  return c;
}

export interface CustomerInput {
  readonly name?: string;
  readonly phone?: string;
  readonly company?: string | null;
  readonly typeId?: number | null;
  readonly grade?: string | null;
  readonly fields?: Record<string, unknown>;
}

/** An edit: what to change, and optionally the revision it was made from. */
export interface CustomerPatch extends CustomerInput {
  readonly revision?: number;
}

const phoneInvalid = (path: string): ApiError =>
  new ApiError(400, 'PHONE_INVALID', 'not a Chinese mobile or landline number', [{ path, code: 'PHONE_INVALID', message: 'expected a mobile (11 digits) or a landline with its area code' }]);

interface Columns {
  name?: string;
  phone?: string;
  company?: string | null;
  typeId?: number | null;
  grade?: string | null;
  /** JSON text */
  fields?: string;
}

/** The columns an add or edit writes, checked against the enterprise's types and fields. */
async function columns(db: Db, input: CustomerInput): Promise<Columns> {
  const data: Columns = {};
  if (input.name !== undefined) data.name = input.name.trim();
  if (input.company !== undefined) data.company = input.company?.trim() || null;
  if (input.grade !== undefined) data.grade = input.grade;
  if (input.phone !== undefined) {
    const phone = normalizePhone(input.phone);
    if (!phone) throw phoneInvalid('/phone');
    data.phone = phone;
  }
  if (input.typeId !== undefined && input.typeId !== null) {
    if (!(await db.customerType.findUnique({ where: { id: input.typeId } }))) {
      throw new ApiError(400, 'TYPE_UNKNOWN', `no customer type ${input.typeId}`, [{ path: '/typeId', code: 'TYPE_UNKNOWN', message: 'no such customer type' }]);
    }
  }
  if (input.typeId !== undefined) data.typeId = input.typeId;
  if (input.fields !== undefined) {
    const { values, problems } = checkFields(await loadFieldDefs(db, 'customer'), input.fields);
    if (problems.length > 0) throw fieldsInvalid(problems);
    data.fields = JSON.stringify(values);
  }
  return data;
}

const exists = (): ApiError => conflict('CUSTOMER_EXISTS', 'a customer with this phone number already exists');

/**
 * Adds a customer. One an agent adds is theirs (assigned to them, with the history row that
 * says so); one a manager adds starts unassigned.
 */
export async function createCustomer(db: Db, p: Principal, input: CustomerInput & { phone: string }, nowMs: number): Promise<Customer> {
  const { phone, ...data } = await columns(db, { ...input, fields: input.fields ?? {} });
  const now = new Date(nowMs);
  const owned = p.role === 'AGENT';
  try {
    return await db.$transaction(async (tx) => {
      const c = await tx.customer.create({
        data: tenantOwned({
          ...data, phone: phone ?? input.phone,
          ownerId: owned ? p.userId : null, assignedAt: owned ? now : null, createdById: p.userId, createdAt: now, updatedAt: now,
        }),
      });
      if (owned) await tx.assignment.create({ data: tenantOwned({ customerId: c.id, fromUserId: null, toUserId: p.userId, byUserId: p.userId, reason: '新建客户', at: now }) });
      return c;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw exists();
    throw e;
  }
}

/**
 * Edits what the caller gave; `fields`, when given, replaces the whole set and is checked whole.
 * With `revision`, the write is conditional on it (one statement, so two editors cannot both
 * pass the check): a stale revision is a 409 naming the current one.
 */
export async function updateCustomer(db: Db, p: Principal, id: number, input: CustomerPatch, nowMs: number): Promise<Customer> {
  const { revision, ...rest } = input;
  const data = await columns(db, rest);
  try {
    const where: Prisma.CustomerWhereInput = { AND: [{ id }, visibleTo(p), ...(revision === undefined ? [] : [{ revision }])] };
    const n = await db.customer.updateMany({ where, data: { ...data, revision: { increment: 1 }, updatedAt: new Date(nowMs) } });
    if (n.count === 0) {
      const current = await findVisibleCustomer(db, p, id);
      throw conflict('CUSTOMER_REVISION_CONFLICT', `the customer was edited by someone else (revision ${current.revision}, yours ${revision}); reload and edit again`, { revision: current.revision });
    }
  } catch (e) {
    if (isUniqueViolation(e)) throw exists();
    throw e;
  }
  return findVisibleCustomer(db, p, id);
}

export async function deleteCustomer(db: Db, p: Principal, id: number): Promise<void> {
  const n = await db.customer.deleteMany({ where: { AND: [{ id }, visibleTo(p)] } });
  if (n.count === 0) throw notFound('customer');
}
