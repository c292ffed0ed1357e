/**
 * 业务办理 tiles (001 二, 003 5.2.1) with live eligibility from the server: a tile is grey with the server's reason
 * when the member cannot apply (listed after the ones they can use), shows the amount that may be withdrawn when they can, and the open application when
 * one is under way. A tile opens the kind's page (apply/) or the application under way (application/).
 */
import { pageBehavior } from '../../../../behaviors/page'
import { getWithdrawals } from '../../../../services/business'
import { errorMessage } from '../../../../services/request'
import type { WithdrawalTile } from '../../../../types/index'
import { yuan } from '../../../../utils/money'
import { ROUTES, go, withQuery } from '../../../../utils/nav'

interface Tile {
  kind: string
  name: string
  state: WithdrawalTile['state']
  stateLabel: string
  line: string
  serialNo: string
}

const STATE_LABEL: Record<WithdrawalTile['state'], string> = { available: '可办理', unavailable: '暂不可办理', 'in-progress': '正在办理' }

const tile = (t: WithdrawalTile): Tile => ({
  kind: t.kind,
  name: t.name,
  state: t.state,
  stateLabel: STATE_LABEL[t.state],
  serialNo: t.openApplication ? t.openApplication.serialNo : '',
  line:
    t.state === 'in-progress' && t.openApplication
      ? `流水号 ${t.openApplication.serialNo} · ${t.openApplication.progress}`
      : t.allowed
        ? t.amountFen !== null
          ? `您本次可以提取 ${yuan(t.amountFen)}`
          : '可在线申请'
        : t.reason || '暂不符合办理条件',
})

/** What the member can do now (or has under way) first, the greyed kinds after, each group in the server's order. */
const usableFirst = (tiles: Tile[]): Tile[] => [...tiles.filter((t) => t.state !== 'unavailable'), ...tiles.filter((t) => t.state === 'unavailable')]

Component({
  behaviors: [pageBehavior],
  data: { loading: true, error: '', asOf: '', bankCardBound: true, tiles: [] as Tile[] },
  methods: {
    onShow() {
      void this.load()
    },
    onPullDownRefresh() {
      void this.load().then(() => wx.stopPullDownRefresh())
    },
    async load() {
      this.setData({ loading: !this.data.tiles.length, error: '' })
      try {
        const w = await getWithdrawals()
        this.setData({ asOf: w.asOf, bankCardBound: w.bankCardBound, tiles: usableFirst(w.tiles.map(tile)) })
      } catch (err) {
        this.setData({ error: errorMessage(err) })
      } finally {
        this.setData({ loading: false })
      }
    },
    onApplications() {
      go(ROUTES.applications)
    },
    onProgress() {
      go(ROUTES.progress)
    },
    onCards() {
      go(ROUTES.bankCards)
    },
    onTile(e: WechatMiniprogram.TouchEvent) {
      const t = this.data.tiles[Number(e.currentTarget.dataset.index)]
      if (!t) return
      if (t.state === 'unavailable') {
        void wx.showModal({ title: t.name, content: t.line, showCancel: false, confirmText: '我知道了' })
        return
      }
      if (t.state === 'in-progress' && t.serialNo) go(withQuery(ROUTES.application, { serialNo: t.serialNo }))
      else go(withQuery(ROUTES.apply, { kind: t.kind }))
    },
  },
})
