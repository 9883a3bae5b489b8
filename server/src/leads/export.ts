/**
 * 导出: the leads a search finds, as a spreadsheet that reads back through the import (姓名,
 * 电话 and the custom fields by label come first; 批次, 等级, 状态, 导入时间 are columns the
 * import knows to skip).
 */
import type { Db, Prisma } from '@waihu/db';
import type { CellValue, Workbook } from '@waihu/engine';
import { ApiError } from '../errors.js';
import { NAME_HEADER, PHONE_HEADER } from './columns.js';
import { leadFieldDefs } from './fields.js';
import type { FieldValue } from './fields.js';
import { eachLead } from './store.js';

/** Most rows one export writes: the whole sheet is built in memory. Narrow the search for more. */
export const EXPORT_MAX_ROWS = 200_000;
/** What BIFF8 (.xls) holds below its header row. */
const XLS_MAX_ROWS = 65_535;

export const STATUS_ZH: Readonly<Record<string, string>> = {
  NEW: '未呼叫', QUEUED: '排队中', CALLING: '呼叫中', CALLED: '已呼叫', FAILED: '呼叫失败', MOVED: '已移到CRM',
};

/** Local time in China (UTC+8), as users read it: `2026-11-21 17:00`. */
function chinaTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

const cell = (v: FieldValue | undefined): CellValue => (v === undefined ? null : Array.isArray(v) ? v.join('、') : v);

export async function exportLeads(db: Db, where: Prisma.LeadWhereInput | null, format: 'xlsx' | 'xls'): Promise<Workbook> {
  const limit = format === 'xls' ? XLS_MAX_ROWS : EXPORT_MAX_ROWS;
  const count = where === null ? 0 : await db.lead.count({ where });
  if (count > limit) {
    throw new ApiError(422, 'EXPORT_TOO_LARGE', `${count} leads match; one ${format} export holds at most ${limit}: narrow the search${format === 'xls' ? ' or choose xlsx' : ''}`, { count, limit });
  }
  const defs = await leadFieldDefs(db);
  const rows: CellValue[][] = [[NAME_HEADER, PHONE_HEADER, ...defs.map((d) => d.label), '批次', '等级', '状态', '导入时间']];
  if (where !== null) {
    for await (const page of eachLead(db, where)) {
      for (const l of page) {
        rows.push([l.name, l.phone, ...defs.map((d) => cell(l.fields[d.key])), l.batchCode, l.grade, STATUS_ZH[l.status] ?? l.status, chinaTime(l.createdAt)]);
      }
    }
  }
  return { sheets: [{ name: '数据列表', rows }] };
}
