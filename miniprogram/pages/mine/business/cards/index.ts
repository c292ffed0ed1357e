/**
 * C14 银行卡绑定 (001 二, 2.6): withdrawals are paid only to a card in the member's own name. Lists the bound cards
 * (masked), binds one (bank, number, holder — the server checks the number and that the holder is the member and
 * says what is wrong), and unbinds one not in use by an application under way.
 */
import { formBehavior } from '../../../../behaviors/form'
import { pageBehavior } from '../../../../behaviors/page'
import { bindBankCard, getBankCards, unbindBankCard } from '../../../../services/business'
import { errorMessage, report } from '../../../../services/request'
import type { BankCard, BankCardList, BankCode } from '../../../../types/index'
import { date } from '../../../../utils/format'

type Bank = BankCardList['banks'][number]

Component({
  behaviors: [pageBehavior, formBehavior],
  data: {
    loading: true,
    error: '',
    cards: [] as Array<BankCard & { boundOn: string }>,
    banks: [] as Bank[],
    bankNames: [] as string[],
    bankIndex: -1,
    cardNo: '',
    holderName: '',
    formError: '',
    adding: false,
    busy: false,
  },
  methods: {
    onShow() {
      void this.load()
    },
    async load() {
      this.setData({ loading: !this.data.cards.length, error: '' })
      try {
        const r = await getBankCards()
        this.setData({
          cards: r.cards.map((c) => ({ ...c, boundOn: date(c.boundAt) })),
          banks: r.banks,
          bankNames: r.banks.map((b) => b.name),
          adding: this.data.adding || r.cards.length === 0,
        })
      } catch (err) {
        this.setData({ error: errorMessage(err) })
      } finally {
        this.setData({ loading: false })
      }
    },
    onAdd() {
      this.setData({ adding: true, formError: '' })
    },
    onBank(e: WechatMiniprogram.PickerChange) {
      this.setData({ bankIndex: Number(e.detail.value), formError: '' })
    },
    async onBind() {
      const { banks, bankIndex, cardNo, holderName, busy } = this.data
      if (busy) return
      const bank = banks[bankIndex]
      const missing = !bank ? '请选择开户银行' : !cardNo.trim() ? '请输入银行卡号' : !holderName.trim() ? '请输入持卡人姓名' : ''
      if (missing) {
        this.setData({ formError: missing })
        return
      }
      this.setData({ busy: true, formError: '' })
      try {
        await bindBankCard((bank as Bank).code as BankCode, cardNo, holderName)
        void wx.showToast({ title: '绑定成功', icon: 'success' })
        this.setData({ adding: false, cardNo: '', holderName: '', bankIndex: -1 })
        await this.load()
      } catch (err) {
        // Shown under the form: 卡号校验未通过, 持卡人须为本人, 已绑定 …
        this.setData({ formError: errorMessage(err) })
      } finally {
        this.setData({ busy: false })
      }
    },
    onUnbind(e: WechatMiniprogram.TouchEvent) {
      const card = this.data.cards.find((c) => c.id === Number(e.currentTarget.dataset.id))
      if (!card) return
      wx.showModal({
        title: '解除绑定',
        content: `确定解除绑定 ${card.bankName} ${card.cardNoMasked} 吗？`,
        confirmText: '解除绑定',
        confirmColor: '#d54941',
        success: async (r) => {
          if (!r.confirm) return
          try {
            const res = await unbindBankCard(card.id)
            void wx.showToast({ title: res.message, icon: 'none' })
            await this.load()
          } catch (err) {
            report(err)
          }
        },
      })
    },
  },
})
