/**
 * One withdrawal kind before applying (001 二 2.1–2.13, 003 5.2.1): whether the member may apply and why not, the
 * amount that may be withdrawn now, the conditions the server checked, the review nodes and the materials to
 * photograph, and the business's 须知 (003 5.2.1.1: 事项名称 / 设定依据 / 申请条件 / 办理材料). 我要办理 starts the application (a draft) and opens it to fill in, photograph and submit.
 */
import { pageBehavior } from '../../../../behaviors/page'
import { createApplication, getWithdrawal, newIdempotencyKey } from '../../../../services/business'
import { ApiError, errorMessage, report } from '../../../../services/request'
import type { WithdrawalDetail } from '../../../../types/index'
import { yuan } from '../../../../utils/money'
import { ROUTES, go, withQuery } from '../../../../utils/nav'
import type { Field } from '../../../../components/field-list/index'

/** The facts the server used, in words (keys ending in Fen are amounts). */
const DETAIL_LABELS: Record<string, string> = {
  balanceFen: '账户余额',
  limitFen: '本次限额',
  lastWithdrawalOn: '上次提取日期',
  closingInterestFen: '销户结息',
  totalFen: '本息合计',
  interestFrom: '结息起始日',
  depositRatePercent: '存款年利率(%)',
  loanYear: '还款年度',
  repaidLastYearFen: '上年度还款金额',
  alreadyWithdrawnFen: '已提取金额',
  contractNo: '借款合同号',
  loanBalanceFen: '贷款余额',
  borrowerMaxFen: '本人最多可提取',
  spouseMaxFen: '配偶最多可提取',
  spouseName: '配偶',
  fundMaxFen: '公积金最多可还',
  minSelfFundedFen: '最低自筹资金',
}

/**
 * 002 / 003 5.2.1.4: the account first — 个人账户余额, 冻结金额, 上次提取日期 (无 when never) — then the kind's own facts
 * (those two not repeated).
 */
function detailFields(d: WithdrawalDetail): Field[] {
  const details = d.details
  const account: Field[] = d.account
    ? [
        { label: '个人账户余额', value: yuan(d.account.balanceFen) },
        { label: '冻结金额', value: yuan(d.account.frozenFen) },
        { label: '上次提取日期', value: d.account.lastWithdrawalOn || '无' },
      ]
    : []
  const shown = d.account ? ['balanceFen', 'lastWithdrawalOn'] : []
  return account.concat(
    Object.keys(details)
      .filter((k) => DETAIL_LABELS[k] && !shown.includes(k) && details[k] !== null && details[k] !== '')
      .map((k) => ({ label: DETAIL_LABELS[k] as string, value: k.endsWith('Fen') ? yuan(Number(details[k])) : String(details[k]) })),
  )
}

Component({
  behaviors: [pageBehavior],
  data: {
    kind: '',
    loading: true,
    error: '',
    detail: null as WithdrawalDetail | null,
    amountText: '',
    facts: [] as Field[],
    materials: '',
    nodesText: '',
    busy: false,
    key: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ kind: query.kind || '', key: newIdempotencyKey() })
    },
    onShow() {
      void this.load()
    },
    async load() {
      this.setData({ loading: !this.data.detail, error: '' })
      try {
        const d = await getWithdrawal(this.data.kind)
        void wx.setNavigationBarTitle({ title: d.name })
        this.setData({
          detail: d,
          amountText: d.amountFen !== null ? yuan(d.amountFen) : '',
          facts: detailFields(d),
          nodesText: d.nodes.join(' → '),
          materials: d.photoCategories.map((c) => `${c.label}${c.required ? '（必传）' : ''}`).join('、'),
        })
      } catch (err) {
        this.setData({ error: errorMessage(err) })
      } finally {
        this.setData({ loading: false })
      }
    },
    async onApply() {
      const d = this.data.detail
      if (!d || this.data.busy) return
      if (d.openApplication) {
        go(withQuery(ROUTES.application, { serialNo: d.openApplication.serialNo }))
        return
      }
      if (d.bankCardRequired) {
        // 001 二: 线上提取需要绑定银行卡，若银行卡未绑定，系统将提示需要先绑定自己的银行卡.
        wx.showModal({
          title: '请先绑定银行卡',
          content: '线上提取需先绑定本人同名银行卡（提取人与持卡人必须一致）',
          confirmText: '去绑定',
          success: (r) => {
            if (r.confirm) go(ROUTES.bankCards)
          },
        })
        return
      }
      this.setData({ busy: true })
      try {
        const app = await createApplication(d.kind, this.data.key, d.bankCards[0]?.id)
        void wx.redirectTo({ url: withQuery(ROUTES.application, { serialNo: app.serialNo }) })
      } catch (err) {
        const open = err instanceof ApiError && err.code === 'APPLICATION_ALREADY_OPEN' && err.details && err.details.serialNo
        if (open) go(withQuery(ROUTES.application, { serialNo: String(open) }))
        else report(err)
      } finally {
        this.setData({ busy: false })
      }
    },
    onOutlets() {
      go(ROUTES.outlets)
    },
  },
})
