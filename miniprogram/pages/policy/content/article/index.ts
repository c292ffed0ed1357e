/** An article (F1–F5): the server's safe HTML subset shown with rich-text. */
import { pageBehavior } from '../../../../behaviors/page'
import { getArticle } from '../../../../services/content'
import { errorMessage } from '../../../../services/request'
import { date } from '../../../../utils/format'

Component({
  behaviors: [pageBehavior],
  data: { id: 0, loading: true, error: '', title: '', meta: '', columnName: '', html: '' },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: Number(query.id) })
      void this.load()
    },
    async load() {
      this.setData({ loading: true, error: '' })
      try {
        const a = await getArticle(this.data.id)
        this.setData({
          title: a.title,
          columnName: a.columnName,
          meta: [a.source, date(a.publishedAt), `阅读 ${a.viewCount}`].filter(Boolean).join(' · '),
          html: a.bodyHtml,
        })
        void wx.setNavigationBarTitle({ title: a.columnName })
      } catch (err) {
        this.setData({ error: errorMessage(err) })
      } finally {
        this.setData({ loading: false })
      }
    },
    onShareAppMessage() {
      return { title: this.data.title }
    },
  },
})
