/** B4 贷款账户 (000 (三), 003 4.2 (3), 004 3.4): each contract with its fields and the ways to its details. */
import { pageBehavior } from '../../../../behaviors/page'
import { getLoans } from '../../../../services/loans'
import { loadInto } from '../../../../services/request'
import type { Loan } from '../../../../types/index'
import type { Field } from '../../../../components/field-list/index'
import { date, orDash, percent } from '../../../../utils/format'
import { formatFen, yuan } from '../../../../utils/money'
import { ROUTES, go, withQuery } from '../../../../utils/nav'

interface Card {
  contractNo: string
  statusLabel: string
  settled: boolean
  balance: string
  monthly: string
  progress: string
  /** 还款银行 and the masked account, beside the way to change them (D5). */
  account: string
  fields: Field[]
}

function card(l: Loan): Card {
  return {
    contractNo: l.contractNo,
    statusLabel: l.statusLabel,
    settled: l.status !== 'repaying',
    balance: formatFen(l.balanceFen),
    monthly: formatFen(l.monthlyPaymentFen),
    progress: `${l.periodsPaid}/${l.totalPeriods}`,
    account: `${l.repaymentBank} ${l.repaymentAccountNoMasked.slice(-4)}`,
    fields: [
      { label: '借款合同编号', value: l.contractNo },
      { label: '贷款编号', value: l.loanNo },
      { label: '贷款类型', value: l.loanTypeLabel },
      { label: '贷款账号', value: orDash(l.loanAccountNo) },
      { label: '借款人', value: l.borrowerName + (l.role === 'borrower' ? '' : '（本人为共同借款人）') },
      { label: '共同借款人', value: orDash(l.coBorrowerName) },
      { label: '证件号码', value: orDash(l.idNumberMasked) },
      { label: '单位名称', value: l.employer ? l.employer.name : '—' },
      { label: '借款总金额', value: yuan(l.principalFen) },
      { label: '贷款余额', value: yuan(l.balanceFen), strong: true },
      { label: '贷款利率', value: percent(l.annualRatePercent) },
      { label: '还款期限', value: `${l.months}个月` },
      { label: '还款方式', value: l.methodLabel },
      { label: '还款方法', value: l.collectionMethod },
      { label: '月还款日', value: `每月${l.repaymentDay}日` },
      { label: '月还款额', value: yuan(l.monthlyPaymentFen) },
      { label: '是否对冲', value: l.offsetSigned ? '是' : '否' },
      { label: '委托银行', value: l.repaymentBank },
      { label: '还款账号', value: l.repaymentAccountNoMasked },
      { label: '贷款发放日期', value: date(l.issuedOn) },
      // After 月供不变 prepayments the plan ends before the contract (000 (三)): the plan's end and periods.
      { label: '到期日期', value: date(l.finalDueOn) },
      ...(l.finalDueOn !== l.maturityOn ? [{ label: '合同到期日期', value: date(l.maturityOn) }] : []),
      { label: '已还期数', value: `${l.periodsPaid}期` },
      { label: '剩余期数', value: `${l.remainingPeriods}期` },
      { label: '档案号', value: orDash(l.archiveNo) },
      ...(l.settledOn ? [{ label: '结清日期', value: date(l.settledOn) }] : []),
    ],
  }
}

Component({
  behaviors: [pageBehavior],
  data: {
    loading: true,
    error: '',
    focus: '',
    cards: [] as Card[],
    more: [{ key: 'progress', title: '贷款申请进度', icon: 'progress', color: '#834ec2', url: ROUTES.loanProgress }],
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      this.setData({ focus: query.contractNo ? decodeURIComponent(query.contractNo) : '' })
      void this.load()
    },
    load() {
      // A loan notice (repayment reminder, monthly offset) opens this page with its contract: that one first.
      const focus = this.data.focus
      return loadInto(this, async () => ({
        cards: (await getLoans()).map(card).sort((a, b) => Number(b.contractNo === focus) - Number(a.contractNo === focus)),
      }))
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      const { page, no } = e.currentTarget.dataset as { page: 'repayments' | 'plan' | 'overdue' | 'loanBusiness' | 'repaymentAccount'; no: string }
      go(withQuery(ROUTES[page], { contractNo: no }))
    },
  },
})
