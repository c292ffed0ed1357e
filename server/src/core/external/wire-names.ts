/**
 * The names the core protocol's JSON carries on the wire (issue 17): the data element identifiers of JGJ/T 320-2014
 * 住房公积金基础数据标准, as centers' 核心业务系统 use them (pinyin initials, upper case: GRZH 个人账号, GRZHYE 个人账户余额,
 * JKHTBH 借款合同编号 …). The ONE place the product's field names meet the standard's: the external client
 * (./client.ts) and the core emulator encode and decode with it (./wire-codec.ts), and the OpenAPI document's property
 * names are written from it (./wire-doc.ts, `npm run core-api:doc`). The gateway, the product and the built-in core keep
 * their own names.
 *
 * Each record is one kind of object on the wire: product field → [wire name, Chinese data element name, the record of
 * its value when that is an object or a list of objects]. The same product name may map differently by record
 * (balanceFen is GRZHYE on a fund account, DKYE on a loan). Where the standard has no element for a field (the core's
 * own ids, the protocol's paging and cursors, the self-service channel's additions) the wire name is an extension:
 * `X_` and the pinyin initials of its Chinese name. Values (enums, dates, fen) stay as the product has them.
 *
 * A field added to a protocol type without its entry here goes on the wire under its product name, and the core
 * emulator's test names the key and where it was (test/core-emulator.test.ts, "every key on the wire").
 */
import type { CoreOperation } from '../protocol.js';

/** [wire name, Chinese data element name, the record of the value (a WIRE_RECORDS key) when it is an object or a list of them]. */
export type WireEntry = readonly [wire: string, name: string, record?: string];

const MEMBER_ID: WireEntry = ['X_GRBS', '个人标识（核心内部编号）'];
const LOAN_ID: WireEntry = ['X_DKBS', '贷款标识（核心内部编号）'];
const SERIAL: WireEntry = ['YWLSH', '业务流水号'];
const CONTRACT_NO: WireEntry = ['JKHTBH', '借款合同编号'];
const BORROWER: WireEntry = ['X_JKRGRBS', '借款人个人标识'];
const CO_BORROWER: WireEntry = ['X_GTJKRGRBS', '共同借款人个人标识'];
const CHANNEL: WireEntry = ['X_YWQD', '业务渠道'];
const BUSINESS_NAME: WireEntry = ['X_YWMC', '业务名称'];

/** 个人信息 (JGJ/T 320 表4.0.3) fields a member may change themselves (B9). */
const PROFILE = {
  education: ['XUELI', '学历'],
  occupation: ['ZHIYE', '职业'],
  title: ['ZHICHEN', '职称'],
  position: ['ZHIWU', '职务'],
  address: ['JTZZ', '家庭住址'],
  postalCode: ['YZBM', '邮政编码'],
} as const satisfies Record<string, WireEntry>;

/** 个人业务明细信息 (表5.0.5): a ledger row, as booked or to be booked. */
const LEDGER_ROW = {
  postedOn: ['JZRQ', '记账日期'],
  businessType: ['GJHTQYWLX', '归集和提取业务类型'],
  summary: ['ZHAIYAO', '摘要'],
  amountFen: ['FSE', '发生额'],
  interestFen: ['FSLXE', '发生利息额'],
  withdrawalReason: ['TQYY', '提取原因'],
  withdrawalMethod: ['TQFS', '提取方式'],
  reference: SERIAL,
} as const satisfies Record<string, WireEntry>;

/** 个人住房贷款借款合同信息 (表6.0.2) as the loan business gives it. */
const LOAN_TERMS = {
  borrowerMemberId: BORROWER,
  coBorrowerMemberId: CO_BORROWER,
  principalFen: ['DKFFE', '贷款发放额'],
  annualRatePercent: ['DKLL', '贷款利率'],
  months: ['DKQS', '贷款期数'],
  method: ['DKHKFS', '贷款还款方式'],
  issuedOn: ['DKFFRQ', '贷款发放日期'],
  repaymentDay: ['YDHKR', '约定还款日'],
  repaymentBank: ['ZHKHYHMC', '账户开户银行名称'],
  repaymentAccountNo: ['HKZH', '还款账号'],
  houseAddress: ['FWZL', '房屋坐落'],
} as const satisfies Record<string, WireEntry>;

