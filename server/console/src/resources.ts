/**
 * I2 content resources as the console edits them: one shape for all (GET/POST/PUT/DELETE /api/staff/content/R),
 * fields named as in the public API of each resource so the public side shows what staff saved.
 */
export type FieldType = 'text' | 'textarea' | 'select' | 'number' | 'decimal' | 'richtext' | 'date' | 'datetime' | 'list' | 'file';
export interface Field {
  key: string;
  label: string;
  type: FieldType;
  required?: boolean;
  options?: { value: string; label: string }[];
  min?: number;
  max?: number;
  help?: string;
}
export interface Resource {
  /** fields that cannot change after creation */ fixed?: string[];
  key: string;
  label: string;
  columns: { colKey: string; title: string }[];
  fields: Field[];
  publish?: boolean;
  unpublish?: boolean;
  titleKey: string;
}

export const COLUMNS = [
  { value: 'notices', label: '新闻公告' },
  { value: 'introduction', label: '机构介绍' },
  { value: 'policies', label: '政策法规' },
  { value: 'guides', label: '业务指南' },
  { value: 'disclosure', label: '政务公开' },
];
const RATE_KINDS = [
  { value: 'deposit', label: '个人住房公积金存款利率' },
  { value: 'loan_first_le5', label: '首套 五年以下（含五年）' },
  { value: 'loan_first_gt5', label: '首套 五年以上' },
  { value: 'loan_second_le5', label: '二套 五年以下（含五年）' },
  { value: 'loan_second_gt5', label: '二套 五年以上' },
];

/** Issue 18.7: the businesses a 须知 belongs to (the application kinds' keys, C1–C13, D4, D1, D3). */
const BUSINESS_KINDS = [
  { value: 'propertyFee', label: 'C1 物业费提取' },
  { value: 'retirement', label: 'C2 离退休提取' },
  { value: 'employmentEnded', label: 'C3 终止劳动关系提取' },
  { value: 'rent', label: 'C4 租房后续提取' },
  { value: 'purchase', label: 'C5 购房后续提取' },
  { value: 'build', label: 'C6 建房后续提取' },
  { value: 'commercialLoanRepay', label: 'C7 偿还商业贷款提取' },
  { value: 'fundLoanRepay', label: 'C8 偿还公积金贷款提取' },
  { value: 'subsistence', label: 'C9 享受低保' },
  { value: 'unemployment', label: 'C10 下岗失业提取' },
  { value: 'downPayment', label: 'C11 贷款首付提取' },
  { value: 'transferOut', label: 'C13 异地转移接续' },
  { value: 'loanApplication', label: 'D4 住房公积金贷款' },
  { value: 'partialPrepayment', label: 'D1 提前还本' },
  { value: 'earlySettlement', label: 'D3 提前结清' },
];

