/**
 * G3 互动社区 (000 三(三)): public questions with the center's answers (askers' names masked), and 我的留言 — the
 * member's own questions with their state and answer, and a box to ask one (the text passes WeChat's content check
 * on the server; the center answers and decides whether to publish it).
 */
import { pageBehavior } from '../../../../behaviors/page'
import { pagingBehavior, type Paging } from '../../../../behaviors/paging'
import { askQuestion, getCommunityQuestions, getMyQuestions } from '../../../../services/interaction'
import { errorMessage } from '../../../../services/request'
import type { CommunityQuestion, MyQuestion } from '../../../../types/index'
import { dateTime } from '../../../../utils/format'
import { askToSubscribe, prepareSubscribe } from '../../../../services/subscribe'

type Tab = 'public' | 'mine'

interface Row {
  id: number
  asker: string
  question: string
  askedAt: string
  answer: string
  answeredBy: string
  answeredAt: string
  /** 我的留言 only: 待答复 / 已公开 / 不公开. */
  statusLabel: string
}

const row = (q: CommunityQuestion | MyQuestion): Row => ({
  id: q.id,
  asker: 'askerName' in q ? q.askerName : '我',
  question: q.question,
  askedAt: dateTime(q.askedAt),
  answer: q.answer || '',
  answeredBy: q.answeredBy || '',
  answeredAt: q.answeredAt ? dateTime(q.answeredAt) : '',
  statusLabel: 'statusLabel' in q ? q.statusLabel : '',
})

Component({
  behaviors: [pageBehavior, pagingBehavior],
  data: { tab: 'public' as Tab, q: '', question: '', formError: '', busy: false },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      if (query.tab === 'mine') this.setData({ tab: 'mine' })
      void prepareSubscribe()
      void (this as unknown as Paging).load()
    },
    fetchPage(page: number) {
      return this.data.tab === 'mine' ? getMyQuestions(page) : getCommunityQuestions(this.data.q, page)
    },
    present: row,
    onSearch(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ q: e.detail.value })
      void (this as unknown as Paging).reload()
    },
    onTab(e: WechatMiniprogram.TouchEvent) {
      const tab = e.currentTarget.dataset.key as Tab
      if (tab === this.data.tab) return
      this.setData({ tab, formError: '' })
      void (this as unknown as Paging).reload()
    },
    onQuestion(e: WechatMiniprogram.Input) {
      this.setData({ question: e.detail.value, formError: '' })
    },
    async onAsk() {
      const question = this.data.question.trim()
      if (this.data.busy) return
      if (question.length < 5) {
        this.setData({ formError: '留言内容至少5个字' })
        return
      }
      await askToSubscribe(['question_reply']) // the answer as a subscribe message (issue 18.9)
      this.setData({ busy: true, formError: '' })
      try {
        await askQuestion(question)
        void wx.showToast({ title: '留言已提交', icon: 'success' })
        this.setData({ question: '' })
        await (this as unknown as Paging).reload()
      } catch (err) {
        this.setData({ formError: errorMessage(err) })
      } finally {
        this.setData({ busy: false })
      }
    },
  },
})
