import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { ApiKeyStore } from '../../services/auth/apiKeys';
import { CALL_OUTCOMES, CALL_PURPOSES, CallAttempts } from '../../services/contactability/callAttempts';
import type { Contactability } from '../../services/contactability/contactability';
import { normalisePhone } from '../../services/people/phone';
import type { PeopleStore } from '../../services/people/peopleStore';
import { callerOf, requireRole } from './apiAuth';
import { sendValidationError } from './errors';

const phoneField = z.string().transform((value, ctx) => {
  const phone = normalisePhone(value, 'ES');
  if (!phone.ok) {
    ctx.addIssue({ code: 'custom', message: 'expected a valid phone number in E.164, e.g. +34612345678' });
    return z.NEVER;
  }
  return phone.e164;
});

const contactabilityQuery = z.object({
  phone: phoneField,
  purpose: z.enum(CALL_PURPOSES, { message: `expected one of ${CALL_PURPOSES.join(', ')}` }),
  similarProduct: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});

const attemptBody = z.strictObject({
  phone: phoneField,
  purpose: z.enum(CALL_PURPOSES),
  outcome: z.enum(CALL_OUTCOMES),
  at: z.coerce.date().optional(),
});

export interface AgentRouteDependencies {
  contactability: Contactability;
  attempts: CallAttempts;
  people: PeopleStore;
  clock: () => Date;
}

/** For dialers and agents: may we call this number now, and the record of each call made. */
export function registerAgentRoutes(server: Server, keys: ApiKeyStore, deps: AgentRouteDependencies): void {
  const agents = requireRole(keys, ['agent', 'admin']);

  server.get('/api/agent/contactability', agents, async (req: Request, res: Response) => {
    const query = contactabilityQuery.safeParse(req.query ?? {});
    if (!query.success) return sendValidationError(res, query.error);
    res.send(200, await deps.contactability.check({ phoneE164: query.data.phone, purpose: query.data.purpose, similarProduct: query.data.similarProduct, now: deps.clock() }));
  });

  server.post('/api/agent/call-attempts', agents, async (req: Request, res: Response) => {
    const body = attemptBody.safeParse(req.body ?? {});
    if (!body.success) return sendValidationError(res, body.error);
    const person = await deps.people.getByPhone(body.data.phone);
    const attempt = await deps.attempts.record({
      personId: person?._id ?? null,
      phoneE164: body.data.phone,
      at: body.data.at ?? deps.clock(),
      purpose: body.data.purpose,
      outcome: body.data.outcome,
      agentKeyId: callerOf(req).keyId,
    });
    res.send(201, attempt);
  });
}
