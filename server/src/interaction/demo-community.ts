/**
 * 互动社区 (000 三(三)): members' public messages and the center's answers. The asker's name is stored
 * masked (shared/mask.ts maskName); 'pending' and 'hidden' rows never reach the public list.
 */
interface DemoQuestion {
  askerName: string;
  question: string;
  answer?: string;
  answeredBy?: string;
  /** Days before the seeding day; the answer comes `answeredAfterDays` later. */
  askedDaysAgo: number;
  answeredAfterDays?: number;
  status: 'pending' | 'published' | 'hidden';
}

export const demoQuestions: DemoQuestion[] = [
  {
    askerName: '杨丽娟',
    question: '我在丽江工作缴存公积金，在昆明买房，可以提取公积金吗？',
    answer: '可以。在异地购买自住住房的，凭购房合同、购房发票等材料首次到中心柜面办理购房提取，核心业务系统登记购房信息后，后续提取可在公众号或小程序办理。',
    answeredBy: '提取管理科',
    askedDaysAgo: 60,
    answeredAfterDays: 1,
    status: 'published',
  },
  {
    askerName: '和建国',
    question: '我上个月刚退休，单位说已经报了停缴，为什么离退休提取的图标还是灰色的？',
    answer:
      '离退休提取需要单位在名册变更时将您的缴存状态设置为离退休并经管理部审批，审批完成前图标为灰色；另外有未结清的公积金贷款也不能办理。请确认单位已提交退休材料，审批通过后即可线上办理。',
    answeredBy: '提取管理科',
    askedDaysAgo: 45,
    answeredAfterDays: 2,
    status: 'published',
  },
  {
    askerName: '李明',
    question: '公积金贷款已经还了两年，想提前还一部分，月供能不能不变、把年限缩短？',
    answer:
      '可以。主借款人贷款满一年后可办理提前还本，还本方式可选择“月供不变、缩短期限”或“期限不变、重新计算月还金额”。办理前可在“便民工具—提前还款试算”中比较两种方式节省的利息。',
    answeredBy: '信贷管理科',
    askedDaysAgo: 30,
    answeredAfterDays: 1,
    status: 'published',
  },
  {
    askerName: '赵雪梅',
    question: '租房提取第一次必须去柜台吗？我在永胜县。',
    answer:
      '是的，租房提取首次须到柜面办理。永胜县管理部地址：永胜县永北镇东环路永胜县政务服务中心，电话0888-6521234。首次办理后，后续在允许的时间段内可线上提取。',
    answeredBy: '永胜县管理部',
    askedDaysAgo: 21,
    answeredAfterDays: 1,
    status: 'published',
  },
  {
    askerName: '木晓东',
    question: '一次性提取还贷时，我和爱人的公积金能一起用吗？',
    answer:
      '可以。一次性提取偿还公积金贷款可夫妻共同提取：提交申请后配偶会收到确认信息，配偶点击后拍照并验证身份即可确认。主贷人及配偶可各提取余额的70%偿还贷款余额的70%，不足部分自筹。',
    answeredBy: '信贷管理科',
    askedDaysAgo: 14,
    answeredAfterDays: 1,
    status: 'published',
  },
  {
    askerName: '王芳',
    question: '换了手机号，收不到验证码，怎么办？',
    answer: '如能登录，可在“手机号码修改”中输入业务密码后用新号码接收验证码完成变更；如无法登录，请携带身份证到就近服务网点办理手机号码变更。',
    answeredBy: '综合科',
    askedDaysAgo: 7,
    answeredAfterDays: 0,
    status: 'published',
  },
  {
    askerName: '陈志强',
    question: '为什么我的物业费提取金额只有1500元？',
    answer: '物业费提取按中心统一公布的限额办理，每年一次，且账户余额须大于该限额。',
    answeredBy: '提取管理科',
    askedDaysAgo: 5,
    answeredAfterDays: 1,
    status: 'published',
  },
  {
    askerName: '周某某',
    question: '（含有个人信息的留言，已隐藏）',
    answer: '已电话联系留言人答复。',
    answeredBy: '综合科',
    askedDaysAgo: 10,
    answeredAfterDays: 1,
    status: 'hidden',
  },
  {
    askerName: '杨秀',
    question: '公积金贷款审批一般需要多久？',
    askedDaysAgo: 1,
    status: 'pending',
  },
];
