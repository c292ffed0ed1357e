interface InteractionPageData {
  title: string
  description: string
}

Page<InteractionPageData, WechatMiniprogram.Page.CustomOption>({
  data: {
    title: '互动交流',
    description: '这里将提供常见问题、投诉建议、互动问答、服务网点、贷款计算器、利率查询和 12329 热线。',
  },
})
