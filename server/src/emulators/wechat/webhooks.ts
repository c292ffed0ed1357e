/**
 * The emulator's outbound side: which webhook each app pushes to, the pushes in flight, and a log
 * of what each push got back. Asynchronous pushes (TEMPLATESENDJOBFINISH) are tracked so tests can
 * await them (`settle`) and `close` can cancel them.
 */
import { setMaxListeners } from 'node:events';
import { pushToWebhook, WebhookPushError, type PushOptions, type PushResult, type WebhookTarget } from './push.js';

interface PushSettings {
  timeoutMs: number;
  maxRetries: number;
  retryDelaysMs: number[];
}

/** Per-app webhook; `originalId` is the account's gh_… id, used as ToUserName. */
export interface AppWebhook extends Omit<WebhookTarget, 'appId'> {
  originalId?: string;
}

export interface PushRecord {
  appid: string;
  message: string;
  startedMs: number;
  result?: PushResult;
  error?: { message: string; attempts: number; status?: number };
}

export class Webhooks {
  private readonly targets = new Map<string, AppWebhook>();
  private readonly pending = new Set<Promise<unknown>>();
  private readonly timers = new Map<NodeJS.Timeout, () => void>(); // timer → resolve its pending promise
  private readonly abort = new AbortController();
  readonly log: PushRecord[] = [];

  constructor(
    readonly settings: PushSettings,
    initial: Record<string, AppWebhook> = {},
  ) {
    setMaxListeners(0, this.abort.signal); // every push in flight listens on it; thousands at once are normal
    for (const [appid, t] of Object.entries(initial)) this.targets.set(appid, t);
  }

  set(appid: string, target: AppWebhook | null): void {
    if (target) this.targets.set(appid, target);
    else this.targets.delete(appid);
  }

  get(appid: string): AppWebhook | undefined {
    return this.targets.get(appid);
  }

  /** gh_… original id of an app: the configured one, or one derived from the appid. */
  originalId(appid: string): string {
    return this.targets.get(appid)?.originalId ?? `gh_${appid.replace(/^wx/, '').slice(0, 12)}`;
  }

  /** Pushes now and waits for the outcome; throws WebhookPushError like WeChat's failure path. */
  async push(appid: string, message: string, addressing?: PushOptions['addressing']): Promise<PushResult> {
    const target = this.targets.get(appid);
    if (!target) throw new Error(`no webhook configured for ${appid}`);
    const record: PushRecord = { appid, message, startedMs: Date.now() };
    this.log.push(record);
    const run = pushToWebhook({ ...target, appId: appid, message, ...this.settings, signal: this.abort.signal, ...(addressing ? { addressing } : {}) });
    this.pending.add(run);
    try {
      record.result = await run;
      return record.result;
    } catch (err) {
      const e = err as Error;
      record.error = { message: e.message, attempts: err instanceof WebhookPushError ? err.attempts : 0 };
      if (err instanceof WebhookPushError && err.status !== undefined) record.error.status = err.status;
      throw err;
    } finally {
      this.pending.delete(run);
    }
  }

  /** Fire-and-forget push after a delay, as WeChat does for job-finished events. No-op without a webhook. */
  later(appid: string, delayMs: number, message: () => string): void {
    if (!this.targets.has(appid)) return;
    const done = new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.push(appid, message())
          .catch(() => undefined) // recorded in the log; WeChat does not tell anyone either
          .finally(resolve);
      }, delayMs);
      this.timers.set(timer, resolve);
    });
    this.pending.add(done);
    void done.finally(() => this.pending.delete(done));
  }

  /** Resolves once every scheduled and in-flight push has finished. */
  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  close(): void {
    for (const [timer, resolve] of this.timers) {
      clearTimeout(timer);
      resolve();
    }
    this.timers.clear();
    this.abort.abort();
  }
}
