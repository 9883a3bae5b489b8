/**
 * 移到CRM: a lead becomes a CRM customer (name, phone, grade, owner and the custom fields the
 * customer form also has), and the lead is marked MOVED. One transaction: a lead is never
 * moved twice, and a number already in the CRM is a conflict, not a second customer.
 */
import type { Db } from '@waihu/db';
import { isUniqueViolation } from '@waihu/db';
import { ApiError, conflict, notFound } from '../errors.js';
import { tenantOwned } from '../tenancy.js';
import { leadFieldDefs, parseStoredFields } from './fields.js';
import type { FieldValue } from './fields.js';
import { getLead } from './store.js';
import type { LeadView } from './store.js';
import { viewCustomer } from '../crm/customers.js';
import type { CustomerView } from '../crm/customers.js';
import { VISIBLE } from './visible.js';

export interface MoveOptions {
  /** 客户类型 of the new customer. */
  readonly typeId?: number | null;
  readonly company?: string;
}

export interface MoveResult {
  readonly customer: CustomerView;
  readonly lead: LeadView;
  /** Lead fields with no customer field of the same key or label: not copied. */
  readonly unmappedFields: string[];
}

const alreadyIn = (customerId: number): ApiError =>
  conflict('CUSTOMER_EXISTS', 'a customer with this number is already in the CRM', { customerId, zh: '该号码已在客户管理中' });

/** Lead field values under the customer field with the same key, else the same label. */
async function customerFields(db: Db, leadFields: Record<string, FieldValue>): Promise<{ fields: Record<string, FieldValue>; unmapped: string[] }> {
  const [leadDefs, customerDefs] = await Promise.all([
    leadFieldDefs(db),
    db.customField.findMany({ where: { target: 'customer' }, select: { key: true, label: true } }),
  ]);
  const byKey = new Set(customerDefs.map((d) => d.key));
  const byLabel = new Map(customerDefs.map((d) => [d.label, d.key]));
  const labelOf = new Map(leadDefs.map((d) => [d.key, d.label]));
  const fields: Record<string, FieldValue> = {};
  const unmapped: string[] = [];
  for (const [key, value] of Object.entries(leadFields)) {
    const target = byKey.has(key) ? key : byLabel.get(labelOf.get(key) ?? '');
    if (target === undefined) unmapped.push(key);
    else fields[target] = value;
  }
  return { fields, unmapped };
}

export async function moveToCrm(db: Db, id: number, opts: MoveOptions, userId: number, now: Date): Promise<MoveResult> {
  const lead = await db.lead.findFirst({ where: { id, ...VISIBLE } });
  if (!lead) throw notFound('lead');
  const previous = await db.customer.findFirst({ where: { OR: [{ sourceLeadId: id }, { phone: lead.phone }] }, select: { id: true, sourceLeadId: true } });
  if (previous?.sourceLeadId === id || lead.status === 'MOVED') {
    throw conflict('LEAD_ALREADY_MOVED', 'the lead is already in the CRM', { customerId: previous?.id ?? null, zh: '该线索已移到客户管理' });
  }
  if (previous) throw alreadyIn(previous.id);
  if (opts.typeId != null && !(await db.customerType.findUnique({ where: { id: opts.typeId }, select: { id: true } }))) {
    throw new ApiError(422, 'CUSTOMER_TYPE_UNKNOWN', `no customer type ${opts.typeId}`);
  }
  const { fields, unmapped } = await customerFields(db, parseStoredFields(lead.fields));
  const customer = await db.$transaction(async (tx) => {
    let created;
    try {
      created = await tx.customer.create({
        data: tenantOwned({
          name: lead.name, phone: lead.phone, company: opts.company?.trim() || null, typeId: opts.typeId ?? null, fields: JSON.stringify(fields),
          grade: lead.grade, ownerId: lead.ownerId, assignedAt: lead.ownerId === null ? null : now, sourceLeadId: lead.id, createdById: userId, createdAt: now,
        }),
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('CUSTOMER_EXISTS', 'a customer with this number is already in the CRM', { zh: '该号码已在客户管理中' });
      throw e;
    }
    // The lead's callback agent keeps the customer: recorded as an assignment, like 分配.
    if (lead.ownerId !== null) {
      await tx.assignment.create({ data: tenantOwned({ customerId: created.id, toUserId: lead.ownerId, byUserId: userId, reason: '移到CRM', at: now }) });
    }
    const marked = await tx.lead.updateMany({ where: { id, status: { not: 'MOVED' } }, data: { status: 'MOVED' } });
    if (marked.count === 0) throw conflict('LEAD_ALREADY_MOVED', 'the lead is already in the CRM', { zh: '该线索已移到客户管理' });
    return created;
  });
  return {
    customer: await viewCustomer(db, customer),
    lead: await getLead(db, id),
    unmappedFields: unmapped,
  };
}
