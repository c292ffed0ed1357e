/**
 * Request-parameter validation with Tencent Cloud's error codes: an absent required parameter is MissingParameter,
 * an undocumented one UnknownParameter, a wrong type InvalidParameter, a bad value InvalidParameterValue.
 */
import { z } from 'zod';
import { tcErrors } from './errors.js';

export function parseParams<S extends z.ZodObject>(schema: S, params: Record<string, unknown>): z.infer<S> {
  const result = schema.strict().safeParse(params);
  if (result.success) return result.data as z.infer<S>;
  const issue = result.error.issues[0]!;
  const name = issue.path.map(String).join('.') || 'request';
  if (issue.code === 'unrecognized_keys') throw tcErrors.unknownParameter(issue.keys[0] ?? name);
  const top = String(issue.path[0] ?? '');
  if (issue.code === 'invalid_type' && top && params[top] === undefined) throw tcErrors.missingParameter(top);
  if (issue.code === 'invalid_type') throw tcErrors.invalidParameter(`The parameter \`${name}\` has an invalid type.`);
  throw tcErrors.invalidParameterValue(name, issue.code === 'too_big' ? 'is too long' : 'is invalid');
}

/** Documented but not emulated parameters are accepted and ignored, unless they ask for something the emulator cannot do. */
export const ignored = z.unknown().optional();
