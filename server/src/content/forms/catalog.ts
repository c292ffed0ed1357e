/**
 * The forms shipped with the product (F7 资料下载, 001 5.5 "常用的相关表格在此下载"), rendered to .docx on
 * demand: the blanks follow the manuals' screens (000 (五) 提前还款申请, 003 6.3.1 还本方式, 003 6.3.2 按月抵扣
 * 须知, 001 2.5 异地转移接续, 000 (七) / 001 2.7 个人信息). A center's own files are uploaded to DATA_DIR instead.
 */
import { CENTER_NAME } from '../../core/builtin/seed/reference.js';
import { DOCX_CONTENT_TYPE, renderDocx, type FormDocument } from './docx.js';

interface BuiltinForm {
  code: string;
  title: string;
  category: string;
  description: string;
  fileName: string;
  contentType: string;
  document: FormDocument;
}

const BOX = '□';
const DATE = '　　　　年　　月　　日';
const sign = (who: string) => `${who}（签字）：　　　　　　　　${DATE}`;
const base = { author: CENTER_NAME, subtitle: `编号：　　　　　　　　　　` };

export const BUILTIN_FORMS: BuiltinForm[] = [
  {
    code: 'withdrawal-application',
    title: '住房公积金提取申请表',
    category: '提取',
    description: '购房、建房、租房、离退休、终止劳动关系等各类提取在柜台办理时填写；线上办理无需填写。',
    fileName: '住房公积金提取申请表.docx',
    contentType: DOCX_CONTENT_TYPE,
    document: {
      ...base,
      title: `${CENTER_NAME}住房公积金提取申请表`,
      sections: [
        {
          caption: '提取人信息',
          rows: [['提取人姓名', '', '证件号码'], ['手机号码', '', '个人账号'], ['单位名称'], ['个人账户余额（元）', '', '冻结金额（元）']],
        },
        {
          caption: '提取信息',
          rows: [
            [
              '提取原因',
              `${BOX}01 购买　${BOX}02 建造/翻修/大修　${BOX}03 离退休　${BOX}04 丧失劳动能力并终止劳动关系　${BOX}05 户口迁出或出境定居　${BOX}06 偿还购房贷款本息　${BOX}07 房租　${BOX}99 其他`,
            ],
            ['合同号或权证号', '', '提取金额（元）'],
            ['提取金额（大写）'],
            ['收款银行', '', '收款银行账号'],
          ],
        },
      ],
      notes: {
        caption: '填表说明',
        lines: [
          '1、收款银行账户须为提取人本人的同名账户（提取人与银行持卡人必须一致）。',
          '2、提取人须持本人身份证原件及提取原因对应的证明材料原件办理。',
          '3、一人同一时间同一业务只能发起一次申请。',
        ],
      },
      signatures: [sign('提取人'), `经办人：　　　　　　　　审核人：　　　　　　　　${DATE}`],
    },
  },
  {
    code: 'prepayment-application',
    title: '提前偿还住房公积金个人贷款申请表',
    category: '贷款',
    description: '提前还本（部分提前还款）申请；主借款人自发放个人贷款满一年后可办理。',
    fileName: '提前偿还住房公积金个人贷款申请表.docx',
    contentType: DOCX_CONTENT_TYPE,
    document: {
      ...base,
      title: '提前偿还住房公积金个人贷款申请表',
      sections: [
        {
          caption: '申请人及贷款信息',
          rows: [
            ['申请人姓名', '', '身份证号码'],
            ['个人帐号', '', '借款人姓名'],
            ['账户开户银行名称', '', '单位名称'],
            ['单位账号', '', '贷款账号'],
            ['还款账户', '', '每月还款日'],
            ['借款金额（元）', '', '借款余额（元）'],
            ['借款期限（月）', '', '借款利率（%）'],
            ['约定放款日期', '', '约定到期日期'],
          ],
        },
        {
          caption: '提前还款',
          rows: [
            ['提前还款金额（元）', '', '大写'],
            ['还本方式', `${BOX}期限不变，重新计算月还金额　　${BOX}月还款额不变，缩短贷款期限`],
          ],
        },
      ],
      notes: {
        caption: '说明',
        lines: [
          '提前还款是指借款人在还款期未到之前即先行偿还贷款的行为。主借款人自发放个人贷款满一年后可办理提前还款的业务。',
          '如当月应还贷款金额未还，还本时，则优先偿还当月还款金额。',
          '款项由申请还款额和截止还款日的应还款利息组成，审批通过后从贷款的预留还款账户扣收。',
        ],
      },
      signatures: [sign('申请人')],
    },
  },
  {
    code: 'loan-application',
    title: '住房公积金个人住房贷款申请表',
    category: '贷款',
    description: '申请住房公积金个人住房贷款时填写，配偶为共同借款人的须一并签字。',
    fileName: '住房公积金个人住房贷款申请表.docx',
    contentType: DOCX_CONTENT_TYPE,
    document: {
      ...base,
      title: '住房公积金个人住房贷款申请表',
      sections: [
        { caption: '借款人', rows: [['姓名', '', '证件号码'], ['婚姻状况', '', '手机号码'], ['工作单位'], ['家庭月收入（元）', '', '公积金账户余额（元）']] },
        {
          caption: '配偶（共同借款人）',
          rows: [
            ['姓名', '', '证件号码'],
            ['工作单位', '', '公积金账户余额（元）'],
          ],
        },
        {
          caption: '所购住房及贷款',
          rows: [
            ['楼盘名称', '', '房屋坐落'],
            ['购房合同号', '', '房屋总价（元）'],
            ['首付款（元）', '', '申请贷款金额（元）'],
            ['贷款期限（月）', '', '还款方式', `${BOX}等额本息　${BOX}等额本金`],
            ['还款银行', '', '还款账号'],
          ],
        },
      ],
      notes: {
        caption: '填表说明',
        lines: ['1、所购住房为签约楼盘的，可在“签约楼盘”中查询开发商及联系人。', '2、贷款额度、期限以中心审批结果为准。'],
      },
      signatures: [sign('借款人'), sign('配偶')],
    },
  },
  {
    code: 'monthly-offset-agreement',
    title: '按月抵扣签约申请表',
    category: '贷款',
    description: '签约后每月从借款人、配偶、共同借款人的公积金账户依次扣划月还款额偿还贷款；亦用于取消签约。',
    fileName: '按月抵扣签约申请表.docx',
    contentType: DOCX_CONTENT_TYPE,
    document: {
      ...base,
      title: '住房公积金按月抵扣签约（取消签约）申请表',
      sections: [
        {
          rows: [
            ['办理事项', `${BOX}我要签约　　${BOX}取消签约`],
            ['借款合同编号', '', '与主借款人关系', `${BOX}借款人 ${BOX}配偶 ${BOX}共同借款人`],
            ['姓名', '', '证件号码'],
            ['个人账号', '', '个人账户状态'],
            ['个人账户余额（元）', '', '月缴存额（元）'],
          ],
        },
      ],
      notes: {
        caption: '按月抵扣签约须知',
        lines: [
          '1、办理条件：1.1、在公积金中心缴存，且在公积金中心办理贷款的职工（借款人、配偶、共同借款人）。1.2、此项业务必须由本人办理，他人不得代办。',
          '2、办理须知：2.1、办理此项业务后，每月从签约人（借款人、配偶、共同借款人）个人公积金账户中扣划借款人每月月还款额用于偿还贷款。扣划顺序在签约的借款人、配偶、共同借款人的个人公积金账户依次扣划。',
          '2.2、当签约人公积金账户余额不足以偿还当月月还款额时，不足的部分从借款人偿还贷款的银行卡中扣划。',
          '2.3、如借款人手机号码变更或偿还贷款的银行卡号变更，需要及时到本中心业务窗口进行变更。',
          '2.4、办理此项业务后，借款人可随时到中心业务窗口办理提前还本或提前结清业务。',
          '2.5、此笔贷款结清后，该协议自动解约。',
          '3、所需材料：3.1、借款人办理的，需提供本人身份证原件。3.2、配偶办理的，需提供借款人与配偶双方身份证原件及结婚证原件。3.3、共同还款人办理需提供借款人与共同还款人身份证原件。',
        ],
      },
      signatures: [sign('签约人')],
    },
  },
  {
    code: 'transfer-application',
    title: '住房公积金异地转移接续申请表',
    category: '转移接续',
    description: '调往外地工作、需要将公积金转入新工作地时填写；本地正常缴存、不存在结欠、本人没有贷款方可办理。',
    fileName: '住房公积金异地转移接续申请表.docx',
    contentType: DOCX_CONTENT_TYPE,
    document: {
      ...base,
      title: '住房公积金异地转移接续申请表',
      sections: [
        {
          caption: '职工信息',
          rows: [
            ['姓名', '', '证件号码'],
            ['手机号码', '', '转出地个人账号'],
          ],
        },
        { caption: '转出地', rows: [['转出地公积金中心', CENTER_NAME], ['原单位名称']] },
        { caption: '转入地', rows: [['转入地公积金中心'], ['转入地单位名称', '', '转入地个人账号']] },
      ],
      notes: {
        caption: '办理条件',
        lines: ['本地正常缴存，不存在结欠，本人没有贷款。', '申请成功后可在“我的消息—业务办理进度”查看办理结果，并下载异地转移接续申请回单。'],
      },
      signatures: [sign('申请人')],
    },
  },
  {
    code: 'personal-info-change',
    title: '个人信息变更申请表',
    category: '综合',
    description:
      '学历、职业、职称、职务、家庭住址可在线修改；姓名、证件号码、手机号码与中心记录不一致（注册时提示“不是公积金中心的缴存用户”）的，填写本表携证件到柜台办理变更。',
    fileName: '个人信息变更申请表.docx',
    contentType: DOCX_CONTENT_TYPE,
    document: {
      ...base,
      title: '住房公积金个人信息变更申请表',
      sections: [
        {
          caption: '职工信息',
          rows: [
            ['姓名', '', '证件号码'],
            ['个人账号', '', '单位名称'],
          ],
        },
        {
          caption: '变更内容（原内容 / 新内容）',
          rows: [['姓名', '', '证件号码'], ['手机号码', '', '学历'], ['职业', '', '职称'], ['职务', '', '邮政编码'], ['家庭住址']],
        },
      ],
      notes: { caption: '所需材料', lines: ['1、本人身份证原件。', '2、变更姓名、证件号码的，须提供公安机关出具的证明原件。'] },
      signatures: [sign('申请人')],
    },
  },
];

const rendered = new Map<string, Buffer>();

/** The shipped form's bytes (rendered once per process; the same bytes every time). */
export function builtinFormBytes(code: string): Buffer | null {
  const form = BUILTIN_FORMS.find((f) => f.code === code);
  if (!form) return null;
  let bytes = rendered.get(code);
  if (!bytes) rendered.set(code, (bytes = renderDocx(form.document)));
  return bytes;
}
