/** Page addresses and the moves between them (tab pages need switchTab; the login page remembers where to return). */
export const ROUTES = {
  mine: '/pages/mine/index/index',
  policy: '/pages/policy/index/index',
  interaction: '/pages/interaction/index/index',
  login: '/pages/mine/auth/login/index',
  face: '/pages/mine/auth/face/index',
  faceWeb: '/pages/mine/auth/face-web/index',
  register: '/pages/mine/auth/register/index',
  setPassword: '/pages/mine/auth/set-password/index',
  forgot: '/pages/mine/auth/forgot/index',
  fund: '/pages/mine/account/fund/index',
  ledger: '/pages/mine/account/ledger/index',
  profile: '/pages/mine/account/profile/index',
  loans: '/pages/mine/loans/list/index',
  repayments: '/pages/mine/loans/repayments/index',
  plan: '/pages/mine/loans/plan/index',
  overdue: '/pages/mine/loans/overdue/index',
  loanProgress: '/pages/mine/loans/progress/index',
  loanBusiness: '/pages/mine/loans/business/index',
  repaymentAccount: '/pages/mine/loans/repayment-account/index',
  loanApply: '/pages/mine/loans/apply/index',
  notifications: '/pages/mine/messages/notifications/index',
  notification: '/pages/mine/messages/notification/index',
  certificates: '/pages/mine/messages/certificates/index',
  security: '/pages/mine/security/index/index',
  loginPassword: '/pages/mine/security/login-password/index',
  businessPassword: '/pages/mine/security/business-password/index',
  hotlinePassword: '/pages/mine/security/hotline-password/index',
  phone: '/pages/mine/security/phone/index',
  unbind: '/pages/mine/security/unbind/index',
  business: '/pages/mine/business/index/index',
  apply: '/pages/mine/business/apply/index',
  applications: '/pages/mine/business/applications/index',
  progress: '/pages/mine/business/progress/index',
  application: '/pages/mine/business/application/index',
  bankCards: '/pages/mine/business/cards/index',
  spouse: '/pages/mine/business/spouse/index',
  articles: '/pages/policy/content/articles/index',
  article: '/pages/policy/content/article/index',
  housing: '/pages/policy/content/housing/index',
  forms: '/pages/policy/content/forms/index',
  faq: '/pages/interaction/help/faq/index',
  community: '/pages/interaction/help/community/index',
  outlets: '/pages/interaction/help/outlets/index',
  feedback: '/pages/interaction/help/feedback/index',
  feedbackDetail: '/pages/interaction/help/feedback-detail/index',
  outlet: '/pages/interaction/help/outlet/index',
  calculator: '/pages/interaction/tools/calculator/index',
  schedule: '/pages/interaction/tools/schedule/index',
  prepayment: '/pages/interaction/tools/prepayment/index',
  rates: '/pages/interaction/tools/rates/index',
  contact: '/pages/interaction/info/contact/index',
  document: '/pages/interaction/info/document/index',
} as const

export const TAB_ROUTES: readonly string[] = [ROUTES.mine, ROUTES.policy, ROUTES.interaction]

export const isTab = (url: string): boolean => TAB_ROUTES.includes(url.split('?')[0] ?? '')

export function withQuery(url: string, query: Record<string, string | number | boolean | undefined | null>): string {
  const parts = Object.keys(query)
    .filter((k) => query[k] !== undefined && query[k] !== null && query[k] !== '')
    .map((k) => `${k}=${encodeURIComponent(String(query[k]))}`)
  return parts.length ? `${url}${url.includes('?') ? '&' : '?'}${parts.join('&')}` : url
}

/** Opens a page: switchTab for tab pages, navigateTo otherwise (redirectTo when the page stack is full). */
export function go(url: string): void {
  if (isTab(url)) {
    void wx.switchTab({ url: url.split('?')[0] as string })
    return
  }
  const depth = typeof getCurrentPages === 'function' ? getCurrentPages().length : 0
  if (depth >= 9) void wx.redirectTo({ url })
  else void wx.navigateTo({ url })
}

/** The page on screen with its query, e.g. /pages/mine/account/ledger/index?year=2017. */
export function currentUrl(): string {
  const pages = typeof getCurrentPages === 'function' ? getCurrentPages() : []
  const page = pages[pages.length - 1]
  if (!page || !page.route) return ''
  const options = (page.options || {}) as Record<string, string>
  return withQuery(`/${page.route}`, options)
}

let openingLogin = false

/** Opens the login page, which returns the member to `redirect` (default: the current page) once logged in. */
export function toLogin(redirect?: string): void {
  const back = redirect ?? currentUrl()
  if (openingLogin || back.startsWith(ROUTES.login)) return
  openingLogin = true
  wx.navigateTo({
    url: withQuery(ROUTES.login, { redirect: back }),
    complete: () => {
      openingLogin = false
    },
  })
}

/** After login: back to where the member was going, freshly loaded (reLaunch also reaches tab pages). */
export function returnAfterLogin(redirect?: string): void {
  const target = redirect && redirect.startsWith('/pages/') ? redirect : ROUTES.mine
  void wx.reLaunch({ url: isTab(target) ? (target.split('?')[0] as string) : target })
}
