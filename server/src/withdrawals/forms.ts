/** Form fields and photo categories the withdrawal kinds share (the manuals' 提取信息录入 and 档案上传 pages). */
import { z } from 'zod';
import type { PhotoCategory } from '../workflow/index.js';

/** A text field; its description is the label the error message names (请正确填写离退休证号 …). */
export const text = (label: string, max = 100) => z.string().trim().min(1).max(max).describe(label);

export const date = (label: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式须为 YYYY-MM-DD')
    .describe(label);

/** 提取金额 in fen; absent: what may be withdrawn now. */
export const amount = () => z.number().int().positive().optional().describe('提取金额（分）');

export const fen = (label: string) => z.number().int().positive().describe(label);

// 001 2.1: 现场照片、身份证（正面）、身份证（背面）, the red * marking what must be taken.
export const LIVE_PHOTO: PhotoCategory = { key: 'livePhoto', label: '现场照片', required: true };
export const ID_FRONT: PhotoCategory = { key: 'idFront', label: '身份证（正面）', required: true };
export const ID_BACK: PhotoCategory = { key: 'idBack', label: '身份证（背面）', required: true };
