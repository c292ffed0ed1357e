/** B2 公积金账户: every field of 000 (二) (account and the personal details printed with it), 003 4.2 (2). */
import { pageBehavior } from '../../../../behaviors/page'
import { getFundAccount, getFundAccounts, getProfile } from '../../../../services/account'
import { errorMessage } from '../../../../services/request'
import type { FundAccount, FundAccounts, Profile } from '../../../../types/index'
import type { Field } from '../../../../components/field-list/index'
import { date, orDash, percent, yearMonth } from '../../../../utils/format'
import { formatFen, yuan } from '../../../../utils/money'
import { ROUTES, go, withQuery } from '../../../../utils/nav'

/** 004 1.3 我的公积金: the member's other accounts (closed ones), shown below the current one, each opening its 流水. */
interface OtherAccount {
  accountNo: string
  balance: string
  statusLabel: string
  closedOn: string
}
const others = (all: FundAccounts): OtherAccount[] =>
  all.items
    .filter((a) => !a.current)
    .map((a) => ({ accountNo: a.accountNo, balance: formatFen(a.balanceFen), statusLabel: a.statusLabel, closedOn: a.closedOn ? date(a.closedOn) : '' }))

function groups(a: FundAccount, p: Profile): Array<{ title: string; fields: Field[] }> {
  return [
    {
      title: '账户信息',
      fields: [
        { label: '个人账号', value: a.accountNo },
        { label: '个人账户状态', value: a.statusLabel, tone: a.status === 'normal' ? 'success' : 'warning' },
        { label: '缴存职工状态', value: a.memberStatusLabel },
        { label: '开户日期', value: date(a.openedOn) },
        { label: '启缴年月', value: yearMonth(a.firstPaidMonth) },
        { label: '缴至年月', value: yearMonth(a.paidUpTo) },
        { label: '上次提取日期', value: a.lastWithdrawalOn ? date(a.lastWithdrawalOn) : '无' },
      ],
    },
    {
      title: '缴存信息',
      fields: [
        { label: '个人缴存基数', value: yuan(a.depositBaseFen) },
        { label: '单位缴存比例', value: percent(a.unitRatioPercent) },
        { label: '个人缴存比例', value: percent(a.personalRatioPercent) },
        { label: '单位月缴存额', value: yuan(a.unitMonthlyFen) },
        { label: '个人月缴存额', value: yuan(a.personalMonthlyFen) },
        { label: '月缴存合计', value: yuan(a.monthlyTotalFen), strong: true },
      ],
    },
    {
      title: '单位与银行',
      fields: [
        { label: '单位名称', value: a.employer ? a.employer.name : '—' },
        { label: '单位代码', value: a.employer ? a.employer.code : '—' },
        { label: '单位账号', value: orDash(a.employerAccountNo) },
        { label: '存款账户银行', value: orDash(a.bankName) },
        { label: '银行账号', value: orDash(a.bankAccountNoMasked) },
      ],
    },
    {
      title: '个人信息',
      fields: [
        { label: '婚姻状况', value: orDash(p.maritalStatus) },
        { label: '家庭月收入', value: p.householdMonthlyIncomeFen === null ? '—' : yuan(p.householdMonthlyIncomeFen) },
        { label: '学历', value: orDash(p.education) },
        { label: '职业', value: orDash(p.occupation) },
        { label: '职称', value: orDash(p.title) },
        { label: '职务', value: orDash(p.position) },
        { label: '家庭住址', value: orDash(p.address) },
        { label: '邮政编码', value: orDash(p.postalCode) },
      ],
    },
  ]
}

Component({
  behaviors: [pageBehavior],
  data: {
    loading: true,
    error: '',
    balance: '',
    status: '',
    paidUpTo: '',
    monthlyTotal: '',
    groups: [] as Array<{ title: string; fields: Field[] }>,
    others: [] as OtherAccount[],
  },
  methods: {
    onLoad() {
      void this.load()
    },
    async load() {
      this.setData({ loading: true, error: '' })
      try {
        const [a, p, all] = await Promise.all([getFundAccount(), getProfile(), getFundAccounts()])
        this.setData({
          others: others(all),
          balance: formatFen(a.balanceFen),
          status: a.statusLabel,
          paidUpTo: yearMonth(a.paidUpTo),
          monthlyTotal: formatFen(a.monthlyTotalFen),
          groups: groups(a, p),
        })
      } catch (err) {
        this.setData({ error: errorMessage(err) })
      } finally {
        this.setData({ loading: false })
      }
    },
    onLedger() {
      go(ROUTES.ledger)
    },
    onOtherLedger(e: WechatMiniprogram.TouchEvent) {
      go(withQuery(ROUTES.ledger, { accountNo: String(e.currentTarget.dataset.no) }))
    },
    onEdit() {
      go(ROUTES.profile)
    },
  },
})
