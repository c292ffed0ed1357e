/** G3 互动社区 (000 三(三)): public questions with the center's answers; askers' names come masked. */
import { pageBehavior } from '../../../../behaviors/page'
import { getCommunityQuestions } from '../../../../services/interaction'
import { errorMessage, report } from '../../../../services/request'
import type { CommunityQuestion } from '../../../../types/index'
import { dateTime } from '../../../../utils/format'

interface Row {
  id: number
  asker: string
  question: string
  askedAt: string
  answer: string
  answeredBy: string
  answeredAt: string
}

const row = (q: CommunityQuestion): Row => ({
  id: q.id,
  asker: q.askerName,
  question: q.question,
  askedAt: dateTime(q.askedAt),
  answer: q.answer,
  answeredBy: q.answeredBy,
  answeredAt: dateTime(q.answeredAt),
})

Component({
  behaviors: [pageBehavior],
  data: { q: '', loading: true, error: '', rows: [] as Row[], page: 1, hasMore: false, loadingMore: false },
  methods: {
    onLoad() {
      this.load()
    },
    onReachBottom() {
      this.more()
    },
    async load() {
      this.setData({ loading: true, error: '', rows: [] })
      try {
        const r = await getCommunityQuestions(this.data.q, 1)
        this.setData({ rows: r.items.map(row), page: 1, hasMore: r.page * r.pageSize < r.total })
      } catch (err) {
        this.setData({ error: errorMessage(err) })
      } finally {
        this.setData({ loading: false })
      }
    },
    async more() {
      if (!this.data.hasMore || this.data.loadingMore) return
      this.setData({ loadingMore: true })
      try {
        const r = await getCommunityQuestions(this.data.q, this.data.page + 1)
        this.setData({ rows: this.data.rows.concat(r.items.map(row)), page: r.page, hasMore: r.page * r.pageSize < r.total })
      } catch (err) {
        report(err)
      } finally {
        this.setData({ loadingMore: false })
      }
    },
    onSearch(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ q: e.detail.value })
      this.load()
    },
  },
})
