/**
 * The official account's bot: a typed push in, a reply out (H3, H4). It never sees XML, signatures or AES
 * (wechat/protocol and dispatcher.ts do); it reads members' figures through the core gateway, the binding
 * through wechat_users, and records what events say (follow state, locations, template delivery).
 */
import type { CoreGateway, Outlet } from '../core/gateway.js';
import type { WeChatPush } from './protocol/types.js';
import { batched, coalesced } from '../shared/batch.js';
import { DomainError } from '../shared/errors.js';
import type { LinkConfig } from './links.js';
import * as say from './replies.js';
import type { Location, WeChatUsers } from './users.js';

type BotReply = { kind: 'text'; content: string } | { kind: 'none' };
export type Bot = (push: WeChatPush) => Promise<BotReply>;

/** FAQ matches for free text (content/ owns the FAQ; see faq.ts). */
export interface FaqSource {
  search(text: string, limit: number): Promise<{ question: string; answer: string }[]>;
}

interface BotDeps {
  core: CoreGateway;
  users: WeChatUsers;
  faqs: FaqSource;
  /** TEMPLATESENDJOBFINISH: the delivery status of a template message (outbox). */
  recordDelivery(msgid: string, status: string): Promise<void>;
  links: LinkConfig;
  /** Someone followed the account (the unionid job asks WeChat who they are). */
  onFollow?(openid: string): void;
  /** The server's clock (the 余额 reply's 截至 time). */
  now: () => Date;
}

type Intent = 'balance' | 'loan' | 'outlets' | 'calculator' | 'bind' | 'hotline' | 'help';

/** Whole-message commands, after normalising (full-width → half-width, no spaces or punctuation). */
const COMMANDS: [Intent, RegExp][] = [
  ['calculator', /^(贷款)?(计算|计算器|试算)$/],
  ['balance', /^(查询?)?(我的)?(公积金)?(余额|账户|账户余额|公积金)(查询)?$/],
  ['loan', /^(查询?)?(我的)?(公积金)?贷款(查询|信息|余额)?$/],
  ['outlets', /^(服务|营业|办事)?(网点|大厅)(查询|地址|在哪里?)?$/],
  ['bind', /^(绑定|注册|注册绑定|绑定账户|怎么绑定)$/],
  ['hotline', /^(人工|人工服务|客服|电话|热线|服务热线|联系我们|12329)$/],
  ['help', /^(帮助|菜单|help|你好|您好|hi|hello)$/],
];
/** Short messages that mention a keyword ("余额多少") are that command too. */
const MENTIONS: [Intent, RegExp][] = [
  ['calculator', /计算/],
  ['balance', /余额/],
  ['loan', /贷款/],
  ['outlets', /网点/],
];

/** Menu CLICK keys (menu.ts). */
export const CLICK_KEYS = {
  BALANCE: 'balance',
  LOAN: 'loan',
  OUTLETS: 'outlets',
  CALCULATOR: 'calculator',
  HOTLINE: 'hotline',
  HELP: 'help',
} as const satisfies Record<string, Intent>;

function intentOf(text: string): Intent | undefined {
  const t = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
  if (t === '' || t === '?') return 'help';
  const command = COMMANDS.find(([, re]) => re.test(t));
  if (command) return command[0];
  if ([...t].length <= 6) return MENTIONS.find(([, re]) => re.test(t))?.[0];
  return undefined;
}