export const RESOURCES: Resource[] = [
  {
    key: 'articles',
    label: '文章',
    titleKey: 'title',
    publish: true,
    unpublish: true,
    columns: [
      { colKey: 'title', title: '标题' },
      { colKey: 'columnName', title: '栏目' },
      { colKey: 'status', title: '状态' },
      { colKey: 'publishedAt', title: '发布时间' },
    ],
    fields: [
      { key: 'column', label: '栏目', type: 'select', required: true, options: COLUMNS },
      { key: 'title', label: '标题', type: 'text', required: true, max: 100 },
      { key: 'source', label: '来源 / 发文机关', type: 'text', max: 100 },
      { key: 'summary', label: '摘要', type: 'text', max: 200, help: '留空则取正文开头' },
      { key: 'bodyHtml', label: '正文', type: 'richtext', required: true },
    ],
  },
  {
    key: 'housing-projects',
    label: '签约楼盘',
    titleKey: 'name',
    columns: [
      { colKey: 'name', title: '楼盘名' },
      { colKey: 'location', title: '位置' },
      { colKey: 'developer', title: '开发商' },
      { colKey: 'phone', title: '联系电话' },
    ],
    fields: [
      { key: 'name', label: '楼盘名', type: 'text', required: true },
      { key: 'location', label: '楼盘位置', type: 'text', required: true },
      { key: 'developer', label: '开发商名称', type: 'text', required: true },
      { key: 'contact', label: '联系人', type: 'text', required: true },
      { key: 'phone', label: '联系电话', type: 'text', required: true },
    ],
  },
  {
    key: 'outlets',
    label: '服务网点',
    titleKey: 'name',
    columns: [
      { colKey: 'name', title: '网点' },
      { colKey: 'address', title: '地址' },
      { colKey: 'latitude', title: '纬度' },
      { colKey: 'longitude', title: '经度' },
    ],
    fields: [
      { key: 'name', label: '网点名称', type: 'text', required: true },
      { key: 'address', label: '网点地址', type: 'text', required: true },
      { key: 'phone', label: '联系电话', type: 'text', required: true },
      { key: 'hours', label: '服务时间', type: 'text', required: true },
      { key: 'businessTypes', label: '业务类型', type: 'list', required: true, help: '用逗号分隔，如 提取，贷款' },
      { key: 'latitude', label: '纬度', type: 'decimal', required: true, min: -90, max: 90, help: 'GCJ-02（腾讯地图、微信定位所用坐标），丽江约 26.87' },
      { key: 'longitude', label: '经度', type: 'decimal', required: true, min: -180, max: 180, help: 'GCJ-02，丽江约 100.23' },
    ],
  },
  {
    key: 'faqs',
    label: '常见问题',
    titleKey: 'question',
    publish: true,
    unpublish: true,
    columns: [
      { colKey: 'category', title: '分类' },
      { colKey: 'question', title: '问题' },
      { colKey: 'status', title: '状态' },
    ],
    fields: [
      { key: 'category', label: '分类', type: 'text', required: true },
      { key: 'question', label: '问题', type: 'text', required: true },
      { key: 'answer', label: '答复', type: 'textarea', required: true },
      { key: 'keywords', label: '关键词', type: 'list', help: '用逗号分隔' },
    ],
  },
  {
    key: 'forms',
    label: '资料下载',
    titleKey: 'title',
    publish: true,
    unpublish: true,
    columns: [
      { colKey: 'title', title: '名称' },
      { colKey: 'category', title: '分类' },
      { colKey: 'fileName', title: '文件' },
      { colKey: 'status', title: '状态' },
    ],
    fields: [
      { key: 'title', label: '名称', type: 'text', required: true },
      { key: 'category', label: '分类', type: 'text', required: true, help: '提取、贷款、转移接续、综合' },
      { key: 'description', label: '说明', type: 'textarea' },
      { key: 'file', label: '文件（≤ 5 MB）', type: 'file', help: '.doc .docx .pdf .xls .xlsx .zip 等；编辑时不选则不更换' },
    ],
  },
  {
    key: 'rates',
    label: '利率',
    titleKey: 'kind',
    columns: [
      { colKey: 'label', title: '种类' },
      { colKey: 'annualRatePercent', title: '年利率 %' },
      { colKey: 'effectiveOn', title: '执行日期' },
    ],
    fields: [
      { key: 'kind', label: '种类', type: 'select', required: true, options: RATE_KINDS },
      { key: 'annualRatePercent', label: '年利率（%）', type: 'decimal', required: true, min: 0, max: 20 },
      { key: 'effectiveOn', label: '执行日期', type: 'date', required: true, help: '已执行的利率是历史记录，不能修改；调整利率请新增一条' },
    ],
  },
  {
    key: 'agreements',
    label: '协议版本',
    titleKey: 'title',
    publish: true,
    fixed: ['kind'],
    columns: [
      { colKey: 'kind', title: '协议' },
      { colKey: 'version', title: '版本' },
      { colKey: 'title', title: '标题' },
      { colKey: 'effectiveOn', title: '生效日期' },
      { colKey: 'status', title: '状态' },
    ],
    fields: [
      {
        key: 'kind',
        label: '协议',
        type: 'select',
        required: true,
        options: [
          { value: 'user-agreement', label: '个人用户协议' },
          { value: 'privacy', label: '隐私声明' },
        ],
      },
      { key: 'version', label: '版本号', type: 'text', required: true },
      { key: 'title', label: '标题', type: 'text', required: true },
      { key: 'body', label: '正文', type: 'textarea', required: true },
      { key: 'effectiveOn', label: '生效日期', type: 'date', help: '默认发布当天；发布后职工登录时须同意新版本' },
    ],
  },
  {
    key: 'business-guides',
    label: '业务须知',
    titleKey: 'itemName',
    fixed: ['kind'],
    columns: [
      { colKey: 'kind', title: '业务' },
      { colKey: 'itemName', title: '事项名称' },
      { colKey: 'updatedAt', title: '最后修改' },
    ],
    fields: [
      { key: 'kind', label: '业务', type: 'select', required: true, options: BUSINESS_KINDS },
      { key: 'itemName', label: '事项名称', type: 'text', required: true, max: 100 },
      { key: 'basis', label: '设定依据', type: 'textarea', required: true, max: 500 },
      { key: 'conditions', label: '申请条件', type: 'textarea', required: true, max: 2000 },
      { key: 'materials', label: '办理材料', type: 'textarea', required: true, max: 2000, help: '每行一项，如“1、申请人身份证原件；”' },
    ],
  },
];

export const STATUS_LABELS: Record<string, string> = { draft: '草稿', published: '已发布', hidden: '已撤回' };
