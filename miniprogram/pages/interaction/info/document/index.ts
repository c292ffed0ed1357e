/** G9 隐私声明 / 个人用户协议 (003 7.3, 001 1.2): the current version the server publishes. */
import { pageBehavior } from '../../../../behaviors/page'
import { getAgreement } from '../../../../services/interaction'
import { errorMessage } from '../../../../services/request'
import type { AgreementKind } from '../../../../types/index'

Component({
  behaviors: [pageBehavior],
  data: { kind: 'privacy' as AgreementKind, loading: true, error: '', title: '', meta: '', paragraphs: [] as string[] },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ kind: query.kind === 'user-agreement' ? 'user-agreement' : 'privacy' })
      void this.load()
    },
    async load() {
      this.setData({ loading: true, error: '' })
      try {
        const a = await getAgreement(this.data.kind)
        this.setData({
          title: a.title,
          meta: `版本 ${a.version} · ${a.effectiveOn} 起施行`,
          paragraphs: a.body
            .split(/\n+/)
            .map((p) => p.trim())
            .filter(Boolean),
        })
        void wx.setNavigationBarTitle({ title: a.title })
      } catch (err) {
        this.setData({ error: errorMessage(err) })
      } finally {
        this.setData({ loading: false })
      }
    },
  },
})
