/**
 * 提取原因 codes used by real core systems (INTEGRATIONS.md), plus the center's own 10 物业管理费: 004 3.2 shows a
 * property-fee withdrawal under that name, not as 其他 (centers add local codes between 10 and 98).
 */
export const withdrawalReasons = {
  '01': '购买',
  '02': '建造、翻建、大修',
  '03': '离休、退休',
  '04': '完全丧失劳动能力并与单位终止劳动关系',
  '05': '户口迁出本市或出境定居',
  '06': '偿还购房贷款本息',
  '07': '房租超出家庭工资收入的规定比例',
  '08': '死亡或宣告死亡',
  '09': '大病医疗',
  '10': '物业管理费',
  '99': '其他',
} as const;

/** 004 3.2: the reason code of a property-fee (物业费) withdrawal. */
export const PROPERTY_FEE_REASON = '10';

/**
 * 个人账户状态 as the member reads it. A closed account is 提取销户 (004 1.3 我的公积金): every closure this product
 * and its cores make is one by 销户提取 (C2, C3, C13; core closeAccountWithin).
 */
export const accountStatusLabels = { normal: '正常', suspended: '封存', closed: '提取销户' } as const;

export const memberStatusLabels = {
  normal: '正常',
  suspended: '封存',
  retired: '离退休',
  employment_ended: '终止劳动关系',
  closed: '销户',
} as const;

export const ledgerTypeLabels = {
  opening_balance: '历史余额转入',
  regular_deposit: '汇缴',
  back_deposit: '补缴',
  interest: '结息',
  year_carry_over: '上年结转',
  partial_withdrawal: '部分提取',
  closing_withdrawal: '销户提取',
  withdrawal_repay: '公积金提取还款',
  transfer_in: '转入',
  transfer_out: '转出',
} as const;
