/**
 * H5 订阅消息 (issue 18.9): WeChat sends a mini-program subscribe message only after the member accepted its template
 * in wx.requestSubscribeMessage, one message per acceptance. A page loads the template ids beforehand
 * (`prepareSubscribe()`, on show) because WeChat lets the dialog open only from the tap itself; the tap handler calls
 * `askToSubscribe([...])` before anything asynchronous, and the answers go to the server, which sends only what was
 * granted. Asking never stands in the way of the business: a failure or a refusal just means no message.
 */
import type { ApiResponse } from '../types/api'
import { api } from './request'
import { isLoggedIn } from './session'

type Templates = ApiResponse<'/api/me/subscriptions', 'get'>['templates']
export type SubscribeMoment = Templates[number]['key']
type Answer = 'accept' | 'reject' | 'ban' | 'filter'

let templates: Templates | null = null

/** Loads the template ids once (a member must be logged in; without them nothing is asked). */
export async function prepareSubscribe(): Promise<void> {
  if (templates || !isLoggedIn()) return // a logged-out page must not be sent to the login page for this
  try {
    templates = (await api('get', '/api/me/subscriptions', { silent: true })).templates
  } catch {
    // Not logged in or offline: the moment passes without asking.
  }
}

const ANSWERS: readonly string[] = ['accept', 'reject', 'ban', 'filter']

/** Opens WeChat's dialog for the moment's templates and records the answers; resolves when done, whatever happened. */
export function askToSubscribe(moments: SubscribeMoment[]): Promise<void> {
  const ids = (templates || []).filter((t) => moments.includes(t.key)).map((t) => t.templateId)
  if (!ids.length || typeof wx.requestSubscribeMessage !== 'function') return Promise.resolve()
  return new Promise((resolve) => {
    wx.requestSubscribeMessage({
      tmplIds: ids,
      success: (res) => {
        const answers: Record<string, Answer> = {}
        for (const id of ids) {
          const a = (res as unknown as Record<string, string>)[id]
          if (a && ANSWERS.includes(a)) answers[id] = a as Answer
        }
        if (!Object.keys(answers).length) return resolve()
        api('post', '/api/me/subscriptions', { body: { answers }, silent: true }).then(
          () => resolve(),
          () => resolve(),
        )
      },
      fail: () => resolve(),
    })
  })
}

/** Forgets the ids (tests; a new login reads them again). */
export function resetSubscribe(): void {
  templates = null
}
