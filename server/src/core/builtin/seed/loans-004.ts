/** The loans of manual 004 (the web hall), found by shared/loan-math.ts's tests. */
import type { LoanSpec } from './loans.js';

export function demoLoans004(): LoanSpec[] {
  return [
    {
      // 004 3.6: the plan 840.78 = 567.71 + 273.07, then 569.28 + 271.50 … reproduces only with this principal
      // at 3.30 % over 143 instalments from 2017-04-09 — a 商转公 (commercial-to-HPF) loan of the balance left.
      contractNo: '01201702090019',
      loanAccountNo: '3702010019000301',
      borrowerKey: 'zhangRuixia',
      principalFen: 9929647,
      annualRatePercent: 3.3,
      months: 143,
      method: 'equal-installment',
      issuedOn: '2017-03-09',
      repaymentDay: 9,
      repaymentBank: '中国工商银行',
      repaymentAccountNo: '6212262505009876543',
      archiveNo: '370402',
      houseAddress: '丽江市古城区慧苑小区3幢1单元502',
    },
    {
      // 004 我的贷款: 300,000 issued 2015-04-24, 等额本息 3,312.29 from 2015-05-20 (108 months at 4.00 %); settled since.
      contractNo: '201505000000',
      loanAccountNo: '3100000000101',
      borrowerKey: 'zhangJian',
      principalFen: 30000000,
      annualRatePercent: 4,
      months: 108,
      method: 'equal-installment',
      issuedOn: '2015-04-24',
      repaymentDay: 20,
      repaymentBank: '中国工商银行',
      repaymentAccountNo: '6212262505004445556',
      archiveNo: '370403',
      houseAddress: '丽江市古城区观海苑住宅小区6幢301',
    },
  ];
}
