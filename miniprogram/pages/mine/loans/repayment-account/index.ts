/**
 * D5 还款银行账户变更 (001 二): the card a loan's monthly instalment is deducted from. The borrower picks one of
 * their bound cards of their own name (C14; 绑定银行卡 opens the cards page), confirms with A9 and the server changes
 * it; a co-borrower or a settled loan sees why not. The server decides what is allowed and says so.
 */
import { contractBehavior, contractPageData } from '../../../../behaviors/contract'
import { pageBehavior } from '../../../../behaviors/page'
import { changeRepaymentAccount, getRepaymentAccount } from '../../../../services/loans'
import { errorMessage, report } from '../../../../services/request'
import type { RepaymentAccount } from '../../../../types/index'
import type { Field } from '../../../../components/field-list/index'
import { ROUTES, go } from '../../../../utils/nav'
import { dateTime } from '../../../../utils/format'

const shown = (a: RepaymentAccount): RepaymentAccount => ({ ...a, history: a.history.map((h) => ({ ...h, changedAt: dateTime(h.changedAt) })) })

function fields(a: RepaymentAccount): Field[] {
  return [
    { label: '借款合同编号', value: a.contractNo },
    { label: '贷款账号', value: a.loanAccountNo },
    { label: '还款银行', value: a.repaymentBank },
    { label: '还款账号', value: a.repaymentAccountNoMasked, strong: true },
  ]
}

Component({
  behaviors: [pageBehavior, contractBehavior],
  data: {
    ...contractPageData(),
    account: null as RepaymentAccount | null,
    fields: [] as Field[],
    chosen: 0,
    confirming: false,
    subject: '',
  },
  methods: {
    async load() {
      this.setData({ loading: true, error: '' })
      try {
        this.show(await getRepaymentAccount(this.data.contractNo))
      } catch (err) {
        this.setData({ error: errorMessage(err) })
      } finally {
        this.setData({ loading: false })
      }
    },
    show(a: RepaymentAccount) {
      const other = a.cards.find((c) => !c.current)
      this.setData({ account: shown(a), fields: fields(a), chosen: other ? other.id : 0, subject: `还款银行账户变更 · ${a.contractNo}` })
    },
    onCard(e: WechatMiniprogram.TouchEvent) {
      this.setData({ chosen: Number(e.currentTarget.dataset.id) })
    },
    onBindCard() {
      go(ROUTES.bankCards)
    },
    onChange() {
      const a = this.data.account
      if (!a || !a.canChange) return
      const card = a.cards.find((c) => c.id === this.data.chosen)
      if (!card) {
        void wx.showToast({ title: '请选择新的还款银行卡', icon: 'none' })
        return
      }
      if (card.current) {
        void wx.showToast({ title: '该银行卡已是本笔贷款的还款账户', icon: 'none' })
        return
      }
      this.setData({ confirming: true })
    },
    onConfirmCancel() {
      this.setData({ confirming: false })
    },
    async onConfirmed(e: WechatMiniprogram.CustomEvent<{ confirmationToken: string }>) {
      this.setData({ confirming: false })
      try {
        this.show(await changeRepaymentAccount(this.data.contractNo, this.data.chosen, e.detail.confirmationToken))
        void wx.showToast({ title: '还款账户已变更', icon: 'success' })
      } catch (err) {
        report(err)
      }
    },
    onRetry() {
      if (this.data.contractNo) void this.load()
      else void this.init()
    },
  },
})
