import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { ApiKeyStore } from '../../services/auth/apiKeys';
import { CONSENT_SCOPES, ConsentLedger } from '../../services/consent/ledger';
import { EXCLUSION_LISTS, ExclusionLists, isExclusionListId } from '../../services/contactability/exclusionLists';
import type { DataRights } from '../../services/dataRights/dataRights';
import { normalisePhone } from '../../services/people/phone';
import type { PeopleStore } from '../../services/people/peopleStore';
import { requireRole } from './apiAuth';
import { sendError, sendValidationError } from './errors';

const consentBody = z.strictObject({
  phone: z.string().min(3),
  event: z.enum(['granted', 'withdrawn']),
  scope: z.enum(CONSENT_SCOPES),
  wording: z.string().trim().min(1, 'expected the exact wording the person saw').max(2_000),
  personWords: z.string().max(2_000).nullable().default(null),
  channelId: z.string().max(60).nullable().default(null),
  source: z.enum(['admin_api', 'import']).default('admin_api'),
});

export interface AdminConsentDependencies {
  people: PeopleStore;
  ledger: ConsentLedger;
  rights: DataRights;
  exclusions: ExclusionLists;
  clock: () => Date;
}

/** Admin REST for consent, the person's data (export, erasure) and the external exclusion lists. */
export function registerAdminConsentRoutes(server: Server, keys: ApiKeyStore, deps: AdminConsentDependencies): void {
  const adminOnly = requireRole(keys, ['admin']);
  const personOf = async (raw: string) => {
    const phone = normalisePhone(raw, 'ES');
    return phone.ok ? { phone: phone.e164, person: await deps.people.getByPhone(phone.e164) } : null;
  };

  server.post('/api/admin/consent', adminOnly, async (req: Request, res: Response) => {
    const body = consentBody.safeParse(req.body ?? {});
    if (!body.success) return sendValidationError(res, body.error);
    const phone = normalisePhone(body.data.phone, 'ES');
    if (!phone.ok) return sendError(res, 400, { code: 'ValidationFailed', field: 'phone', message: 'expected a valid phone number' });
    const now = deps.clock();
    const person = await deps.people.findOrCreateByPhone(phone.e164, {
      provenance: { source: 'admin', campaign: null, collectedAt: now, detail: null },
    });
    const { phone: _phone, ...event } = body.data;
    const recorded = await deps.ledger.record({ ...event, personId: person._id, at: now });
    if (event.event === 'granted') await deps.ledger.liftSuppression(phone.e164);
    else if (event.scope === 'all' || event.scope === 'callbacks') await deps.ledger.suppress(phone.e164, 'opted_out', now);
    res.send(201, recorded);
  });

  server.get('/api/admin/people/:phone/consent', adminOnly, async (req: Request, res: Response) => {
    const found = await personOf(String(req.params.phone));
    if (!found?.person) return sendError(res, 404, { code: 'NotFound', message: 'no person with that number' });
    res.send(200, { current: await deps.ledger.stateOf(found.person._id), events: await deps.ledger.history(found.person._id) });
  });

  server.get('/api/admin/people/:phone/export', adminOnly, async (req: Request, res: Response) => {
    const found = await personOf(String(req.params.phone));
    const data = found?.person ? await deps.rights.exportPerson(found.person._id) : null;
    if (!data) return sendError(res, 404, { code: 'NotFound', message: 'no person with that number' });
    res.send(200, data);
  });

  server.del('/api/admin/people/:phone', adminOnly, async (req: Request, res: Response) => {
    const found = await personOf(String(req.params.phone));
    const receipt = found?.person ? await deps.rights.erasePerson(found.person._id, deps.clock()) : null;
    if (!receipt) return sendError(res, 404, { code: 'NotFound', message: 'no person with that number' });
    res.send(200, receipt);
  });

  server.put('/api/admin/exclusion-lists/:list', adminOnly, async (req: Request, res: Response) => {
    const list = String(req.params.list);
    if (!isExclusionListId(list)) {
      return sendError(res, 400, {
        code: 'ValidationFailed',
        field: 'list',
        message: `expected one of ${Object.keys(EXCLUSION_LISTS).join(', ')}`,
      });
    }
    // restify parses text/csv into rows using the first line as a header; we want the lines as sent.
    const raw: unknown = (req as Request & { rawBody?: unknown }).rawBody ?? req.body;
    const text = typeof raw === 'string' ? raw : Buffer.isBuffer(raw) ? raw.toString('utf8') : null;
    if (text === null)
      return sendError(res, 400, {
        code: 'ValidationFailed',
        field: '(body)',
        message: 'expected a text/csv body, one phone number per line',
      });
    res.send(200, await deps.exclusions.import(list, text, deps.clock()));
  });

  server.get('/api/admin/exclusion-lists', adminOnly, async (_req: Request, res: Response) => {
    res.send(200, { lists: await deps.exclusions.status() });
  });
}
