interface PolicyPageData {
  title: string
  description: string
}

Page<PolicyPageData, WechatMiniprogram.Page.CustomOption>({
  data: {
    title: '政策业务',
    description: '这里将提供通知公告、政策法规、办事指南、政务公开、合作楼盘查询和表格下载。',
  },
})
