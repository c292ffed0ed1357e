/**
 * The named people of the manuals, with their figures where the manuals give them, plus the cases the
 * business flows need (a couple sharing a loan, a retired member, employment ended 7 months ago, a closed account).
 * Amounts are fen. Dates that the manuals fix are absolute; the rest are relative to the seeding day.
 */
import { addMonths, type IsoDate } from '../../../shared/dates.js';
import { makeIdNumber } from '../../../shared/id-number.js';
import type { MaritalStatus, MemberStatus, RegistrationKind } from '../../../shared/core-vocabulary.js';
import type { HistoryPosting } from './ledger.js';
import type { LoanSpec } from './loans.js';
import { PROPERTY_FEE_REASON } from '../../jgj320.js';

export interface MemberSpec {
  key: string;
  name: string;
  idNumber: string;
  phone: string;
  maritalStatus: MaritalStatus;
  spouseKey?: string;
  education?: string;
  occupation?: string;
  title?: string;
  position?: string;
  address?: string;
  postalCode?: string;
  householdMonthlyIncomeFen?: number;
  employerCode: string;
  status: MemberStatus;
  statusSince?: IsoDate;
  account: {
    accountNo: string;
    bankName: string;
    bankAccountNo: string;
    depositBaseFen: number;
    openedOn: IsoDate;
    status: 'normal' | 'suspended' | 'closed';
    /** First day of the generated history (an opening balance is posted then). */
    historyFrom: IsoDate;
    /** Deposits stop after this month (YYYY-MM-DD of any day in it); default: the current month. */
    depositsUntil?: IsoDate;
    /** Deposits start in this month; default: the history's first month. */
    depositsFrom?: IsoDate;
    /** The balance the history must end on (manual figure); the opening balance is solved for it. */
    targetBalanceFen?: number;
    openingBalanceFen?: number;
    /** Ratios agreed for this account when they differ from the employer's (004 3.2: 10 % + 10 %). */
    unitRatioBp?: number;
    personalRatioBp?: number;
    /** Monthly amounts as the core booked them, where a manual shows them unrounded (004 3.2: 180.80). */
    unitMonthlyFen?: number;
    personalMonthlyFen?: number;
    /** Postings the manuals show, kept as they are. */
    fixed?: HistoryPosting[];
    /** Contribution of a month when it differs from base × ratios (the manuals' older months). */
    monthlyOverride?: (yyyymm: string) => number | undefined;
    closeOn?: IsoDate;
  };
  extra?: HistoryPosting[];
  /**
   * Accounts the member held before, closed (004 1.3 我的公积金 shows them beside the open one): their postings as
   * the manual prints them; the closing withdrawal that emptied the account is booked on `closedOn`.
   */
  closedAccounts?: {
    accountNo: string;
    bankName: string;
    bankAccountNo: string;
    depositBaseFen: number;
    openedOn: IsoDate;
    closedOn: IsoDate;
    postings: HistoryPosting[];
  }[];
  registrations?: {
    kind: RegistrationKind;
    registeredOn: IsoDate;
    contractNo?: string;
    counterparty?: string;
    amountFen?: number;
    balanceFen?: number;
    limitFen?: number;
    intervalMonths?: number;
    lastWithdrawalOn?: IsoDate;
  }[];
}

/** 000 (二): 卢青怡's 2016-07 … 2017-06 rows, exactly as the manual prints them. */
const luQingyi2017: HistoryPosting[] = [
  ['2016-07-01', 'year_carry_over', '上年结转', 0],
  ['2016-07-07', 'regular_deposit', '汇缴201607', 111000],
  ['2016-08-25', 'regular_deposit', '汇缴201608', 111000],
  ['2016-09-30', 'regular_deposit', '汇缴201609', 114000],
  ['2016-10-26', 'regular_deposit', '汇缴201610', 131600],
  ['2016-11-22', 'regular_deposit', '汇缴201611', 131600],
  ['2017-01-13', 'regular_deposit', '汇缴201612', 131600],
  ['2017-02-07', 'regular_deposit', '汇缴201701', 139200],
  ['2017-02-14', 'regular_deposit', '汇缴201702', 139200],
  ['2017-03-17', 'regular_deposit', '汇缴201703', 139200],
  ['2017-04-27', 'regular_deposit', '汇缴201704', 139200],
  ['2017-05-24', 'regular_deposit', '汇缴201705', 139200],
  ['2017-06-21', 'regular_deposit', '汇缴201706', 139200],
  ['2017-06-30', 'interest', '公积金结息', 46704],
].map(([postedOn, businessType, summary, amountFen]) => ({ postedOn, businessType, summary, amountFen }) as HistoryPosting);

