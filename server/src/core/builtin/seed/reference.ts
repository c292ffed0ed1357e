/** Reference data of the demo center: 丽江市住房公积金管理中心 (the center of manual 000). */
export const CENTER_NAME = '丽江市住房公积金管理中心';

/** accountNo: 单位账号 (003 4.2 (2) shows 150101329; the others follow its shape). */
export const employers = [
  { code: '530724000151', accountNo: '150101329', name: '丽江市滇中学', unitRatioBp: 1200, personalRatioBp: 1200, address: '丽江市古城区福慧路' }, // 000 (三)
  { code: '530702000088', accountNo: '150100088', name: '丽江市人民医院', unitRatioBp: 1200, personalRatioBp: 1200, address: '丽江市古城区福慧路526号' },
  { code: '530721000312', accountNo: '150200312', name: '玉龙纳西族自治县财政局', unitRatioBp: 1200, personalRatioBp: 1200, address: '玉龙县黄山镇' },
  {
    code: '530702000517',
    accountNo: '150100517',
    name: '丽江旅游文化投资集团有限公司',
    unitRatioBp: 800,
    personalRatioBp: 800,
    address: '丽江市古城区香格里大道',
  },
  {
    code: '530702000610',
    accountNo: '150100610',
    name: '云南省农村信用社丽江审计中心',
    unitRatioBp: 1000,
    personalRatioBp: 1000,
    address: '丽江市古城区祥和路',
  },
  { code: '530723000045', accountNo: '150300045', name: '华坪县第一中学', unitRatioBp: 1200, personalRatioBp: 1200, address: '华坪县中心镇' },
];

/** 000 三(四) 签约楼盘, as the manual lists them. */
export const housingProjects = [
  { name: '云湖家园一期', location: '丽江市古城区祥和街道祥云社区现云村', developer: '丽江恒瑞天祥房地产开发有限公司', contact: '曾琳', phone: '0888-8888399' },
  {
    name: '慧苑小区',
    location: '丽江市古城区祥和街道办事处祥云居委会庆东居民小组',
    developer: '丽江玉缘房地产开发有限公司',
    contact: '王书林',
    phone: '08885172888',
  },
  { name: '瑞景苑二期', location: '玉龙县白华居委会加乐片区', developer: '丽江瑞雪房地产开发有限公司', contact: '刘冬梅', phone: '5158300' },
  {
    name: '观海苑住宅小区',
    location: '文笔海东南侧（《控规》3号地块南侧）',
    developer: '丽江华荣房地产开发有限公司',
    contact: '唐继云',
    phone: '0888-5377666',
  },
  { name: '德源领域', location: '宁蒗泸沽湖大道中段朝阳路与北渠路交汇处', developer: '宁蒗德源房地产开发有限公司', contact: '刘玉权', phone: '0888-5810888' },
  {
    name: '保利家园一期',
    location: '丽江市古城区祥和街道祥云（八河村10-14、10-15号地块）',
    developer: '丽江保利新联房地产开发有限公司',
    contact: '季利红',
    phone: '0888-5159977',
  },
];

const HOURS = '周一至周五 上午9:00—12:00，下午14:30—17:30（国家法定节假日除外）';
const ALL = ['缴存', '提取', '贷款', '查询', '证明打印'];

export const outlets = [
  {
    name: '丽江市住房公积金管理中心（业务大厅）',
    address: '丽江市古城区长水路丽江市政务服务中心三楼',
    phone: '0888-5121234',
    hours: HOURS,
    businessTypes: ALL,
    latitude: 26.8555,
    longitude: 100.2271,
  },
  {
    name: '古城区管理部',
    address: '丽江市古城区福慧路丽江市政务服务中心二楼',
    phone: '0888-5125678',
    hours: HOURS,
    businessTypes: ALL,
    latitude: 26.8721,
    longitude: 100.2354,
  },
  {
    name: '玉龙县管理部',
    address: '玉龙纳西族自治县黄山镇玉龙县政务服务中心',
    phone: '0888-5181234',
    hours: HOURS,
    businessTypes: ['缴存', '提取', '贷款', '查询'],
    latitude: 26.8219,
    longitude: 100.2364,
  },
  {
    name: '永胜县管理部',
    address: '永胜县永北镇东环路永胜县政务服务中心',
    phone: '0888-6521234',
    hours: HOURS,
    businessTypes: ['缴存', '提取', '贷款', '查询'],
    latitude: 26.6847,
    longitude: 100.7509,
  },
  {
    name: '华坪县管理部',
    address: '华坪县中心镇新华路华坪县政务服务中心',
    phone: '0888-6121234',
    hours: HOURS,
    businessTypes: ['缴存', '提取', '查询'],
    latitude: 26.6289,
    longitude: 101.2662,
  },
  {
    name: '宁蒗县管理部',
    address: '宁蒗彝族自治县大兴镇宁蒗县政务服务中心',
    phone: '0888-5521234',
    hours: HOURS,
    businessTypes: ['缴存', '提取', '查询'],
    latitude: 27.2817,
    longitude: 100.8524,
  },
];

/**
 * National HPF rates (first home; a second home is 1.1×), as announced by the PBoC:
 * 2015-08-26, 2016-02-21 (deposit unified at 1.5 %), 2022-10-01, 2024-05-18, 2025-05-08.
 */
export const interestRates = [
  { kind: 'deposit', annualRatePercent: '1.5000', effectiveOn: '2016-02-21' },
  { kind: 'loan_first_le5', annualRatePercent: '2.7500', effectiveOn: '2015-08-26' },
  { kind: 'loan_first_gt5', annualRatePercent: '3.2500', effectiveOn: '2015-08-26' },
  { kind: 'loan_first_le5', annualRatePercent: '2.6000', effectiveOn: '2022-10-01' },
  { kind: 'loan_first_gt5', annualRatePercent: '3.1000', effectiveOn: '2022-10-01' },
  { kind: 'loan_first_le5', annualRatePercent: '2.3500', effectiveOn: '2024-05-18' },
  { kind: 'loan_first_gt5', annualRatePercent: '2.8500', effectiveOn: '2024-05-18' },
  { kind: 'loan_second_le5', annualRatePercent: '2.7750', effectiveOn: '2024-05-18' },
  { kind: 'loan_second_gt5', annualRatePercent: '3.3250', effectiveOn: '2024-05-18' },
  { kind: 'loan_first_le5', annualRatePercent: '2.1000', effectiveOn: '2025-05-08' },
  { kind: 'loan_first_gt5', annualRatePercent: '2.6000', effectiveOn: '2025-05-08' },
  { kind: 'loan_second_le5', annualRatePercent: '2.5250', effectiveOn: '2025-05-08' },
  { kind: 'loan_second_gt5', annualRatePercent: '3.0750', effectiveOn: '2025-05-08' },
] as const;

export const DEPOSIT_RATE_PERCENT = 1.5;
