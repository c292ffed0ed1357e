/**
 * The sandbox clock (APP_MODE=sandbox only): an administrator moves the server's business clock forward to rehearse
 * what a month end or a year end brings (repayment reminders before the 20th, the D2 monthly offset on the due day,
 * a spouse's 48 hours running out), and the jobs that fall due in between run day by day, as they would have.
 * In production both routes answer 403 SANDBOX_ONLY and the clock is the machine's.
 */
import type Router from '@koa/router';
import { z } from 'zod';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import type { OpenApiRegistry } from '../http/openapi.js';
import { defineRoute } from '../http/route.js';
import { auditStaff } from '../staff/audit.js';
import { requireRole } from '../staff/roles.js';
import type { LoanJobs } from '../jobs/loan-jobs.js';
import type { ServerClock } from '../shared/clock.js';
import { shanghaiIso, shanghaiMinute } from '../shared/dates.js';
import { forbidden } from '../shared/errors.js';

const DAY_MS = 86_400_000;

const advanceBody = z
  .object({
    advanceDays: z.number().int().min(0).max(400).default(0).describe('向前拨动的天数'),
    advanceHours: z.number().int().min(0).max(23).default(0).describe('再向前拨动的小时数'),
  })
  .refine((b) => b.advanceDays + b.advanceHours > 0, { message: '请填写要拨动的天数或小时数' });

const jobRun = z.object({
  day: z.string().describe('这一天（上海时间）'),
  repaymentReminders: z.number().int().describe('发出的还款提醒'),
  monthlyOffsetInstalments: z.number().int().describe('按月抵扣的期数'),
  spouseExpired: z.number().int().describe('配偶未在48小时内确认而过期的申请'),
});

const clockView = z.object({
  now: z.string().describe('业务时钟的当前时间（ISO，带 +08:00）'),
  today: z.string().describe('业务时钟的今天 YYYY-MM-DD（上海）'),
  display: z.string().describe('显示用：2026-12-04 11:04'),
  shifted: z.boolean().describe('是否已偏离本机时间'),
});

const advanceResult = clockView.extend({ ran: z.array(jobRun).describe('逐日运行的定时任务') });

interface SandboxClockDeps {
  config: Pick<Config, 'APP_MODE'>;
  database: Database;
  clock: ServerClock;
  loanJobs: Pick<LoanJobs, 'runOnce'>;
}

function view(clock: ServerClock): z.infer<typeof clockView> {
  const now = clock.now();
  return { now: shanghaiIso(now), today: clock.today(), display: shanghaiMinute(now), shifted: clock.shifted };
}

/** Moves the clock forward and runs, for each Shanghai day it reaches, the loan jobs as their schedule would have. */
async function advanceClock(deps: SandboxClockDeps, by: { advanceDays: number; advanceHours: number }) {
  const ran: z.infer<typeof jobRun>[] = [];
  const runDay = async () => {
    const day = deps.clock.today();
    const reminders = await deps.loanJobs.runOnce.repaymentReminders(day);
    const offset = await deps.loanJobs.runOnce.monthlyOffset(day);
    const expiry = await deps.loanJobs.runOnce.spouseExpiry(deps.clock.now());
    ran.push({
      day,
      repaymentReminders: reminders.skipped ? 0 : reminders.result,
      monthlyOffsetInstalments: offset.skipped ? 0 : offset.result.instalments,
      spouseExpired: expiry.skipped ? 0 : expiry.result,
    });
  };
  for (let d = 0; d < by.advanceDays; d++) {
    deps.clock.advance(DAY_MS);
    await runDay();
  }
  if (by.advanceHours > 0) {
    const before = deps.clock.today();
    deps.clock.advance(by.advanceHours * 3600_000);
    if (deps.clock.today() !== before || by.advanceDays === 0) await runDay();
  }
  return { ...view(deps.clock), ran };
}

export function registerSandboxClockRoutes(router: Router, registry: OpenApiRegistry, deps: SandboxClockDeps): void {
  const tags = ['演示环境 (工作人员)'];
  const sandboxOnly = () => {
    if (deps.config.APP_MODE !== 'sandbox') throw forbidden('SANDBOX_ONLY', '仅演示环境可以调整业务时钟，生产环境使用服务器时间');
  };
  defineRoute(
    router,
    registry,
    { method: 'get', path: '/api/staff/sandbox/clock', summary: '演示环境：业务时钟（管理员）', tags, auth: 'staff', response: clockView },
    async ({ ctx }) => {
      requireRole(ctx);
      sandboxOnly();
      return view(deps.clock);
    },
  );
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/staff/sandbox/clock',
      summary: '演示环境：业务时钟向前拨动，并逐日运行到期的定时任务（还款提醒、按月抵扣、配偶确认过期）',
      tags,
      auth: 'staff',
      body: advanceBody,
      response: advanceResult,
    },
    async ({ ctx, body }) => {
      const staff = requireRole(ctx);
      sandboxOnly();
      const from = view(deps.clock);
      const result = await advanceClock(deps, body);
      await auditStaff(deps.database.db, staff, 'sandbox.clock.advance', null, { from: from.display, to: result.display });
      return result;
    },
  );
}