/** 004 3.2: 张瑞霞's rows of 2017-01-01 … 2017-03-15, exactly as the web hall lists them (no deposit in between). */
const zhangRuixia2017: HistoryPosting[] = (
  [
    ['2017-02-27', 'partial_withdrawal', '部分提取', 1000, '06', '现金提取'],
    ['2017-02-28', 'withdrawal_repay', '公积金提取还款', 1000, '06', '其他'],
    ['2017-02-28', 'partial_withdrawal', '部分提取', 222, '06', '现金提取'],
    ['2017-02-28', 'partial_withdrawal', '部分提取', 289, PROPERTY_FEE_REASON, '现金提取'],
    ['2017-03-01', 'partial_withdrawal', '部分提取', 1000, '06', '现金提取'],
    ['2017-03-01', 'withdrawal_repay', '公积金提取还款', 5000, '06', '其他'],
  ] as const
).map(([postedOn, businessType, summary, fen, withdrawalReason, withdrawalMethod]) => ({
  postedOn,
  businessType,
  summary,
  amountFen: -fen,
  withdrawalReason,
  withdrawalMethod,
}));

export function namedMembers(today: IsoDate): MemberSpec[] {
  const monthsAgo = (n: number, day = 15) => addMonths(today, -n, day);
  const twoYearsAgo = monthsAgo(24, 1);
  return [
    {
      key: 'luQingyi',
      name: '卢青怡',
      idNumber: '530123199907242329',
      phone: '13999991111', // 000 一(一)
      maritalStatus: 'married',
      education: '大专',
      occupation: '国家公务员',
      address: '家湾村55号',
      postalCode: '674100',
      householdMonthlyIncomeFen: 891500,
      employerCode: '530724000151',
      status: 'normal',
      account: {
        accountNo: '5307240013928',
        bankName: '中国农业银行',
        bankAccountNo: '1400770000000012',
        depositBaseFen: 586600,
        openedOn: '2014-03-01',
        status: 'normal',
        historyFrom: '2016-06-30',
        openingBalanceFen: 2401449,
        fixed: luQingyi2017,
        // 000 (二): the 2017-07 … 2018-06 months were still at 1,392 a month before the base became 5,866.
        monthlyOverride: (ym) => (ym >= '201707' && ym <= '201806' ? 139200 : undefined),
      },
      registrations: [{ kind: 'fund_loan', registeredOn: '2015-03-10', contractNo: '2014年委农字17609号', counterparty: '丽江市住房公积金管理中心' }],
    },
    {
      key: 'duanDemei',
      name: '段德梅',
      idNumber: makeIdNumber('530702', '19850316', 24),
      phone: '13908881234', // 002 七
      maritalStatus: 'married',
      spouseKey: 'liGuoqiang',
      education: '本科',
      occupation: '专业技术人员',
      title: '中级',
      address: '丽江市古城区祥和街道祥云社区12栋2单元301',
      postalCode: '674100',
      householdMonthlyIncomeFen: 1286000,
      employerCode: '530702000610',
      status: 'normal',
      account: {
        accountNo: '5307020021577',
        bankName: '云南省农村信用社联社',
        bankAccountNo: '6223691095740548',
        depositBaseFen: 640000,
        openedOn: '2011-07-01',
        status: 'normal',
        historyFrom: twoYearsAgo,
        targetBalanceFen: 3092143,
      },
      extra: [
        {
          postedOn: monthsAgo(13, 23),
          businessType: 'partial_withdrawal',
          summary: '部分提取（物业费）',
          amountFen: -150000,
          withdrawalReason: PROPERTY_FEE_REASON,
          withdrawalMethod: '转账',
        },
      ],
      registrations: [{ kind: 'fund_loan', registeredOn: '2023-03-06', contractNo: '2022年委信字05318号', counterparty: '丽江市住房公积金管理中心' }],
    },
    {
      key: 'liGuoqiang',
      name: '李国强',
      idNumber: makeIdNumber('530702', '19830905', 15),
      phone: '13908885678',
      maritalStatus: 'married',
      spouseKey: 'duanDemei',
      education: '本科',
      occupation: '国家公务员',
      position: '科员',
      address: '丽江市古城区祥和街道祥云社区12栋2单元301',
      postalCode: '674100',
      employerCode: '530721000312',
      status: 'normal',
      account: {
        accountNo: '5307210008814',
        bankName: '中国建设银行',
        bankAccountNo: '6217002870012345678',
        depositBaseFen: 720000,
        openedOn: '2008-09-01',
        status: 'normal',
        historyFrom: twoYearsAgo,
        targetBalanceFen: 6845231,
      },
    },
    {
      key: 'gaoZhenhua',
      name: '高振华',
      idNumber: makeIdNumber('530721', '19790622', 37),
      phone: '13888123456', // 002 七(三)
      maritalStatus: 'married',
      education: '大专',
      occupation: '企业管理人员',
      employerCode: '530702000517',
      status: 'normal',
      account: {
        accountNo: '5307020030021',
        bankName: '中国工商银行',
        bankAccountNo: '6212262505001234567',
        depositBaseFen: 520000,
        openedOn: '2012-04-01',
        status: 'normal',
        historyFrom: twoYearsAgo,
        targetBalanceFen: 2385620,
      },
      registrations: [
        {
          kind: 'commercial_loan',
          registeredOn: '2019-05-20',
          contractNo: 'ICBC-LJ-2019-0520-117',
          counterparty: '中国工商银行丽江分行',
          amountFen: 18000000,
          balanceFen: 5414055,
        },
      ],
    },
    {
      key: 'luTianpeng',
      name: '卢天鹏',
      idNumber: makeIdNumber('530722', '19900218', 51),
      phone: '13577001234', // 002 七(四)
      maritalStatus: 'unmarried',
      education: '本科',
      occupation: '教师',
      employerCode: '530723000045',
      status: 'normal',
      account: {
        accountNo: '5307230011403',
        bankName: '云南省农村信用社联社',
        bankAccountNo: '6223691095732628',
        depositBaseFen: 260000,
        openedOn: '2015-09-01',
        status: 'normal',
        historyFrom: twoYearsAgo,
        targetBalanceFen: 691466,
      },
      extra: [
        {
          postedOn: monthsAgo(4, 11),
          businessType: 'partial_withdrawal',
          summary: '部分提取（购房）',
          amountFen: -1200000,
          withdrawalReason: '01',
          withdrawalMethod: '转账',
        },
      ],
      registrations: [
        {
          kind: 'purchase',
          registeredOn: addMonths(today, -26, 8),
          contractNo: 'LJ-GF-2024-003817',
          counterparty: '丽江瑞雪房地产开发有限公司',
          amountFen: 56800000,
          intervalMonths: 3,
          lastWithdrawalOn: monthsAgo(4, 11),
        },
      ], // 002: followed 3 months after the last one
    },
    {
      key: 'zhangRuixia',
      name: '张瑞霞',
      idNumber: makeIdNumber('530702', '19880710', 62),
      phone: '15808881234', // 004 3.2, 3.6
      maritalStatus: 'married',
      education: '本科',
      occupation: '办事人员',
      employerCode: '530702000088',
      status: 'normal',
      account: {
        accountNo: '5307020019960',
        bankName: '中国工商银行',
        bankAccountNo: '6212262505009876543',
        depositBaseFen: 180800,
        unitRatioBp: 1000,
        personalRatioBp: 1000,
        unitMonthlyFen: 18080,
        personalMonthlyFen: 18080,
        // The history reaches back to 004 3.2's rows; the monthly deposits of the demo cover the last two years.
        openedOn: '2013-05-01',
        status: 'normal',
        historyFrom: '2016-12-31',
        depositsFrom: twoYearsAgo,
        targetBalanceFen: 1536098,
        fixed: zhangRuixia2017,
      },
    },
    {
      key: 'zhangJian',
      name: '张健',
      idNumber: makeIdNumber('530702', '19800512', 17),
      phone: '13708881234', // 004 我的公积金 / 我的贷款
      maritalStatus: 'married',
      education: '本科',
      occupation: '企业管理人员',
      employerCode: '530702000517',
      status: 'normal',
      account: {
        accountNo: '3100000000',
        bankName: '中国工商银行',
        bankAccountNo: '6212262505004445556',
        depositBaseFen: 331000,
        openedOn: '2007-06-01',
        status: 'normal',
        historyFrom: twoYearsAgo,
        targetBalanceFen: 852099,
      },
      // 004 1.3 我的公积金: his 提取销户 account beside the open one, with its four rows and 0.00. The manual prints
      // 3100000000 for both (its placeholder); two accounts of one member under one number would leave him unable
      // to tell which ledger he reads (and the core keeps account numbers unique), so the closed one is …0001.
      closedAccounts: [
        {
          accountNo: '3100000001',
          bankName: '中国工商银行',
          bankAccountNo: '6212262505004445556',
          depositBaseFen: 331000,
          openedOn: '2007-06-01',
          closedOn: '2007-09-28',
          postings: [
            { postedOn: '2007-06-30', businessType: 'back_deposit', summary: '补缴', amountFen: 1106570 },
            { postedOn: '2007-07-02', businessType: 'regular_deposit', summary: '汇缴200707', amountFen: 66200 },
            { postedOn: '2007-08-01', businessType: 'regular_deposit', summary: '汇缴200708', amountFen: 66200 },
            { postedOn: '2007-09-01', businessType: 'regular_deposit', summary: '汇缴200709', amountFen: 66200 },
          ],
        },
      ],
      // His loan was settled in 2024-04 after four instalments of 3,312.29 that year: 提取上年还贷额.
      extra: [
        {
          postedOn: monthsAgo(12, 18),
          businessType: 'partial_withdrawal',
          summary: '部分提取（偿还公积金贷款）',
          amountFen: -1324916,
          withdrawalReason: '06',
          withdrawalMethod: '转账',
        },
      ],
      registrations: [
        {
          kind: 'fund_loan',
          registeredOn: '2015-06-02',
          contractNo: '201505000000',
          counterparty: '丽江市住房公积金管理中心',
          lastWithdrawalOn: monthsAgo(12, 18),
        },
      ],
    },
    {
      key: 'heLihua',
      name: '和丽华',
      idNumber: makeIdNumber('530721', '19660214', 28),
      phone: '13988881234', // retired (C2)
      maritalStatus: 'widowed',
      education: '中专',
      occupation: '专业技术人员',
      title: '高级',
      employerCode: '530702000088',
      status: 'retired',
      statusSince: monthsAgo(3, 1),
      account: {
        accountNo: '5307020001276',
        bankName: '中国银行',
        bankAccountNo: '6216612500001234567',
        depositBaseFen: 860000,
        openedOn: '1999-01-01',
        status: 'suspended',
        historyFrom: twoYearsAgo,
        depositsUntil: monthsAgo(4),
        targetBalanceFen: 8642017,
      },
    },
    {
      key: 'muWenjun',
      name: '木文军',
      idNumber: makeIdNumber('530721', '19920408', 13),
      phone: '18788881234', // employment ended 7 months ago (C3)
      maritalStatus: 'unmarried',
      education: '大专',
      occupation: '商业、服务业人员',
      employerCode: '530702000517',
      status: 'employment_ended',
      statusSince: monthsAgo(7, 5),
      account: {
        accountNo: '5307020027735',
        bankName: '中国农业银行',
        bankAccountNo: '6228480000001234567',
        depositBaseFen: 380000,
        openedOn: '2016-03-01',
        status: 'suspended',
        historyFrom: twoYearsAgo,
        depositsUntil: monthsAgo(8),
        targetBalanceFen: 1823340,
      },
    },
    {
      key: 'yangXiuying',
      name: '杨秀英',
      idNumber: makeIdNumber('530722', '19630920', 46),
      phone: '13759991234', // closed (销户)
      maritalStatus: 'married',
      education: '高中',
      occupation: '办事人员',
      employerCode: '530721000312',
      status: 'closed',
      statusSince: monthsAgo(18, 10),
      account: {
        accountNo: '5307220000418',
        bankName: '中国建设银行',
        bankAccountNo: '6217002870098765432',
        depositBaseFen: 540000,
        openedOn: '2001-06-01',
        status: 'closed',
        historyFrom: addMonths(today, -30, 1),
        depositsUntil: monthsAgo(20),
        openingBalanceFen: 10452380,
        closeOn: monthsAgo(18, 10),
      },
    },
  ];
}

