import type { Response } from 'restify';
import { z } from 'zod';
import { EmptyExclusionListError, ImportUnderWayError } from '../../services/contactability/exclusionLists';
import { DeskRefusal, type DeskRefusalReason } from '../../services/handoff/agentDesk';
import { ProblemNotFound } from '../../services/handoff/problems';
import { isDatabaseUnavailable } from '../../services/store/errors';
import { ERROR_CODE_NAMES, ERROR_CODES, type ErrorCode, isErrorCode } from './errorCodes';

/**
 * The one error body of the whole HTTP surface (admin, agent, /api/messages, the WhatsApp webhook, restify's
 * own refusals): a code of the catalogue to branch on, the field at fault when there is one (and the line,
 * for a CSV body), and a message. Direct Line routes wrap the same code and message as Direct Line does.
 */
export const apiErrorSchema = z
  .object({
    code: z.enum(ERROR_CODE_NAMES).meta({ description: 'what went wrong, stable: ValidationFailed, NotFound, Unavailable…' }),
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

/** Direct Line's own error body: directlinejs reads only the status, but the service answers this and clients log it. */
export const directLineErrorSchema = z
  .object({ error: z.object({ code: z.enum(ERROR_CODE_NAMES), message: z.string() }) })
  .meta({ id: 'DirectLineError', example: { error: { code: 'TokenExpired', message: 'the token was refused: expired' } } });

export type ErrorShape = 'api' | 'directline';

/**
 * An answer other than success that a handler decides on: thrown, and written by `sendError`. The status is
 * the code's in the catalogue; a code with two (VersionConflict: 409 or 412) is given the one it means.
 */
export class ApiError extends Error {
  readonly status: number;

  constructor(
    readonly body: ApiErrorBody,
    status?: number,
  ) {
    super(body.message);
    this.name = 'ApiError';
    const statuses: readonly number[] = ERROR_CODES[body.code].statuses;
    this.status = status ?? statuses[0]!;
    if (!statuses.includes(this.status)) throw new Error(`${body.code} is answered with ${statuses.join(' or ')}, not ${this.status}`);
  }

  static notFound(message: string): ApiError {
    return new ApiError({ code: 'NotFound', message });
  }

  static invalid(field: string, message: string, extra: Pick<ApiErrorBody, 'line' | 'issues'> = {}): ApiError {
    return new ApiError({ code: 'ValidationFailed', field, message: `${field}: ${message}`, ...extra });
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

/** The desk's refusals: services/ says what was refused, this says which code and field that is at the API. */
const DESK_CODES: Record<DeskRefusalReason, { code: ErrorCode; field?: string }> = {
  not_found: { code: 'NotFound' },
  claimed: { code: 'AlreadyClaimed' },
  claim_changed: { code: 'ClaimChanged' },
  closed: { code: 'CallbackClosed' },
  not_holder: { code: 'NotClaimHolder' },
  unknown_agent: { code: 'ValidationFailed', field: 'agentId' },
  slot_taken: { code: 'SlotTaken', field: 'startUtc' },
  slot_not_offered: { code: 'SlotNotOffered', field: 'startUtc' },
  reschedule_refused: { code: 'RescheduleRefused', field: 'rescheduleTo' },
};

/** The one table from a domain error of services/ to its answer; undefined for anything that is not one. */
function domainRefusal(error: unknown): ApiError | undefined {
  if (error instanceof DeskRefusal) {
    const { code, field } = DESK_CODES[error.reason];
    const message = error.claim ? `already claimed by ${error.claim.agentName}` : error.message;
    return new ApiError({
      code,
      ...(field ? { field, message: `${field}: ${message}` } : { message }),
      ...(error.alternatives ? { alternatives: error.alternatives } : {}),
    });
  }
  if (error instanceof ProblemNotFound) return ApiError.notFound(error.message);
  if (error instanceof ImportUnderWayError) return new ApiError({ code: 'ImportUnderWay', field: 'list', message: error.message });
  if (error instanceof EmptyExclusionListError) {
    const issues = error.rejected.slice(0, 100).map((r) => ({ field: '(body)', line: r.line, message: r.reason }));
    return new ApiError({
      code: 'ValidationFailed',
      field: '(body)',
      ...(issues[0] ? { line: issues[0].line } : {}),
      message: issues[0] ? `${error.message} (line ${issues[0].line}: ${issues[0].message})` : error.message,
      issues,
    });
  }
  return undefined;
}

interface RestifyHttpError {
  statusCode: number;
  body?: { code?: unknown; message?: unknown };
  message: string;
}

function isRestifyHttpError(error: unknown): error is RestifyHttpError {
  return error instanceof Error && typeof (error as Partial<RestifyHttpError>).statusCode === 'number';
}

/** restify's refusal under the catalogue's code: its own when listed (InvalidContent…), else the first of its status (ResourceNotFound: NotFound). */
function restifyRefusal(error: RestifyHttpError): ApiError {
  const own = error.body?.code;
  const byStatus = ERROR_CODE_NAMES.find((code) => (ERROR_CODES[code].statuses as readonly number[]).includes(error.statusCode));
  const code = isErrorCode(own) ? own : (byStatus ?? 'BadRequest');
  const message = typeof error.body?.message === 'string' && error.body.message !== '' ? error.body.message : error.message;
  const statuses: readonly number[] = ERROR_CODES[code].statuses;
  return new ApiError({ code, message }, statuses.includes(error.statusCode) ? error.statusCode : undefined);
}

/**
 * Every error, whoever raised it, as one status and one body. A database that does not answer is a 503 (try
 * again), never a 500, whichever route it reached; a bug is a 500 that says nothing of its insides.
 */
export function errorResponse(error: unknown): { status: number; body: ApiErrorBody } {
  const decided = error instanceof ApiError ? error : domainRefusal(error);
  if (decided) return { status: decided.status, body: decided.body };
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
    const refused = restifyRefusal(error);
    return { status: refused.status, body: refused.body };
  }
  return { status: 500, body: { code: 'Internal', message: 'something went wrong on our side; it has been logged' } };
}

/**
 * The one way an error leaves the server: its status and the documented body, `{ code, message, … }`, or for
 * Direct Line's routes the same code and message as `{ error: { code, message } }`, the shape Direct Line
 * answers with.
 */
export function sendError(res: Response, error: unknown, shape: ErrorShape = 'api'): void {
  const { status, body } = errorResponse(error);
  if (res.headersSent) return;
  res.send(status, shape === 'api' ? body : { error: { code: body.code, message: body.message } });
}
