/**
 * 业务办理 from the member's phone against the real server: bank cards with the server's refusals (C14), a
 * withdrawal from its tile to submission with photos (wx.chooseMedia → wx.uploadFile, real multipart) and A9, the
 * progress lists, and a returned application modified, re-submitted and ended (E2).
 */
const { renderPage, closePages, settle, text, fire } = require('./support/render')
const { snapshot } = require('./support/snapshot')
const { DEMO_BUSINESS_PASSWORD, api, loginAs, logoutLocally, memberToken, staffToken, applyOverHttp } = require('./support/session')
const { reset, calls, messages, state } = require('./support/wx')
const { luhn } = require('./support/cards')

afterEach(() => {
  closePages()
  reset()
  logoutLocally()
})

/** A card number with a valid Luhn digit, and one with a wrong digit. */
const GOOD_CARD = luhn('622202020011223344')
const BAD_CARD = GOOD_CARD.slice(0, -1) + String((Number(GOOD_CARD.slice(-1)) + 1) % 10)

/** The A9 panel inside a page. */
const a9 = (page) => page.querySelector('#a9')

describe('bank cards (C14)', () => {
  it('shows the server’s message for a wrong number and for another holder, then binds the member’s own card', async () => {
    await loginAs('zhangJian')
    const page = renderPage('pages/mine/business/cards/index')
    await settle()
    expect(text(page)).toContain('还没有绑定银行卡')
    await page.instance.onBind()
    expect(text(page)).toContain('请选择开户银行')

    const icbc = page.data.banks.findIndex((b) => b.code === 'ICBC')
    page.instance.onBank({ detail: { value: icbc } })
    await fire(page, '#cardNo', 'input', { value: BAD_CARD })
    await fire(page, '#holderName', 'input', { value: '张健' })
    await page.instance.onBind()
    await settle()
    expect(page.querySelector('#form-error').dom.textContent).toContain('卡号校验未通过')

    page.setData({ cardNo: GOOD_CARD, holderName: '张三' })
    await page.instance.onBind()
    await settle()
    expect(page.querySelector('#form-error').dom.textContent).toBe('持卡人须为本人：提取人与银行持卡人必须一致')
    snapshot(page, 'flow-bank-card-error')

    page.setData({ holderName: '张健' })
    await page.instance.onBind()
    await settle()
    expect(messages()).toContain('绑定成功')
    expect(page.data.cards).toHaveLength(1)
    expect(text(page)).toContain(`中国工商银行`)
    expect(text(page)).not.toContain(GOOD_CARD)
    expect(page.data.cards[0].cardNoMasked).toMatch(/\*+/)
    snapshot(page, 'flow-bank-cards')

    // The same card again: refused with the server's word.
    page.instance.onAdd()
    page.setData({ bankIndex: icbc, cardNo: GOOD_CARD, holderName: '张健' })
    await page.instance.onBind()
    await settle()
    expect(page.data.formError).toBe('该银行卡已绑定')
  })
})

