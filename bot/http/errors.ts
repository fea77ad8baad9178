import { z } from 'zod';
import { isDatabaseUnavailable } from '../../services/store/errors';

/**
 * The one error body of the whole HTTP surface (admin, agent, /api/messages, restify's own refusals): a code
 * to branch on, the field at fault when there is one (and the line, for a CSV body), and a message.
 */
export const apiErrorSchema = z
  .object({
    code: z.string().meta({ description: 'what went wrong, stable: ValidationFailed, NotFound, Unavailable…' }),
    message: z.string(),
    field: z.string().optional().meta({ description: 'the path, query, header or body field at fault' }),
    line: z.int().optional().meta({ description: 'the 1-based line of a CSV body at fault' }),
    issues: z.array(z.object({ field: z.string(), message: z.string(), line: z.int().optional() })).optional(),
    current: z
      .object({
        version: z.int(),
        changedBy: z.string().meta({ description: 'the id of the key that saved it, or system:… for the bot itself' }),
        changedByLabel: z.string().nullable().meta({ description: "that key's label; null when it was not a key" }),
        changedAt: z.string().meta({ description: 'ISO 8601 instant' }),
      })
      .nullable()
      .optional()
      .meta({ description: 'on a version conflict (412, 409): the version in force and who saved it; null when there is none' }),
  })
  .meta({ id: 'Error', example: { code: 'ValidationFailed', field: 'phone', message: 'phone: expected a valid phone number' } });

export type ApiErrorBody = z.infer<typeof apiErrorSchema>;

/** An answer other than success that a handler decides on: thrown, and written by the server's one formatter. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(body.message);
    this.name = 'ApiError';
  }

  static notFound(message: string): ApiError {
    return new ApiError(404, { code: 'NotFound', message });
  }

  static invalid(field: string, message: string, extra: Pick<ApiErrorBody, 'line' | 'issues'> = {}): ApiError {
    return new ApiError(400, { code: 'ValidationFailed', field, message: `${field}: ${message}`, ...extra });
  }
}

/** A zod error as the 400 naming the field; `prefix` places a nested schema (a row of an import, a header). */
export function validationError(error: z.ZodError, prefix: ReadonlyArray<string | number> = []): ApiError {
  const issues = error.issues.map((issue) => ({
    field: [...prefix, ...issue.path].map(String).join('.') || '(body)',
    message: issue.message,
  }));
  const first = issues[0] ?? { field: '(body)', message: 'invalid' };
  return ApiError.invalid(first.field, first.message, { issues });
}

interface RestifyHttpError {
  statusCode: number;
  body?: { code?: unknown; message?: unknown };
  message: string;
}

function isRestifyHttpError(error: unknown): error is RestifyHttpError {
  return error instanceof Error && typeof (error as Partial<RestifyHttpError>).statusCode === 'number';
}

/**
 * Every error, whoever raised it, as one status and one body. A database that does not answer is a 503 (try
 * again), never a 500, whichever route it reached; a bug is a 500 that says nothing of its insides.
 */
export function errorResponse(error: unknown): { status: number; body: ApiErrorBody } {
  if (error instanceof ApiError) return { status: error.status, body: error.body };
  if (error instanceof z.ZodError) {
    const invalid = validationError(error);
    return { status: invalid.status, body: invalid.body };
  }
  if (isDatabaseUnavailable(error)) {
    return {
      status: 503,
      body: { code: 'Unavailable', message: 'the database is not answering; nothing was changed that was not confirmed' },
    };
  }
  if (isRestifyHttpError(error) && error.statusCode < 500) {
    const code = typeof error.body?.code === 'string' ? error.body.code : 'BadRequest';
    const message = typeof error.body?.message === 'string' && error.body.message !== '' ? error.body.message : error.message;
    return { status: error.statusCode, body: { code, message } };
  }
  return { status: 500, body: { code: 'Internal', message: 'something went wrong on our side; it has been logged' } };
}
