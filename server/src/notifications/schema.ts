import { z } from 'zod';

export const idParams = z.object({ id: z.coerce.number().int().positive() });

export const listQuery = z.object({
  status: z.enum(['all', 'unread', 'read']).default('all').describe('all: 消息; unread: 未读消息; read: 已阅'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(50).default(10),
});

export const notification = z.object({
  id: z.number().int(),
  business: z.string().describe('业务名称'),
  content: z.string().describe('消息内容'),
  channel: z.string().describe('推送渠道'),
  serialNo: z.string().nullable().describe('流水号 of the application it is about'),
  pushedAt: z.string().describe('推送时间 (ISO 8601)'),
  pushedAgo: z.string().describe('推送时间 as the list shows it: 7天前'),
  read: z.boolean(),
  readAt: z.string().nullable(),
});

export const listResponse = z.object({
  items: z.array(notification),
  total: z.number().int(),
  unread: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const unreadResponse = z.object({ unread: z.number().int() });
export const actionResponse = z.object({ message: z.string(), unread: z.number().int(), marked: z.number().int().optional() });
