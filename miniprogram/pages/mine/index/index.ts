interface MinePageData {
  title: string
  description: string
}

Page<MinePageData, WechatMiniprogram.Page.CustomOption>({
  data: {
    title: '我的',
    description: '这里将显示您的公积金账户概览、缴存与提取明细、贷款与还款信息，以及业务进度和消息通知。',
  },
})