/** 段德梅 and 李国强 share this loan (C12): found so that today's balance is 002's 187,167.54 and 2025 repaid 24,540.23. */
export function namedLoans(): LoanSpec[] {
  return [
    {
      contractNo: '2014年委农字17609号',
      loanAccountNo: '5307240013928101',
      borrowerKey: 'luQingyi', // 000 (三)
      principalFen: 24000000,
      annualRatePercent: 3.25,
      months: 240,
      method: 'equal-principal',
      dayCount: 'actual/360',
      issuedOn: '2014-11-13',
      repaymentDay: 13,
      repaymentBank: '中国农业银行',
      repaymentAccountNo: '1400770000000012',
      archiveNo: '530724',
      loanNo: '丽公积金贷字2014第0165号',
      // 000 (三): 123,500 outstanding before the 2017-01 payment at 1,000 a month ⇒ 91,500 prepaid, term shortened.
      prepayments: [{ afterPeriod: 19, amountFen: 9150000, mode: 'keep-payment' }],
      houseAddress: '丽江市古城区祥和街道云湖家园一期8幢',
    },
    {
      contractNo: '2022年委信字05318号',
      loanAccountNo: '5307020021577101',
      borrowerKey: 'duanDemei',
      coBorrowerKey: 'liGuoqiang',
      principalFen: 29000000,
      annualRatePercent: 3.1,
      months: 195,
      method: 'equal-principal',
      issuedOn: '2022-12-20',
      repaymentDay: 20,
      repaymentBank: '云南省农村信用社联社',
      repaymentAccountNo: '6223691095740548',
      archiveNo: '530702',
      prepayments: [{ afterPeriod: 25, amountFen: 3293500, mode: 'keep-payment' }],
      houseAddress: '丽江市古城区祥和街道祥云社区12栋2单元301',
    },
  ];
}