describe('a withdrawal from the tile to the result (C1, A9)', () => {
  it('applies for 物业费提取 with photos from the camera and the business password', async () => {
    // A same-name card (the test above binds one through the page; alone, this test binds it over HTTP).
    const member = api(await memberToken('zhangJian'))
    if (!(await member('GET', '/api/me/bank-cards')).body.cards.length) {
      expect((await member('POST', '/api/me/bank-cards', { bankCode: 'ICBC', cardNo: GOOD_CARD, holderName: '张健' })).status).toBe(200)
    }
    await loginAs('zhangJian')
    const tiles = renderPage('pages/mine/business/index/index')
    await settle()
    await fire(tiles, '#tile-propertyFee')
    expect(calls('navigateTo').pop().url).toBe('/pages/mine/business/apply/index?kind=propertyFee')

    const apply = renderPage('pages/mine/business/apply/index', { kind: 'propertyFee' })
    await settle()
    expect(text(apply)).toContain('您本次可以提取')
    expect(apply.querySelector('#amount').dom.textContent).toBe('1,500.00元')
    expect(text(apply)).toContain('物业管理服务费收费票据（必传）')
    expect(text(apply)).toContain('审批环节：初审')
    snapshot(apply, 'flow-withdrawal-apply')
    await apply.instance.onApply()
    await settle()
    const opened = calls('redirectTo').pop().url
    const serialNo = /serialNo=(\d+)/.exec(opened)[1]
    // The same tap again (a retry) gets the same draft back.
    await apply.instance.onApply()
    await settle()
    expect(calls('redirectTo').pop().url).toBe(opened)

    const page = renderPage('pages/mine/business/application/index', { serialNo })
    await settle()
    expect(page.data.editable).toBe(true)
    expect(text(page)).toContain(serialNo)
    expect(page.data.cardNames[0]).toMatch(/中国工商银行/)
    // the amount row says the most that may be withdrawn, and 元 once (its suffix), not 单位：元 as well
    expect(page.querySelector('#max-amount').dom.textContent.replace(/\s+/g, '')).toBe('本次最多可提取1,500.00元')
    expect(page.data.fields.find((f) => f.key === 'amountFen').placeholder).toBe('请输入金额')
    expect(text(page)).not.toContain('单位：元')

    // Nothing photographed yet: told which materials are required, before any password is asked.
    await page.instance.onSubmit()
    await settle()
    expect(messages().pop()).toMatch(/^请先上传必传材料：/)
    expect(page.data.showConfirm).toBe(false)

    const required = page.data.app.photoCategories.filter((c) => c.required)
    for (const c of required) {
      await page.instance.onAddPhoto({ detail: { category: c.key } })
      await settle()
    }
    expect(calls('chooseMedia')[0]).toMatchObject({ mediaType: ['image'], sourceType: ['camera', 'album'] })
    const uploads = state.requests.filter((r) => r.method === 'UPLOAD')
    expect(uploads).toHaveLength(required.length)
    expect(uploads[0].header['content-type']).toMatch(/^multipart\/form-data; boundary=/)
    expect(uploads[0].url).toMatch(new RegExp(`/api/me/applications/${serialNo}/photos$`))
    expect(page.data.app.photos).toHaveLength(required.length)
    expect(page.data.photos.every((p) => p.src.endsWith('photo.jpg'))).toBe(true)

    await fire(page, '#field-amountFen', 'input', { value: '2000' })
    const amount = page.data.fields.findIndex((f) => f.key === 'amountFen')
    expect(page.data.fields[amount].value).toBe('2000')
    await page.instance.onSubmit()
    await settle()
    expect(page.data.showConfirm).toBe(true)
    // 提交 asked WeChat's subscribe dialog for the progress notices (issue 18.9); the answer is on the server.
    expect(calls('requestSubscribeMessage').pop().tmplIds).toEqual(['hpf-sandbox-subscribe-progress'])
    expect((await member('GET', '/api/me/subscriptions')).body.grants).toContainEqual(
      expect.objectContaining({ templateId: 'hpf-sandbox-subscribe-progress', lastAnswer: 'accept' }),
    )
    snapshot(page, 'flow-withdrawal-a9')

    // A wrong business password: the server's message inside the panel, nothing submitted.
    const panel = a9(page)
    await fire(panel, '#a9-password', 'input', { value: '000000' })
    await panel.instance.onConfirmPassword()
    await settle()
    expect(panel.querySelector('#a9-error').dom.textContent).toMatch(/业务密码/)
    expect(page.data.app.status).toBe('draft')

    // Over the limit: the server refuses the submit in its words; the member corrects it and confirms again.
    await fire(panel, '#a9-password', 'input', { value: DEMO_BUSINESS_PASSWORD })
    await panel.instance.onConfirmPassword()
    await settle()
    expect(page.data.showConfirm).toBe(false)
    expect(messages().pop()).toMatch(/1,?500/)
    expect(page.data.app.status).toBe('draft')

    await fire(page, '#field-amountFen', 'input', { value: '1200.50' })
    await page.instance.onSubmit()
    await settle()
    await fire(panel, '#a9-password', 'input', { value: DEMO_BUSINESS_PASSWORD })
    await panel.instance.onConfirmPassword()
    await settle()
    expect(page.data.showConfirm).toBe(false)
    expect(page.data.app.status).not.toBe('draft')
    expect(page.data.app.amountFen).toBe(120050)
    expect(page.querySelector('#result').dom.textContent).toContain('提交成功')
    expect(text(page)).toContain('1,200.50元')
    expect(page.data.app.history.map((h) => h.node)).toContain('任务发起人')
    expect(page.data.editable).toBe(false)
    snapshot(page, 'flow-withdrawal-result', { height: 2000 })

    // A photo on the server opens full screen, fetched with the session.
    await page.instance.onPreviewPhoto({ detail: { id: page.data.app.photos[0].id } })
    await settle()
    const fetched = calls('downloadFile').pop()
    expect(fetched).toMatchObject({ statusCode: 200, contentType: 'image/jpeg' })
    expect(fetched.url).toMatch(new RegExp(`/api/me/applications/${serialNo}/photos/\\d+$`))
    expect(calls('previewImage').pop().urls).toEqual([fetched.tempFilePath])

    // The message about it opens the application.
    const { getNotifications } = require('../services/messages')
    const note = (await getNotifications('all', 1)).items.find((n) => n.serialNo === serialNo)
    const message = renderPage('pages/mine/messages/notification/index', { id: String(note.id) })
    await settle()
    await fire(message, '#to-application')
    expect(calls('navigateTo').pop().url).toBe(`/pages/mine/business/application/index?serialNo=${serialNo}`)

    // 我发起的 lists it with its nodes.
    const list = renderPage('pages/mine/business/applications/index', { tab: 'initiated' })
    await settle()
    expect(text(list)).toContain(serialNo)
    expect(text(list)).toContain('物业费提取')
    snapshot(list, 'flow-applications-initiated')
    await fire(list, '#tab-todo')
    await settle()
    expect(text(list)).toContain('暂无待办事项')
  })
})

