import type { Response } from 'restify';
import type { z } from 'zod';

/** The one error body of our REST API: a code to branch on, and the field at fault when there is one. */
export interface ApiErrorBody {
  code: string;
  message: string;
  field?: string;
  issues?: Array<{ field: string; message: string }>;
}

export function sendError(res: Response, status: number, body: ApiErrorBody): void {
  res.send(status, body);
}

export function sendValidationError(res: Response, error: z.ZodError, prefix: string[] = []): void {
  const issues = error.issues.map((issue) => ({
    field: [...prefix, ...issue.path.map(String)].join('.') || '(body)',
    message: issue.message,
  }));
  const first = issues[0] ?? { field: '(body)', message: 'invalid' };
  sendError(res, 400, { code: 'ValidationFailed', message: `${first.field}: ${first.message}`, field: first.field, issues });
}
