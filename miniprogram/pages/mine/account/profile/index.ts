/**
 * B9 个人信息 (000 (七), 001 2.7, 003 7.1): view; edit what the server lists as editable (学历、职务、职称、职业、
 * 家庭住址、邮编). Name, ID number and phone come from the center's record and are shown masked.
 */
import { formBehavior } from '../../../../behaviors/form'
import { pageBehavior } from '../../../../behaviors/page'
import { getProfile, saveProfile } from '../../../../services/account'
import { loadInto, report } from '../../../../services/request'
import type { Profile, ProfileChanges } from '../../../../types/index'
import type { Field } from '../../../../components/field-list/index'
import { orDash } from '../../../../utils/format'
import { yuan } from '../../../../utils/money'

type Editable = keyof ProfileChanges

const LABELS: Record<Editable, string> = {
  education: '学历',
  occupation: '职业',
  title: '职称',
  position: '职务',
  address: '家庭住址',
  postalCode: '邮政编码',
}

interface EditRow {
  key: Editable
  label: string
  value: string
}

function fixed(p: Profile): Field[] {
  return [
    { label: '姓名', value: p.name },
    { label: '证件号码', value: p.idNumberMasked },
    { label: '中心预留手机号', value: orDash(p.phoneMasked) },
    { label: '性别', value: p.gender === 'female' ? '女' : '男' },
    { label: '出生日期', value: p.birthDate },
    { label: '婚姻状况', value: orDash(p.maritalStatus) },
    { label: '家庭月收入', value: p.householdMonthlyIncomeFen === null ? '—' : yuan(p.householdMonthlyIncomeFen) },
    { label: '工作单位', value: p.employer ? p.employer.name : '—' },
  ]
}

const editableKeys = (p: Profile): Editable[] => p.editableFields.filter((k): k is Editable => k in LABELS)

/** What the page shows of a profile: the fixed fields, and the editable ones as read and as edited. */
function shown(p: Profile) {
  const keys = editableKeys(p)
  return {
    basics: fixed(p),
    details: keys.map((k) => ({ label: LABELS[k], value: orDash(p[k]) })),
    rows: keys.map((k) => ({ key: k, label: LABELS[k], value: p[k] || '' })),
  }
}

Component({
  behaviors: [pageBehavior, formBehavior],
  data: {
    loading: true,
    error: '',
    editing: false,
    busy: false,
    basics: [] as Field[],
    details: [] as Field[],
    rows: [] as EditRow[],
  },
  methods: {
    onLoad() {
      void this.load()
    },
    load() {
      return loadInto(this, async () => shown(await getProfile()))
    },
    onEdit() {
      this.setData({ editing: true })
    },
    onCancel() {
      this.setData({ editing: false })
      void this.load()
    },
    onRowInput(e: WechatMiniprogram.Input) {
      this.setData({ [`rows[${Number(e.currentTarget.dataset.index)}].value`]: e.detail.value })
    },
    async onSave() {
      if (this.data.busy) return
      const changes: ProfileChanges = {}
      for (const r of this.data.rows) changes[r.key] = r.value.trim() || null
      this.setData({ busy: true })
      try {
        this.setData({ ...shown(await saveProfile(changes)), editing: false })
        void wx.showToast({ title: '已保存', icon: 'success' })
      } catch (err) {
        report(err)
      } finally {
        this.setData({ busy: false })
      }
    },
  },
})
