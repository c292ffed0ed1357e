/**
 * What the follow-up withdrawals (后续提取) share: C4 租房, C5 购房, C6 建房 and C7 偿还商业贷款. The first one was done
 * at the counter, which registered the rent, purchase, build or loan in the core (000 4.3–4.7); later ones are online
 * within the registered interval and limit. The system can check all of it, so they are approved at 初审 by the
 * system (the counter saw the originals).
 */
import type { z } from 'zod';
import type { RegistrationKind } from '../../shared/core-vocabulary.js';
import { addMonths } from '../../shared/dates.js';
import { DomainError } from '../../shared/errors.js';
import { yuanText, yuanWithUnit } from '../../shared/money.js';
import { defineKind, type ApplicationKind, type PhotoCategory } from '../../workflow/index.js';
import { accountStatusText } from '../rule-book.js';
import {
  ACCOUNT_NOT_NORMAL,
  allow,
  chosenAmount,
  floorToHundredYuan,
  isRefusal,
  lastWithdrawal,
  load,
  partialWithdrawal,
  recheckedAtDecision,
  refuse,
  registration,
  type RuleDeps,
} from '../rules.js';

const registrationLabel: Record<RegistrationKind, string> = {
  rent: '租房',
  purchase: '购房',
  build: '建房',
  commercial_loan: '商业贷款',
  fund_loan: '公积金贷款',
};

interface FollowUp {
  key: string;
  code: string;
  name: string;
  processName: string;
  registration: RegistrationKind;
  reason: string;
  summary: string;
  condition: string;
  photos: PhotoCategory[];
  form: z.ZodObject;
  contractField?: string;
  /** Checks across fields, at submit (a refined object cannot be made partial for drafts). */
  check?: (form: Record<string, unknown>) => void;
}

/** A follow-up kind: its rules are the registration's (interval, limit, contract); each kind file gives its own. */
export function defineFollowUp(deps: RuleDeps, f: FollowUp): ApplicationKind {
  const kind: ApplicationKind = defineKind({
    key: f.key,
    code: f.code,
    group: 'withdrawal',
    name: f.name,
    processName: f.processName,
    businessType: '提取业务',
    nodes: ['first'],
    autoApprove: true,
    needsBankCard: true,
    photos: f.photos,
    form: f.form,
    async eligibility(input) {
      const s = await load(deps, input);
      if (isRefusal(s)) return s;
      const reg = registration(s, f.registration);
      const what = registrationLabel[f.registration];
      // 000 4.3: 首次提取必须到中心柜面办理提取手续，当核心业务系统记录了该用户的…信息后 … 后续提取可以继续办理.
      const { rules } = s;
      if (
        !rules.check(`中心已登记${what}信息（首次提取在柜台办理）`, !!reg, reg ? `已登记${reg.contractNo ? `，合同号 ${reg.contractNo}` : ''}` : '未登记', () =>
          refuse('NOT_REGISTERED', `第一次提取须本人带齐材料到中心柜台办理，中心登记您的${what}信息后，以后即可在线提取`),
        ) ||
        !reg
      )
        return rules.verdict();
      if (
        !rules.check('账户状态正常', s.account.status === 'normal', `账户状态 ${accountStatusText(s.account.status)}`, () =>
          refuse('ACCOUNT_NOT_NORMAL', ACCOUNT_NOT_NORMAL),
        )
      )
        return rules.verdict();
      const last = await lastWithdrawal(deps, s.member.id, f.key, reg.lastWithdrawalOn);
      const next = last ? addMonths(last, reg.intervalMonths) : null;
      rules.check(`距上次提取满 ${reg.intervalMonths} 个月`, !(next && next > s.today), last ? `上次提取 ${last}，${next} 起可再提取` : '此前未提取', () =>
        refuse('INTERVAL_NOT_REACHED', `距上次提取（${last}）未满${reg.intervalMonths}个月，您可于${next}起办理`, {
          lastWithdrawalOn: last,
          availableFrom: next,
        }),
      );
      const capped: [string, number | null][] = [
        ['账户余额', s.account.balanceFen],
        ['登记限额', reg.limitFen],
        ['贷款余额', f.registration === 'commercial_loan' ? reg.balanceFen : null],
      ];
      const caps = capped.filter((c): c is [string, number] => c[1] !== null);
      const max = floorToHundredYuan(Math.min(...caps.map((c) => c[1])));
      rules.check(
        '可提取金额 ≥ 100 元（取整百）',
        max > 0,
        `${caps.map(([n, v]) => `${n} ${yuanWithUnit(v)}`).join('、')} 中最小者取整百：${yuanWithUnit(max)}`,
        () => refuse('AMOUNT_TOO_SMALL', '您可提取的金额不足100元，暂不能办理', { balanceFen: s.account.balanceFen }),
      );
      return rules.verdict(() =>
        allow(
          max,
          {
            balanceFen: s.account.balanceFen,
            lastWithdrawalOn: last,
            intervalMonths: reg.intervalMonths,
            limitFen: reg.limitFen,
            registeredContractNo: reg.contractNo,
            registeredBalanceFen: reg.balanceFen,
            counterparty: reg.counterparty,
          },
          { derived: { registeredContractNo: reg.contractNo } },
        ),
      );
    },
    amountOf(form: { amountFen?: number } & Record<string, unknown>, allowed) {
      f.check?.(form);
      const registered = allowed.details.registeredContractNo;
      // 002 七(四): 输入【购房合同号】 — it must be the contract the counter registered.
      if (f.contractField && registered && String(form[f.contractField]).trim() !== registered) {
        throw new DomainError(
          'CONTRACT_MISMATCH',
          `${(f.form.shape[f.contractField] as { description?: string }).description ?? '合同号'}与中心登记的不一致`,
          409,
        );
      }
      return chosenAmount(form, allowed);
    },
    describe: (name, amountFen) => `${name}申请提取，条件：${f.condition}金额：${yuanText(amountFen)}元`,
    prepare: recheckedAtDecision(() => kind),
    settle: partialWithdrawal(deps, f.summary, f.reason),
  });
  return kind;
}
