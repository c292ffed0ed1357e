/** F7 资料下载 (001 5.5): the center's forms, downloaded and opened in WeChat's document viewer. */
import { pageBehavior } from '../../../../behaviors/page'
import { getForms, openForm } from '../../../../services/content'
import { loadInto } from '../../../../services/request'
import type { Form } from '../../../../types/index'
import { date, fileSize } from '../../../../utils/format'

interface Row {
  id: number
  title: string
  category: string
  description: string
  meta: string
  url: string
  fileName: string
}

const row = (f: Form): Row => ({
  id: f.id,
  title: f.title,
  category: f.category,
  description: f.description,
  meta: `${f.fileName.split('.').pop()?.toUpperCase()} · ${fileSize(f.sizeBytes)} · ${date(f.publishedAt)}`,
  url: f.downloadUrl,
  fileName: f.fileName,
})

Component({
  behaviors: [pageBehavior],
  data: { loading: true, error: '', rows: [] as Row[] },
  methods: {
    onLoad() {
      void this.load()
    },
    load() {
      return loadInto(this, async () => ({ rows: (await getForms()).items.map(row) }))
    },
    onDownload(e: WechatMiniprogram.TouchEvent) {
      const r = this.data.rows[Number(e.currentTarget.dataset.index)]
      if (r) void openForm(r.url, r.fileName)
    },
  },
})
