/**
 * Our field names mapped to the data-element names of the industry data standard JGJ/T 320 (住房公积金基础数据
 * 标准), which real core systems speak. An adapter to a center's 核心业务系统 translates through this table, and
 * screens use the same Chinese names as labels, so members see the words their center's counter uses.
 */
export const fundAccountElements = {
  accountNo: '个人账号',
  balanceFen: '个人账户余额',
  depositBaseFen: '缴存基数',
  unitRatioPercent: '单位缴存比例',
  personalRatioPercent: '个人缴存比例',
  unitMonthlyFen: '单位月缴存额',
  personalMonthlyFen: '个人月缴存额',
  monthlyTotalFen: '月缴存额',
  paidUpTo: '缴至年月',
  openedOn: '开户日期',
  status: '个人账户状态',
  bankName: '个人存款账户开户银行名称',
  bankAccountNo: '个人存款账户号码',
  lastWithdrawalOn: '上次提取日期',
} as const;

export const ledgerElements = {
  postedOn: '记账日期',
  businessType: '归集和提取业务类型',
  amountFen: '发生额',
  interestFen: '发生利息额',
  balanceAfterFen: '余额',
  withdrawalReason: '提取原因',
  withdrawalMethod: '提取方式',
} as const;

export const loanElements = {
  contractNo: '借款合同编号',
  loanAccountNo: '个人贷款账号',
  principalFen: '贷款金额',
  balanceFen: '贷款余额',
  annualRatePercent: '贷款利率',
  months: '贷款期数',
  method: '还款方式',
  issuedOn: '贷款发放日期',
  maturityOn: '贷款到期日期',
  repaymentDay: '月还款日',
  repaymentBank: '受托银行名称',
  repaymentAccountNo: '还款账号',
  periodsPaid: '已还期数',
} as const;

export const repaymentElements = {
  period: '还款期次',
  paidOn: '实还日期',
  principalFen: '实还本金',
  interestFen: '实还利息',
  penaltyFen: '实还罚息',
  balanceAfterFen: '贷款余额',
} as const;

/**
 * 提取原因 codes used by real core systems (INTEGRATIONS.md), plus the center's own 10 物业管理费: 004 3.2 shows a
 * property-fee withdrawal under that name, not as 其他 (centers add local codes between 10 and 98).
 */
export const withdrawalReasons = {
  '01': '购买', '02': '建造、翻建、大修', '03': '离休、退休', '04': '完全丧失劳动能力并与单位终止劳动关系',
  '05': '户口迁出本市或出境定居', '06': '偿还购房贷款本息', '07': '房租超出家庭工资收入的规定比例', '08': '死亡或宣告死亡',
  '09': '大病医疗', '10': '物业管理费', '99': '其他',
} as const;

/** 004 3.2: the reason code of a property-fee (物业费) withdrawal. */
export const PROPERTY_FEE_REASON = '10';

export const memberStatusLabels = {
  normal: '正常', suspended: '封存', retired: '离退休', employment_ended: '终止劳动关系', closed: '销户',
} as const;

export const ledgerTypeLabels = {
  opening_balance: '历史余额转入', regular_deposit: '汇缴', back_deposit: '补缴', interest: '结息', year_carry_over: '上年结转',
  partial_withdrawal: '部分提取', closing_withdrawal: '销户提取', withdrawal_repay: '公积金提取还款', transfer_in: '转入', transfer_out: '转出',
} as const;