export const WIRE_RECORDS = {
  /** The body of every operation: its arguments by name (CORE_OPERATIONS). */
  Arguments: {
    idNumber: ['ZJHM', '证件号码'],
    phone: ['SJHM', '手机号码'],
    memberId: MEMBER_ID,
    patch: ['X_XGXX', '修改信息', 'MemberProfilePatch'],
    memberIds: ['X_GRBSLB', '个人标识列表'],
    range: ['X_RQFW', '日期范围', 'DateRange'],
    page: ['X_FY', '分页', 'Page'],
    order: ['X_PX', '排序（asc 正序，desc 倒序）'],
    loanId: LOAN_ID,
    nameContains: ['X_MCBH', '名称包含'],
    request: ['X_YWQQ', '业务请求', 'BusinessRequest'],
    serial: SERIAL,
    after: ['X_QSYB', '起始游标（已处理的最后事件序号）'],
    limit: ['X_ZDTS', '最多条数'],
    accountNo: ['GRZH', '个人账号'],
    on: ['X_CXRQ', '查询日期'],
  },
  DateRange: { from: ['X_KSRQ', '开始日期'], to: ['X_JSRQ', '结束日期'] },
  Page: { limit: ['X_MYTS', '每页条数'], offset: ['X_PYL', '偏移量'] },
  /** 个人信息 (表4.0.3). */
  Member: {
    id: MEMBER_ID,
    name: ['XINGMING', '姓名'],
    idNumberMasked: ['X_ZJHMTM', '证件号码（脱敏）'],
    phoneMasked: ['X_SJHMTM', '手机号码（脱敏）'],
    gender: ['XINGBIE', '性别'],
    birthDate: ['CSNY', '出生年月'],
    maritalStatus: ['HYZK', '婚姻状况'],
    spouseMemberId: ['X_POGRBS', '配偶个人标识'],
    ...PROFILE,
    householdMonthlyIncomeFen: ['JTYSR', '家庭月收入'],
    employer: ['X_JCDW', '缴存单位', 'Employer'],
    status: ['GRZHZT', '个人账户状态'],
    statusSince: ['X_ZTBGRQ', '状态变更日期'],
  },
  /** 缴存单位信息 (表4.0.2). */
  Employer: { code: ['X_DWDM', '单位代码'], name: ['DWMC', '单位名称'], accountNo: ['DWZH', '单位账号'] },
  MemberProfilePatch: PROFILE,
  Contact: { idNumber: ['ZJHM', '证件号码'], phone: ['SJHM', '手机号码'] },
  /** 个人账户信息 (表5.0.4). */
  FundAccount: {
    id: ['X_GRZHBS', '个人账户标识（核心内部编号）'],
    memberId: MEMBER_ID,
    accountNo: ['GRZH', '个人账号'],
    balanceFen: ['GRZHYE', '个人账户余额'],
    depositBaseFen: ['GRJCJS', '个人缴存基数'],
    unitRatioPercent: ['DWJCBL', '单位缴存比例'],
    personalRatioPercent: ['GRJCBL', '个人缴存比例'],
    unitMonthlyFen: ['DWYJCE', '单位月缴存额'],
    personalMonthlyFen: ['GRYJCE', '个人月缴存额'],
    monthlyTotalFen: ['YJCE', '月缴存额'],
    paidUpTo: ['JZNY', '缴至年月'],
    openedOn: ['KHRQ', '开户日期'],
    bankName: ['GRCKZHKHYHMC', '个人存款账户开户银行名称'],
    bankAccountNo: ['GRCKZHHM', '个人存款账户号码'],
    status: ['GRZHZT', '个人账户状态'],
    closedOn: ['XHRQ', '销户日期'],
    lastWithdrawalOn: ['X_SCTQRQ', '上次提取日期'],
    firstPaidMonth: ['X_QJNY', '启缴年月'],
  },
  MemberWithAccount: { member: ['X_GRXX', '个人信息', 'Member'], account: ['X_GRZHXX', '个人账户信息', 'FundAccount'] },
  /** B1 账户总览 in one answer: the member, the account, the loans and each unsettled loan's next period due. */
  MemberOverview: {
    member: ['X_GRXX', '个人信息', 'Member'],
    account: ['X_GRZHXX', '个人账户信息', 'FundAccount'],
    loans: ['X_DKLB', '贷款列表', 'Loan'],
    nextDues: ['X_XQYHLB', '下期应还列表', 'NextDue'],
  },
  LedgerEntry: {
    id: ['X_MXBS', '明细标识（核心内部编号）'],
    ...LEDGER_ROW,
    balanceAfterFen: ['YUE', '余额'],
  },
  LedgerPosting: { memberId: MEMBER_ID, ...LEDGER_ROW },
  LedgerRows: { entries: ['X_MXLB', '明细列表', 'LedgerEntry'], total: ['X_ZTS', '总条数'] },
  LedgerTotals: { depositsFen: ['X_CRHJ', '存入合计'], withdrawalsFen: ['X_ZCHJ', '支出合计'] },
  YearSpan: { firstYear: ['X_QSND', '起始年度'], lastYear: ['X_ZZND', '终止年度'] },
  LedgerPage: {
    entries: ['X_MXLB', '明细列表', 'LedgerEntry'],
    total: ['X_ZTS', '总条数'],
    totals: ['X_HJ', '合计', 'LedgerTotals'],
    span: ['X_NDFW', '年度范围', 'YearSpan'],
  },
  /** 个人住房贷款借款合同信息 (表6.0.2) and 账户信息 (表6.0.5). */
  Loan: {
    id: LOAN_ID,
    contractNo: CONTRACT_NO,
    loanAccountNo: ['DKZH', '贷款账号'],
    borrowerMemberId: BORROWER,
    coBorrowerMemberId: CO_BORROWER,
    role: ['X_CDJS', '参贷角色'],
    principalFen: ['DKFFE', '贷款发放额'],
    annualRatePercent: ['DKLL', '贷款利率'],
    months: ['DKQS', '贷款期数'],
    method: ['DKHKFS', '贷款还款方式'],
    dayCount: ['X_JXJC', '计息基础'],
    issuedOn: ['DKFFRQ', '贷款发放日期'],
    maturityOn: ['YDDQRQ', '约定到期日期'],
    repaymentDay: ['YDHKR', '约定还款日'],
    repaymentBank: ['ZHKHYHMC', '账户开户银行名称'],
    repaymentAccountNo: ['HKZH', '还款账号'],
    collectionMethod: ['X_KKFS', '扣款方式'],
    status: ['X_DKZT', '贷款状态'],
    balanceFen: ['DKYE', '贷款余额'],
    periodsPaid: ['X_YHQS', '已还期数'],
    archiveNo: ['X_DAH', '档案号'],
    loanNo: ['X_DKBH', '贷款编号'],
    loanType: ['DKLX', '贷款类型'],
    houseAddress: ['FWZL', '房屋坐落'],
    settledOn: ['DKJQRQ', '贷款结清日期'],
    currentPaymentFen: ['DQJHHKJE', '当期计划还款金额'],
    planPeriods: ['X_JHQS', '计划期数'],
    planFinalDueOn: ['X_JHDQRQ', '计划到期日期'],
  },
  /** 个人住房贷款业务明细信息 (表6.0.6). */
  LoanRepayment: {
    id: ['X_HKBS', '还款标识（核心内部编号）'],
    period: ['DQQC', '当期期次'],
    paidOn: ['YWFSRQ', '业务发生日期'],
    kind: ['DKYWMXLX', '贷款业务明细类型'],
    principalFen: ['BJJE', '本金金额'],
    interestFen: ['LXJE', '利息金额'],
    penaltyFen: ['FXJE', '罚息金额'],
    amountFen: ['FSE', '发生额'],
    balanceAfterFen: ['DKYE', '贷款余额'],
    reference: SERIAL,
  },
  LoanRepaymentInput: {
    paidOn: ['YWFSRQ', '业务发生日期'],
    kind: ['DKYWMXLX', '贷款业务明细类型'],
    period: ['DQQC', '当期期次'],
    principalFen: ['BJJE', '本金金额'],
    interestFen: ['LXJE', '利息金额'],
    penaltyFen: ['FXJE', '罚息金额'],
    reference: SERIAL,
  },
  /** 还款计划: one period. */
  PlanPeriod: {
    period: ['DQQC', '当期期次'],
    dueOn: ['X_YHRQ', '应还日期'],
    principalFen: ['DQJHGHBJ', '当期计划归还本金'],
    interestFen: ['DQJHGHLX', '当期计划归还利息'],
    paymentFen: ['DQJHHKJE', '当期计划还款金额'],
    balanceAfterFen: ['DKYE', '贷款余额'],
  },
  UnpaidInstalment: {
    loanId: LOAN_ID,
    contractNo: CONTRACT_NO,
    borrowerMemberId: BORROWER,
    coBorrowerMemberId: CO_BORROWER,
    period: ['DQQC', '当期期次'],
    dueOn: ['X_YHRQ', '应还日期'],
    principalFen: ['DQYHBJ', '当期应还本金'],
    interestFen: ['DQYHLX', '当期应还利息'],
    paymentFen: ['DQYHJE', '当期应还金额'],
  },
  /** The next period due of a loan (B1's 下期还款). */
  NextDue: { loanId: LOAN_ID, period: ['DQQC', '当期期次'], dueOn: ['X_YHRQ', '应还日期'], paymentFen: ['DQYHJE', '当期应还金额'] },
  /** 逾期登记. */
  OverdueRecord: {
    period: ['DQQC', '逾期期次'],
    dueOn: ['X_YHRQ', '应还日期'],
    principalFen: ['YQBJ', '逾期本金'],
    interestFen: ['YQLX', '逾期利息'],
    penaltyFen: ['YQFX', '逾期罚息'],
    overdueDays: ['X_YQTS', '逾期天数'],
    repaidOn: ['SSRQ', '实收日期'],
  },
  LoanProgress: {
    applicationNo: ['X_SQBH', '申请编号'],
    contractNo: CONTRACT_NO,
    amountFen: ['X_SQDKJE', '申请贷款金额'],
    months: ['DKQS', '贷款期数'],
    appliedOn: ['X_SQRQ', '申请日期'],
    currentNode: ['X_DQJD', '当前节点'],
    nodes: ['X_BLJD', '办理节点', 'LoanProgressNode'],
  },
  LoanProgressNode: { node: ['X_JDMC', '节点名称'], handler: ['X_BLR', '办理人'], opinion: ['X_BLYJ', '办理意见'], at: ['X_BLSJ', '办理时间'] },
  CounterRegistration: {
    kind: ['X_DJLX', '登记类型'],
    registeredOn: ['X_DJRQ', '登记日期'],
    contractNo: ['X_HTBH', '合同编号'],
    counterparty: ['X_JYDF', '交易对方'],
    amountFen: ['X_HTJE', '合同金额'],
    balanceFen: ['X_DJYE', '登记余额'],
    intervalMonths: ['X_TQJGYS', '提取间隔月数'],
    limitFen: ['X_TQXE', '提取限额'],
    lastWithdrawalOn: ['X_SCTQRQ', '上次提取日期'],
  },
  Outlet: {
    id: ['X_WDBS', '网点标识'],
    name: ['X_WDMC', '网点名称'],
    address: ['X_WDDZ', '网点地址'],
    phone: ['X_LXDH', '联系电话'],
    hours: ['X_YYSJ', '营业时间'],
    businessTypes: ['X_BLYW', '办理业务'],
    latitude: ['X_WD', '纬度'],
    longitude: ['X_JD', '经度'],
  },
  HousingProject: {
    id: ['X_LPBS', '楼盘标识'],
    name: ['XMMC', '项目名称'],
    location: ['X_XMWZ', '项目位置'],
    developer: ['X_KFS', '开发商'],
    contact: ['X_LXR', '联系人'],
    phone: ['X_LXDH', '联系电话'],
  },
  /** 政策信息 (表4.0.4). */
  InterestRate: { kind: ['LLLX', '利率类型'], annualRatePercent: ['ZXLL', '执行利率'], effectiveOn: ['X_SXRQ', '生效日期'] },
  /** Every kind of business request (the fields of all kinds: a kind carries those it needs). */
  BusinessRequest: {
    serial: SERIAL,
    type: ['X_YWLX', '业务类型'],
    memberId: MEMBER_ID,
    business: BUSINESS_NAME,
    channel: CHANNEL,
    postings: ['X_JZFL', '记账分录', 'LedgerPosting'],
    closeAccountOn: ['XHRQ', '销户日期'],
    loanId: LOAN_ID,
    expected: ['X_YQDK', '预期贷款状况', 'LoanExpected'],
    repayments: ['X_HKMX', '还款明细', 'LoanRepaymentInput'],
    planFrom: ['X_JHQSQC', '计划起始期次'],
    plan: ['X_HKJH', '还款计划', 'PlanPeriod'],
    settles: ['X_SFJQ', '是否结清'],
    loan: ['X_DKXX', '贷款信息', 'NewLoan'],
    bank: ['ZHKHYHMC', '账户开户银行名称'],
    accountNo: ['HKZH', '还款账号'],
    action: ['X_QYCZ', '签约操作（签约、解约、同意）'],
    payers: ['X_DKRLB', '抵扣人列表', 'OffsetPayer'],
    accept: ['X_SFTY', '是否同意'],
  },
  /** D2 按月抵扣: a payer of the signing, in the order debited. */
  OffsetPayer: {
    memberId: MEMBER_ID,
    role: ['X_DKRJS', '抵扣人角色'],
    consent: ['X_TYZT', '同意状态'],
    consentBefore: ['X_TYJZSJ', '同意截止时间'],
  },
  LoanExpected: { balanceFen: ['DKYE', '贷款余额'], periodsPaid: ['X_YHQS', '已还期数'] },
  NewLoan: { ...LOAN_TERMS, applicationNo: ['X_SQBH', '申请编号'], plan: ['X_HKJH', '还款计划', 'PlanPeriod'] },
  BusinessResult: {
    serial: SERIAL,
    type: ['X_YWLX', '业务类型'],
    status: ['X_BLZT', '办理状态'],
    code: ['X_JGDM', '结果代码'],
    reason: ['X_JGSM', '结果说明'],
    doneAt: ['X_BJSJ', '办结时间'],
    entries: ['X_MXLB', '明细列表', 'LedgerEntry'],
    loan: ['X_DKXX', '贷款信息', 'DisbursedLoan'],
  },
  DisbursedLoan: { loanId: LOAN_ID, contractNo: CONTRACT_NO, loanAccountNo: ['DKZH', '贷款账号'] },
  EventPage: { events: ['X_SJLB', '事件列表', 'CoreEvent'], next: ['X_XYYB', '下一游标'] },
  CoreEvent: {
    id: ['X_SJXH', '事件序号（游标）'],
    eventId: ['X_SJBS', '事件标识'],
    type: ['X_SJLX', '事件类型'],
    memberId: MEMBER_ID,
    occurredAt: ['X_FSSJ', '发生时间'],
    channel: CHANNEL,
    data: ['X_SJNR', '事件内容', 'EventData'],
  },
  /** The data of every kind of event (a kind carries those it needs). */
  EventData: {
    month: ['HBJNY', '汇补缴年月'],
    amountFen: ['FSE', '发生额'],
    balanceAfterFen: ['YUE', '余额'],
    fromMonth: ['X_QSNY', '起始年月'],
    toMonth: ['X_ZZNY', '终止年月'],
    effectiveMonth: ['X_SXNY', '生效年月'],
    depositBaseFen: ['GRJCJS', '个人缴存基数'],
    unitRatioPercent: ['DWJCBL', '单位缴存比例'],
    personalRatioPercent: ['GRJCBL', '个人缴存比例'],
    monthlyTotalFen: ['YJCE', '月缴存额'],
    serial: SERIAL,
    business: BUSINESS_NAME,
    step: ['X_BLBZ', '办理步骤'],
    stepNo: ['X_BZXH', '步骤序号'],
    done: ['X_SFBJ', '是否办结'],
    result: ['X_BLJG', '办理结果'],
    contractNo: CONTRACT_NO,
    months: ['DKQS', '贷款期数'],
    period: ['DQQC', '当期期次'],
    overdueDays: ['X_YQTS', '逾期天数'],
    method: ['X_KKFS', '扣款方式'],
    paymentFen: ['DQYHJE', '当期应还金额'],
    accountBalanceAfterFen: ['GRZHYE', '个人账户余额'],
    shortfallFen: ['X_BZJE', '不足金额（由银行卡扣还）'],
    loanId: LOAN_ID,
  },
} as const satisfies Record<string, Record<string, WireEntry>>;

