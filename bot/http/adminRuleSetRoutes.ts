import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { ApiKeyStore } from '../../services/auth/apiKeys';
import { ruleSetSchema } from '../../services/availability/ruleSet';
import { bookabilityProblem } from '../../services/booking/bookingService';
import { RuleSetStore, RuleSetVersionConflict, StoredRuleSet } from '../../services/availability/ruleSetStore';
import { callerOf, requireRole } from './apiAuth';
import { sendError, sendValidationError } from './errors';

const ruleSetIdParam = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected a slug like "madrid-sales"');
const ifMatchHeader = z
  .string()
  .regex(/^(W\/)?"?\d+"?$/, 'expected the version number from the ETag')
  .transform((value) => Number(value.replace(/\D/g, '')));

function sendStored(res: Response, status: number, stored: StoredRuleSet): void {
  res.setHeader('etag', `"${stored.version}"`);
  res.send(status, stored);
}

/** Admin REST for availability rule sets: every change validated, versioned, and attributed to its key. */
export function registerAdminRuleSetRoutes(server: Server, keys: ApiKeyStore, ruleSets: RuleSetStore): void {
  const adminOnly = requireRole(keys, ['admin']);

  server.get('/api/admin/rule-sets', adminOnly, async (_req: Request, res: Response) => {
    res.send(200, { ruleSets: await ruleSets.list() });
  });

  server.get('/api/admin/rule-sets/:id', adminOnly, async (req: Request, res: Response) => {
    const stored = await ruleSets.current(String(req.params.id));
    if (!stored) return sendError(res, 404, { code: 'NotFound', message: `no rule set "${req.params.id}"` });
    sendStored(res, 200, stored);
  });

  server.get('/api/admin/rule-sets/:id/history', adminOnly, async (req: Request, res: Response) => {
    const versions = await ruleSets.history(String(req.params.id));
    if (versions.length === 0) return sendError(res, 404, { code: 'NotFound', message: `no rule set "${req.params.id}"` });
    res.send(200, { versions });
  });

  server.put('/api/admin/rule-sets/:id', adminOnly, async (req: Request, res: Response) => {
    const id = ruleSetIdParam.safeParse(req.params.id);
    if (!id.success) return sendValidationError(res, id.error, ['id']);
    const body: unknown = req.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return sendError(res, 400, { code: 'ValidationFailed', field: '(body)', message: 'expected a JSON object' });
    }
    if ('id' in body && body.id !== id.data) {
      return sendError(res, 400, { code: 'ValidationFailed', field: 'id', message: `the body's id must match the URL ("${id.data}")` });
    }
    const parsed = ruleSetSchema.safeParse({ ...body, id: id.data });
    if (!parsed.success) return sendValidationError(res, parsed.error);
    const unbookable = bookabilityProblem(parsed.data);
    if (unbookable)
      return sendError(res, 400, { code: 'ValidationFailed', field: 'intervalMinutes', message: `intervalMinutes: ${unbookable}` });
    const ifMatch = req.header('if-match');
    const expected = ifMatch === undefined ? undefined : ifMatchHeader.safeParse(ifMatch);
    if (expected && !expected.success) return sendValidationError(res, expected.error, ['If-Match']);
    try {
      const stored = await ruleSets.save(parsed.data, callerOf(req).keyId, expected?.data);
      sendStored(res, stored.version === 1 ? 201 : 200, stored);
    } catch (error) {
      if (!(error instanceof RuleSetVersionConflict)) throw error;
      // If-Match that no longer matches is a failed precondition; two unconditioned writers racing is a conflict.
      sendError(res, expected ? 412 : 409, { code: 'VersionConflict', message: error.message });
    }
  });
}
