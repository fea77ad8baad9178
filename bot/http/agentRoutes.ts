import { MongoError } from 'mongodb';
import type { Request, RequestHandler, Response, Server } from 'restify';
import { z } from 'zod';
import type { ApiKeyStore } from '../../services/auth/apiKeys';
import { CALL_OUTCOMES, CALL_PURPOSES, CallAttempts } from '../../services/contactability/callAttempts';
import type { Contactability } from '../../services/contactability/contactability';
import { normalisePhone } from '../../services/people/phone';
import type { PeopleStore } from '../../services/people/peopleStore';
import { callerOf, requireRole } from './apiAuth';
import { sendError, sendValidationError } from './errors';

/** A phone number as an admin or dialer types it, to E.164; numbers without a prefix are read as `country`'s. */
export function phoneField(country: string) {
  return z.string({ message: 'expected a phone number' }).transform((value, ctx) => {
    const phone = normalisePhone(value, country);
    if (!phone.ok) {
      ctx.addIssue({ code: 'custom', message: 'expected a valid phone number, e.g. +34612345678' });
      return z.NEVER;
    }
    return phone.e164;
  });
}

/** A database that does not answer is a 503 (try again), never a 500, and never a silent yes. */
export function unavailableOnDatabaseError(handler: (req: Request, res: Response) => Promise<void>): RequestHandler {
  return async (req: Request, res: Response) => {
    try {
      await handler(req, res);
    } catch (error) {
      if (!(error instanceof MongoError)) throw error;
      sendError(res, 503, { code: 'Unavailable', message: 'the database is not answering; nothing was changed that was not confirmed' });
    }
  };
}

export interface AgentRouteDependencies {
  contactability: Contactability;
  attempts: CallAttempts;
  people: Pick<PeopleStore, 'getByPhone'>;
  clock: () => Date;
  /** How numbers without a prefix are read; "ES" when not given. */
  defaultPhoneCountry?: string;
}

/** For dialers and agents: may we call this number now, and the record of each call made. */
export function registerAgentRoutes(server: Server, keys: ApiKeyStore, deps: AgentRouteDependencies): void {
  const agents = requireRole(keys, ['agent', 'admin']);
  const phone = phoneField(deps.defaultPhoneCountry ?? 'ES');
  const contactabilityQuery = z.object({
    phone,
    purpose: z.enum(CALL_PURPOSES, { message: `expected one of ${CALL_PURPOSES.join(', ')}` }),
    similarProduct: z
      .enum(['true', 'false'], { message: 'expected true or false' })
      .default('false')
      .transform((v) => v === 'true'),
  });
  const attemptBody = z.strictObject({
    phone,
    purpose: z.enum(CALL_PURPOSES, { message: `expected one of ${CALL_PURPOSES.join(', ')}` }),
    outcome: z.enum(CALL_OUTCOMES, { message: `expected one of ${CALL_OUTCOMES.join(', ')}` }),
    at: z.iso
      .datetime({ offset: true, message: 'expected an ISO 8601 instant, e.g. 2026-11-24T09:00:00Z' })
      .transform((text) => new Date(text))
      .optional(),
  });

  server.get(
    '/api/agent/contactability',
    agents,
    unavailableOnDatabaseError(async (req, res) => {
      const query = contactabilityQuery.safeParse(req.query ?? {});
      if (!query.success) return sendValidationError(res, query.error);
      const { phone: phoneE164, purpose, similarProduct } = query.data;
      const answer = await deps.contactability.check({ phoneE164, purpose, similarProduct, now: deps.clock() });
      // Fail closed, and say so in the status too: a dialer that only reads the status must not dial either.
      res.send(answer.reasons.some((r) => r.code === 'database_unavailable') ? 503 : 200, answer);
    }),
  );

  server.post(
    '/api/agent/call-attempts',
    agents,
    unavailableOnDatabaseError(async (req, res) => {
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
    }),
  );
}
