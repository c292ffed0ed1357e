/**
 * G2 投诉建议 (000 三(三), 001 6.2): the member's tickets with their state (已提交 / 处理中 / 已答复 / 已办结), newest
 * first, and a form for a new complaint, suggestion or question to the center. The text passes WeChat's content
 * check on the server; what it refuses, and any other problem, is shown under the form in the server's words.
 */
import { formBehavior } from '../../../../behaviors/form'
import { pageBehavior } from '../../../../behaviors/page'
import { pagingBehavior, type Paging } from '../../../../behaviors/paging'
import { getComplaints, submitComplaint } from '../../../../services/interaction'
import { errorMessage } from '../../../../services/request'
import type { Complaint, ComplaintKind } from '../../../../types/index'
import { dateTime } from '../../../../utils/format'
import { ROUTES, go, withQuery } from '../../../../utils/nav'
import { askToSubscribe, prepareSubscribe } from '../../../../services/subscribe'

type Tab = 'mine' | 'new'

const present = (c: Complaint) => ({ ...c, createdText: dateTime(c.createdAt) })

Component({
  behaviors: [pageBehavior, formBehavior, pagingBehavior],
  data: {
    tab: 'mine' as Tab,
    kinds: [
      { key: 'complaint', label: '投诉' },
      { key: 'suggestion', label: '建议' },
      { key: 'consultation', label: '咨询' },
    ],
    kind: 'suggestion' as ComplaintKind,
    title: '',
    content: '',
    contactPhone: '',
    formError: '',
    busy: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      if (query.tab === 'new') this.setData({ tab: 'new' })
    },
    onShow() {
      void prepareSubscribe()
      void (this as unknown as Paging).load()
    },
    fetchPage(page: number) {
      return getComplaints(page)
    },
    present,
    onTab(e: WechatMiniprogram.TouchEvent) {
      this.setData({ tab: e.currentTarget.dataset.key as Tab, formError: '' })
    },
    onKind(e: WechatMiniprogram.TouchEvent) {
      this.setData({ kind: e.currentTarget.dataset.key as ComplaintKind, formError: '' })
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      go(withQuery(ROUTES.feedbackDetail, { id: e.currentTarget.dataset.id }))
    },
    async onSubmit() {
      const { kind, title, content, contactPhone, busy } = this.data
      if (busy) return
      const missing = !title.trim() ? '请填写标题' : content.trim().length < 5 ? '内容至少5个字' : ''
      if (missing) {
        this.setData({ formError: missing })
        return
      }
      await askToSubscribe(['question_reply']) // the center's reply as a subscribe message (issue 18.9)
      this.setData({ busy: true, formError: '' })
      try {
        const item = await submitComplaint({
          kind,
          title: title.trim(),
          content: content.trim(),
          ...(contactPhone.trim() ? { contactPhone: contactPhone.trim() } : {}),
        })
        void wx.showModal({
          title: '提交成功',
          content: `工单号 ${item.ticketNo}。答复后将通过“我的消息”和微信通知您。`,
          showCancel: false,
          confirmText: '好的',
        })
        this.setData({ tab: 'mine', title: '', content: '', contactPhone: '' })
        await (this as unknown as Paging).reload()
      } catch (err) {
        this.setData({ formError: errorMessage(err) })
      } finally {
        this.setData({ busy: false })
      }
    },
  },
})
