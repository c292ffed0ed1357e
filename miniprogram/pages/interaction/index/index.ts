/** Tab 互动交流 (000 三, 001 六, 003 5.1, 7.2, 7.3): FAQ, community, outlets, the calculators, rates, contact, privacy. */
import { pageBehavior } from '../../../behaviors/page'
import { ROUTES, withQuery } from '../../../utils/nav'
import { selectTab } from '../../../utils/tab-bar'

const HOTLINE = '12329'

Component({
  behaviors: [pageBehavior],
  data: {
    hotline: HOTLINE,
    help: [
      { key: 'faq', title: '常见问题', icon: 'help', color: '#0052d9', url: ROUTES.faq },
      { key: 'community', title: '互动社区', icon: 'chat', color: '#029cd4', url: ROUTES.community },
      { key: 'feedback', title: '投诉建议', icon: 'notice', color: '#e37318', url: ROUTES.feedback },
      { key: 'outlets', title: '服务网点', icon: 'pin', color: '#00a870', url: ROUTES.outlets },
    ],
    tools: [
      { key: 'calculator', title: '贷款计算器', icon: 'calculator', color: '#0052d9', url: ROUTES.calculator },
      { key: 'prepayment', title: '提前还款试算', icon: 'prepay', color: '#834ec2', url: ROUTES.prepayment },
      { key: 'rates', title: '利率表', icon: 'percent', color: '#ed7b2f', url: ROUTES.rates },
      { key: 'housing', title: '签约楼盘', icon: 'housing', color: '#2ba471', url: ROUTES.housing },
    ],
    more: [
      { key: 'contact', title: '联系我们', icon: 'phone', color: '#e37318', url: ROUTES.contact },
      { key: 'privacy', title: '隐私声明', icon: 'lock', color: '#4e5969', url: withQuery(ROUTES.document, { kind: 'privacy' }) },
      { key: 'agreement', title: '个人用户协议', icon: 'book', color: '#4e5969', url: withQuery(ROUTES.document, { kind: 'user-agreement' }) },
    ],
  },
  methods: {
    onShow() {
      selectTab(this, 2)
    },
    onCall() {
      wx.showModal({
        title: '服务热线',
        content: `呼叫服务热线 公积金${HOTLINE}`,
        confirmText: '呼叫',
        success: (res) => {
          if (res.confirm) void wx.makePhoneCall({ phoneNumber: HOTLINE })
        },
      })
    },
  },
})
