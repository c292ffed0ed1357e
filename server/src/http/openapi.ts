import { z } from 'zod';

/** Every route registers here as it is defined; GET /api/openapi.json is generated from the zod schemas. */
export interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string; // Koa style: /api/me/loans/:contractNo
  summary: string;
  tags: string[];
  auth?: 'member' | 'staff';
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  response?: z.ZodType;
  produces?: string;
  /** The success status: 200 (default), or 201 for a route that creates something. */
  status?: 200 | 201;
}

export class OpenApiRegistry {
  private readonly routes: RouteDoc[] = [];

  add(route: RouteDoc): void {
    this.routes.push(route);
  }

  document(info: { title: string; version: string }): Record<string, unknown> {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const r of this.routes) {
      const oaPath = r.path.replace(/:(\w+)/g, '{$1}');
      const parameters = [...paramsOf(r.params, 'path'), ...paramsOf(r.query, 'query')];
      (paths[oaPath] ??= {})[r.method] = {
        summary: r.summary,
        tags: r.tags,
        ...(r.auth ? { security: [{ [r.auth === 'member' ? 'memberToken' : 'staffSession']: [] }] } : {}),
        ...(parameters.length ? { parameters } : {}),
        ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(r.body, 'input') } } } } : {}),
        responses: {
          [r.status ?? 200]: {
            description: r.status === 201 ? 'Created' : 'OK',
            content: { [r.produces ?? 'application/json']: { schema: r.response ? schemaOf(r.response, 'output') : {} } },
          },
          default: { description: '错误', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        },
      };
    }
    return {
      openapi: '3.1.0',
      info,
      paths,
      components: {
        securitySchemes: {
          memberToken: { type: 'http', scheme: 'bearer', description: 'Session token from POST /api/auth/login' },
          staffSession: { type: 'http', scheme: 'bearer', description: 'Staff console session' },
        },
        schemas: {
          Error: {
            type: 'object',
            required: ['code', 'message'],
            properties: {
              code: { type: 'string', description: 'Stable English error code' },
              message: { type: 'string', description: 'Chinese message for the member' },
              requestId: { type: 'string' },
            },
          },
        },
      },
    };
  }
}

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

function paramsOf(obj: z.ZodObject | undefined, where: 'path' | 'query'): Record<string, unknown>[] {
  if (!obj) return [];
  return Object.entries(obj.shape).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || !(s as z.ZodType).safeParse(undefined).success,
    schema: schemaOf(s as z.ZodType, 'input'),
    ...((s as z.ZodType).description ? { description: (s as z.ZodType).description } : {}),
  }));
}