export function createBot(deps: BotDeps): Bot {
  const { core, users, links } = deps;
  const { now } = deps;
  // Members asking at the same moment are read in one query when the core offers it, else one query per member.
  const fundAccount = core.getFundAccounts
    ? batched(async (memberIds: number[]) => {
        const accounts = await core.getFundAccounts!([...new Set(memberIds)]);
        return memberIds.map((id) => accounts.find((a) => a.memberId === id) ?? null);
      })
    : coalesced((memberId: number) => core.getFundAccount(memberId));
  const loans = coalesced((memberId: number) => core.listLoans(memberId));
  const text = (content: string): BotReply => ({ kind: 'text', content });
  const none: BotReply = { kind: 'none' };

  async function nearestOutlets(openid: string, at?: Location): Promise<string> {
    const [all, location] = await Promise.all([core.listOutlets(), at ? Promise.resolve(at) : users.locationOf(openid)]);
    if (!location) return say.outletList(links, all.slice(0, 3), false);
    const sorted = all.map((o) => ({ ...o, distanceKm: distanceKm(location, o) })).sort((a, b) => a.distanceKm - b.distanceKm);
    return say.outletList(links, sorted.slice(0, 3), true);
  }

  async function answer(intent: Intent, openid: string): Promise<BotReply> {
    switch (intent) {
      case 'balance': {
        const memberId = await users.memberIdOf(openid);
        if (memberId === null) return text(say.bindFirst(links, '公积金余额'));
        const account = await fundAccount(memberId);
        return text(account ? say.balanceSummary(links, account, now()) : say.noAccount());
      }
      case 'loan': {
        const memberId = await users.memberIdOf(openid);
        if (memberId === null) return text(say.bindFirst(links, '贷款信息'));
        return text(say.loanSummary(links, await loans(memberId)));
      }
      case 'outlets':
        return text(await nearestOutlets(openid));
      case 'calculator':
        return text(say.calculator(links));
      case 'bind':
        return text(say.welcome(links, (await users.memberIdOf(openid)) !== null));
      case 'hotline':
        return text(say.hotline());
      case 'help':
        return text(say.KEYWORDS_HELP);
    }
  }

  /** Parametric QR codes: bind, calculator, outlets, outlet-<id> (a code on a service hall's counter). */
  async function scene(value: string, openid: string): Promise<BotReply | undefined> {
    const outlet = /^outlet-(\d+)$/.exec(value);
    if (outlet) {
      const found: Outlet | undefined = (await core.listOutlets()).find((o) => o.id === Number(outlet[1]));
      return found ? text(say.outletDetail(links, found)) : text(await nearestOutlets(openid));
    }
    const intent = ({ bind: 'bind', calculator: 'calculator', outlets: 'outlets' } as Record<string, Intent>)[value];
    return intent ? answer(intent, openid) : undefined;
  }

  // The core did not answer (external core down or slow, CORE_TIMEOUT_MS): the member reads why, not 系统繁忙.
  return async function bot(push: WeChatPush): Promise<BotReply> {
    try {
      return await reply(push);
    } catch (err) {
      if (err instanceof DomainError && err.code === 'CORE_UNAVAILABLE') return text(say.coreUnavailable());
      throw err;
    }
  };

  async function reply(push: WeChatPush): Promise<BotReply> {
    const openid = push.FromUserName;
    switch (push.MsgType) {
      case 'text': {
        const intent = intentOf(push.Content);
        if (intent) return answer(intent, openid);
        return text(say.faqAnswer(links, await deps.faqs.search(push.Content, 3)));
      }
      case 'voice': {
        // Speech recognition, when the account turned it on, makes a voice message a text one.
        if (!push.Recognition) return text(say.unsupported());
        const intent = intentOf(push.Recognition);
        return intent ? answer(intent, openid) : text(say.faqAnswer(links, await deps.faqs.search(push.Recognition, 3)));
      }
      case 'location': {
        const at = { latitude: push.Location_X, longitude: push.Location_Y };
        await users.saveLocation(openid, at);
        return text(await nearestOutlets(openid, at));
      }
      case 'image':
      case 'link':
        return text(say.unsupported());
      case 'unknown':
        return none;
      case 'event':
        break;
    }
    switch (push.Event) {
      case 'subscribe': {
        const follower = await users.recordSubscribe(openid);
        deps.onFollow?.(openid);
        const greeting = say.welcome(links, follower.memberId !== null);
        const scan = push.EventKey?.startsWith('qrscene_') ? await scene(push.EventKey.slice('qrscene_'.length), openid) : undefined;
        return text(scan?.kind === 'text' ? `${greeting}\n\n${scan.content}` : greeting);
      }
      case 'unsubscribe':
        await users.recordUnsubscribe(openid);
        return none; // WeChat shows nothing to someone who just left
      case 'SCAN':
        return (await scene(push.EventKey, openid)) ?? text(say.KEYWORDS_HELP);
      case 'CLICK': {
        const intent = (CLICK_KEYS as Record<string, Intent>)[push.EventKey];
        return intent ? answer(intent, openid) : text(say.KEYWORDS_HELP);
      }
      case 'LOCATION':
        await users.saveLocation(openid, { latitude: push.Latitude, longitude: push.Longitude });
        return none;
      case 'TEMPLATESENDJOBFINISH':
        await deps.recordDelivery(push.MsgID, push.Status);
        return none;
      case 'VIEW':
      case 'view_miniprogram':
        return none;
    }
  }
}

/** Great-circle distance (haversine), in kilometres. */
function distanceKm(a: Location, b: Location): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(b.latitude - a.latitude);
  const dLon = rad(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}
