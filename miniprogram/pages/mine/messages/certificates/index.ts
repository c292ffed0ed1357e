/**
 * E4 电子凭证下载 (001 3.3): issue a 缴存证明, 贷款结清证明 or 异地转移接续回单 (the server says when one cannot be
 * issued and why), list those issued, open the PDF; each carries a verification code anyone can check (K2).
 */
import { pageBehavior } from '../../../../behaviors/page'
import { getCertificates, issueCertificate, openCertificate } from '../../../../services/messages'
import { loadInto, report } from '../../../../services/request'
import type { Certificate, CertificateKind } from '../../../../types/index'
import { dateTime, fileSize } from '../../../../utils/format'

interface Row {
  code: string
  title: string
  issuedAt: string
  codeText: string
  size: string
  downloadUrl: string
  verifyUrl: string
}

const row = (c: Certificate): Row => ({
  code: c.code,
  title: c.title,
  issuedAt: dateTime(c.issuedAt),
  codeText: c.code,
  size: fileSize(c.pdfSizeBytes),
  downloadUrl: c.downloadUrl,
  verifyUrl: c.verifyUrl,
})

const KINDS: Array<{ kind: CertificateKind; title: string; desc: string; color: string }> = [
  { kind: 'deposit', title: '缴存证明', desc: '住房公积金缴存情况', color: '#0052d9' },
  { kind: 'loan-settlement', title: '贷款结清证明', desc: '个人公积金贷款已结清', color: '#00a870' },
  { kind: 'transfer-receipt', title: '异地转移接续回单', desc: '转出后开具', color: '#ed7b2f' },
]

Component({
  behaviors: [pageBehavior],
  data: { kinds: KINDS, loading: true, error: '', rows: [] as Row[], busy: '' },
  methods: {
    onLoad() {
      void this.load()
    },
    load() {
      return loadInto(this, async () => ({ rows: (await getCertificates()).items.map(row) }))
    },
    async onIssue(e: WechatMiniprogram.TouchEvent) {
      const kind = e.currentTarget.dataset.kind as CertificateKind
      if (this.data.busy) return
      this.setData({ busy: kind })
      try {
        const c = await issueCertificate(kind)
        this.setData({ rows: [row(c)].concat(this.data.rows.filter((r) => r.code !== c.code)) })
        wx.showModal({
          title: `${c.title}已开具`,
          content: `验证码 ${c.code}。任何人可凭验证码在中心网站核验凭证真伪。现在打开查看吗？`,
          confirmText: '打开',
          success: (res) => {
            if (res.confirm) void openCertificate(c.downloadUrl)
          },
        })
      } catch (err) {
        report(err)
      } finally {
        this.setData({ busy: '' })
      }
    },
    onOpen(e: WechatMiniprogram.TouchEvent) {
      void openCertificate(e.currentTarget.dataset.url as string)
    },
    onCopy(e: WechatMiniprogram.TouchEvent) {
      void wx.setClipboardData({ data: e.currentTarget.dataset.url as string })
    },
  },
})