describe('a returned application (E2)', () => {
  it('shows the reason in 待办, is modified and re-submitted with A9, and is ended after another return', async () => {
    const token = await memberToken('gaoZhenhua')
    const submitted = await applyOverHttp(token, 'transferOut', { targetCenter: '昆明住房公积金管理中心', newEmployer: '昆明某公司' })
    const serialNo = submitted.serialNo
    const reviewer = api(await staffToken('shenhe'))
    await reviewer('POST', `/api/staff/applications/${serialNo}/claim`) // a decision needs the claim (issue 20)
    const returned = await reviewer('POST', `/api/staff/applications/${serialNo}/return`, { opinion: '转入地个人账号未填写，请补充' })
    expect(returned.status).toBe(200)

    await loginAs('gaoZhenhua')
    const list = renderPage('pages/mine/business/applications/index')
    await settle()
    expect(text(list)).toContain('转入地个人账号未填写，请补充')
    snapshot(list, 'flow-applications-todo')
    await fire(list, `#app-${serialNo}`)
    expect(calls('navigateTo').pop().url).toBe(`/pages/mine/business/application/index?serialNo=${serialNo}`)

    const page = renderPage('pages/mine/business/application/index', { serialNo })
    await settle()
    expect(page.querySelector('#returned').dom.textContent).toContain('转入地个人账号未填写')
    expect(page.data.editable).toBe(true)
    expect(page.data.fields.find((f) => f.key === 'newEmployer').value).toBe('昆明某公司')
    await fire(page, '#field-targetAccountNo', 'input', { value: '53010000123456' })
    await page.instance.onSubmit()
    await settle()
    const panel = a9(page)
    await fire(panel, '#a9-password', 'input', { value: DEMO_BUSINESS_PASSWORD })
    await panel.instance.onConfirmPassword()
    await settle()
    expect(page.data.app.status).toBe('in_review')
    expect(page.data.app.form.targetAccountNo).toBe('53010000123456')
    expect(page.data.app.history.map((h) => h.opinion)).toContain('修改后重新提交')

    await reviewer('POST', `/api/staff/applications/${serialNo}/claim`) // a decision needs the claim (issue 20)

    const again = await reviewer('POST', `/api/staff/applications/${serialNo}/return`, { opinion: '调函已过期' })
    expect(again.status).toBe(200)
    const reopened = renderPage('pages/mine/business/application/index', { serialNo })
    await settle()
    reopened.instance.onEnd()
    await settle()
    expect(calls('showModal').pop().title).toBe('结束流程')
    expect(reopened.data.app.status).toBe('ended')
    expect(reopened.data.editable).toBe(false)
    expect(reopened.querySelector('#result').dom.textContent).toContain('流程已结束')
  })
})

describe('业务进度 (E1, 000 (九), issue 18)', () => {
  it('lists a submitted application with 流水号 / 业务 / 日期 / 信息 / 状态 / 反馈信息 and opens it; 业务办理 links to it', async () => {
    const token = await memberToken('gaoZhenhua')
    const submitted = await applyOverHttp(token, 'transferOut', { targetCenter: '昆明住房公积金管理中心', newEmployer: '昆明某公司' })
    await loginAs('gaoZhenhua')
    const tiles = renderPage('pages/mine/business/index/index')
    await settle()
    await fire(tiles, '#to-progress')
    expect(calls('navigateTo').pop().url).toBe('/pages/mine/business/progress/index')

    const page = renderPage('pages/mine/business/progress/index')
    await settle()
    const [server] = (await api(token)('GET', '/api/me/progress')).body.items
    expect(server.serialNo).toBe(submitted.serialNo)
    const t = text(page)
    for (const shown of [`流水号 ${server.serialNo} · ${server.date} · ${server.channelLabel}`, server.business, server.status, `信息：${server.info}`])
      expect(t).toContain(shown)
    expect(page.data.items[0].tone).toBe('warning')
    snapshot(page, 'flow-progress')
    await fire(page, `#progress-${submitted.serialNo}`)
    expect(calls('navigateTo').pop().url).toBe(`/pages/mine/business/application/index?serialNo=${submitted.serialNo}`)
  })
})
