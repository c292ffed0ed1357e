/** B8 贷款申请进度 (004 3.3): each application with its review nodes (node, handler, opinion, time) and where it stands. */
import { pageBehavior } from '../../../../behaviors/page'
import { getLoanProgress } from '../../../../services/loans'
import { loadInto } from '../../../../services/request'
import type { LoanProgress } from '../../../../types/index'
import { yuan } from '../../../../utils/money'
import { ROUTES, go } from '../../../../utils/nav'

interface Card {
  key: string
  title: string
  summary: string
  current: string
  finished: boolean
  nodes: Array<{ key: string; node: string; handler: string; opinion: string; at: string; last: boolean }>
}

const card = (p: LoanProgress): Card => ({
  key: p.applicationNo,
  title: p.contractNo ? `借款合同 ${p.contractNo}` : `申请 ${p.applicationNo}`,
  summary: `申请编号 ${p.applicationNo} · 贷款${yuan(p.amountFen)} · ${p.months}个月 · ${p.appliedOn}申请`,
  current: p.currentNode,
  finished: p.finished,
  nodes: p.nodes.map((n, i) => ({ key: `${i}`, node: n.node, handler: n.handler, opinion: n.opinion, at: n.at, last: i === p.nodes.length - 1 })),
})

Component({
  behaviors: [pageBehavior],
  data: { loading: true, error: '', cards: [] as Card[] },
  methods: {
    onLoad() {
      void this.load()
    },
    load() {
      return loadInto(this, async () => ({ cards: (await getLoanProgress()).map(card) }))
    },
    onApply() {
      go(ROUTES.loanApply)
    },
  },
})
