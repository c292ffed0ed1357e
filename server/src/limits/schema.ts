/** The challenge answer a login carries after repeated wrong passwords (limits/login.ts), for member and staff logins. */
import { z } from 'zod';

export const challengeAnswer = z
  .object({
    id: z.string().trim().min(8).max(128).describe('details.challenge.id of the LOGIN_CHALLENGE_REQUIRED answer'),
    answer: z.string().trim().min(1).max(16).describe('the answer to details.challenge.question'),
  })
  .describe('安全验证: needed after repeated wrong passwords for this account');