export type WireRecordName = keyof typeof WIRE_RECORDS;

/** What each operation's `result` is (an object, or a list of them); null: a scalar or nothing. */
export const OPERATION_RESULTS: Record<CoreOperation, WireRecordName | null> = {
  findMemberByIdNumber: 'Member',
  findMemberByPhone: 'Member',
  getMember: 'Member',
  revealContact: 'Contact',
  updatePhone: null,
  updateMemberProfile: 'Member',
  getFundAccount: 'FundAccount',
  getMemberWithAccount: 'MemberWithAccount',
  getFundAccounts: 'FundAccount',
  listFundAccounts: 'FundAccount',
  getMemberOverview: 'MemberOverview',
  listLedger: 'LedgerRows',
  ledgerPage: 'LedgerPage',
  sumLedger: 'LedgerTotals',
  ledgerYearSpan: 'YearSpan',
  listLoans: 'Loan',
  listUnpaidInstalments: 'UnpaidInstalment',
  listRepayments: 'LoanRepayment',
  listPlan: 'PlanPeriod',
  listOverdue: 'OverdueRecord',
  listLoanProgress: 'LoanProgress',
  listCounterRegistrations: 'CounterRegistration',
  listOutlets: 'Outlet',
  listHousingProjects: 'HousingProject',
  listInterestRates: 'InterestRate',
  submitBusiness: 'BusinessResult',
  businessStatus: 'BusinessResult',
  listEvents: 'EventPage',
};

/** The envelope of every answer (`{ result }`, an error's `{ code, message }`): the protocol's own, not data elements. */
export const WIRE_ENVELOPE_KEYS = ['result', 'code', 'message'] as const;

/** A wire name: a JGJ/T 320 identifier (upper-case pinyin initials), or an extension `X_…`. */
export const WIRE_NAME_PATTERN = /^(X_)?[A-Z][A-Z0-9]*$/;
