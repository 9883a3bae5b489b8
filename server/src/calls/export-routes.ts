/**
 * 呼叫记录导出: the calls a list search finds (same filters: task, grade, outcome, date, number),
 * as a spreadsheet, newest first, at most 100,000 rows, read in pages so they never sit in
 * memory as rows of the database. Added by the dialer issue because the export was still missing.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Prisma } from '@waihu/db';
import { CALL_OUTCOMES, GRADES } from '@waihu/db';
import { writeWorkbook } from '@waihu/workbook';
import type { CellValue } from '@waihu/engine';
import type { Services } from '../app.js';
import { MANAGERS, MEMBERS } from '../auth/roles.js';
import { dbOf, principalOf } from '../auth/plugin.js';
import { chinaDateTime, dateOrDateTime, instantRange } from '../time.js';
import { sendSpreadsheet, XLS_TYPE, XLSX_TYPE } from '../http/spreadsheets.js';

const MAX_ROWS = 100_000;
const OUTCOME_ZH: Record<string, string> = {
  ANSWERED: '接通', NO_ANSWER: '无人接听', BUSY: '忙', REJECTED: '拒接', INVALID_NUMBER: '空号', POWERED_OFF: '关机', SUSPENDED: '停机', NETWORK_ERROR: '网络错误', CANCELED: '取消',
};

interface ExportQuery { taskId?: number; grade?: string; outcome?: string; from?: string; to?: string; phone?: string; format: 'xlsx' | 'xls' }

function visibleTo(request: FastifyRequest): Prisma.CallAttemptWhereInput {
  const p = principalOf(request);
  return MANAGERS.includes(p.role) ? {} : { agentId: p.userId };
}

const list = (json: string | null): string => {
  try {
    const v: unknown = JSON.parse(json ?? '[]');
    return Array.isArray(v) ? v.join('；') : '';
  } catch {
    return '';
  }
};

export async function callExportRoutes(app: FastifyInstance, _services: Services): Promise<void> {
  app.get<{ Querystring: ExportQuery }>('/calls/export', {
    config: { roles: MEMBERS },
    schema: {
      tags: ['calls'], summary: '导出呼叫记录 Export the calls a search finds (same filters as the list) as a spreadsheet',
      produces: [XLSX_TYPE, XLS_TYPE],
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          taskId: { type: 'integer', minimum: 1 }, grade: { type: 'string', enum: [...GRADES] }, outcome: { type: 'string', enum: [...CALL_OUTCOMES] },
          from: dateOrDateTime, to: dateOrDateTime, phone: { type: 'string', pattern: '^[0-9]{1,20}$' }, format: { type: 'string', enum: ['xlsx', 'xls'], default: 'xlsx' },
        },
      },
    },
  }, async (request, reply) => {
    const q = request.query;
    const db = dbOf(request);
    const dialAt = instantRange(q.from, q.to);
    const where: Prisma.CallAttemptWhereInput = {
      ...visibleTo(request), ...(q.taskId ? { taskId: q.taskId } : {}), ...(q.grade ? { grade: q.grade } : {}), ...(q.outcome ? { outcome: q.outcome } : {}),
      ...(q.phone ? { calleeNumber: { startsWith: q.phone } } : {}), ...(dialAt ? { dialAt } : {}),
    };
    const tasks = new Map((await db.callTask.findMany({ select: { id: true, name: true } })).map((t) => [t.id, t.name]));
    const rows: CellValue[][] = [['拨打时间', '被叫号码', '主叫号码', '呼叫任务', '第几次拨打', '呼叫结果', '等级', '等级原因', '通话时长(秒)', '接通时间', '结束时间', '转接时间', '标签']];
    let cursor: { dialAt: Date; id: number } | null = null;
    while (rows.length - 1 < MAX_ROWS) {
      const page: Awaited<ReturnType<typeof db.callAttempt.findMany>> = await db.callAttempt.findMany({
        where: cursor ? { AND: [where, { OR: [{ dialAt: { lt: cursor.dialAt } }, { dialAt: cursor.dialAt, id: { lt: cursor.id } }] }] } : where,
        orderBy: [{ dialAt: 'desc' }, { id: 'desc' }], take: Math.min(5_000, MAX_ROWS - (rows.length - 1)),
      });
      if (page.length === 0) break;
      for (const c of page) {
        rows.push([
          chinaDateTime(c.dialAt), c.calleeNumber, c.callerNumber, c.taskId === null ? '' : tasks.get(c.taskId) ?? '', c.attemptNo,
          c.outcome === null ? '' : OUTCOME_ZH[c.outcome] ?? c.outcome, c.grade ?? '', list(c.gradeReasons), Math.round(c.talkMs / 1000),
          chinaDateTime(c.answerAt), chinaDateTime(c.endAt), chinaDateTime(c.transferAt), list(c.tags),
        ]);
      }
      const last = page[page.length - 1]!;
      cursor = { dialAt: last.dialAt, id: last.id };
    }
    return sendSpreadsheet(reply, writeWorkbook({ sheets: [{ name: '呼叫记录', rows }] }, { bookType: q.format }), '呼叫记录', q.format);
  });
}
