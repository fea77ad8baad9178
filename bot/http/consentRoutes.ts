import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { ApiKeyStore } from '../../services/auth/apiKeys';
import { CONSENT_SCOPES, type ConsentLedger } from '../../services/consent/ledger';
import {
  EmptyExclusionListError,
  EXCLUSION_LISTS,
  type ExclusionListId,
  type ExclusionLists,
  ImportUnderWayError,
  isExclusionListId,
} from '../../services/contactability/exclusionLists';
import type { DataRights } from '../../services/dataRights/dataRights';
import type { PeopleStore } from '../../services/people/peopleStore';
import { phoneField, unavailableOnDatabaseError } from './agentRoutes';
import { requireRole } from './apiAuth';
import { sendError, sendValidationError } from './errors';

export interface ConsentRouteDependencies {
  people: Pick<PeopleStore, 'getByPhone'>;
  ledger: ConsentLedger;
  rights: DataRights;
  exclusions: ExclusionLists;
  clock: () => Date;
  /** How numbers without a prefix are read; "ES" when not given. */
  defaultPhoneCountry?: string;
  /** Lists older than this are reported stale (contactability refuses on them); 30 when not given. */
  exclusionListMaxAgeDays?: number;
}

const EXCLUSION_LIST_PATH = '/api/admin/exclusion-lists/';
const DAY = 86_400_000;

/** Admin REST for consent, the person's data (export, erasure) and the external exclusion lists. */
export function registerConsentRoutes(server: Server, keys: ApiKeyStore, deps: ConsentRouteDependencies): void {
  const adminOnly = requireRole(keys, ['admin']);
  const phone = phoneField(deps.defaultPhoneCountry ?? 'ES');
  const consentBody = z.strictObject({
    phone,
    event: z.enum(['granted', 'withdrawn'], { message: 'expected granted or withdrawn' }),
    scope: z.enum(CONSENT_SCOPES, { message: `expected one of ${CONSENT_SCOPES.join(', ')}` }),
    // RGPD art. 7.1: we must be able to show what the person agreed to, word for word.
    wording: z.string().trim().min(1, 'expected the exact wording the person saw').max(2_000),
    personWords: z.string().max(2_000).nullable().default(null),
    channelId: z.string().min(1).max(60).nullable().default(null),
    source: z.enum(['admin_api', 'import']).default('admin_api'),
  });
  const phoneParam = z.object({ phone });

  /** The person named by the :phone of the path; answers 400 (bad number) or 404 itself, else null. */
  const personOf = async (req: Request, res: Response) => {
    const parsed = phoneParam.safeParse({ phone: String(req.params.phone ?? '') });
    if (!parsed.success) return void sendValidationError(res, parsed.error);
    const person = await deps.people.getByPhone(parsed.data.phone);
    if (!person) return void sendError(res, 404, { code: 'NotFound', message: `no person with the number ${parsed.data.phone}` });
    return person;
  };

  server.post(
    '/api/admin/consent',
    adminOnly,
    unavailableOnDatabaseError(async (req, res) => {
      const body = consentBody.safeParse(req.body ?? {});
      if (!body.success) return sendValidationError(res, body.error);
      const { phone: phoneE164, ...event } = body.data;
      res.send(201, await deps.rights.recordConsent({ ...event, phoneE164, at: deps.clock() }));
    }),
  );

  server.get(
    '/api/admin/people/:phone/consent',
    adminOnly,
    unavailableOnDatabaseError(async (req, res) => {
      const person = await personOf(req, res);
      if (!person) return;
      const [current, events, suppressed] = await Promise.all([
        deps.ledger.stateOf(person._id),
        deps.ledger.history(person._id),
        deps.ledger.isSuppressed(person.phoneE164),
      ]);
      res.send(200, { phone: person.phoneE164, personId: person._id, current, events, suppressed });
    }),
  );

  server.get(
    '/api/admin/people/:phone/export',
    adminOnly,
    unavailableOnDatabaseError(async (req, res) => {
      const person = await personOf(req, res);
      const data = person ? await deps.rights.exportPerson(person._id) : null;
      if (person && !data) return sendError(res, 404, { code: 'NotFound', message: 'the person was erased meanwhile' });
      if (data) res.send(200, data);
    }),
  );

  server.del(
    '/api/admin/people/:phone',
    adminOnly,
    unavailableOnDatabaseError(async (req, res) => {
      const person = await personOf(req, res);
      const receipt = person ? await deps.rights.erasePerson(person._id, deps.clock()) : null;
      if (person && !receipt) return sendError(res, 404, { code: 'NotFound', message: 'the person was erased meanwhile' });
      if (receipt) res.send(200, { phone: person?.phoneE164, ...receipt });
    }),
  );

  // restify's body parser reads text/csv as records keyed by the first line, and refuses ragged rows before any
  // handler runs; an exclusion list is one number per line, so it is taken as the text it is.
  server.pre((req: Request, _res: Response, next) => {
    const type = req.headers['content-type'] ?? '';
    if (
      req.method === 'PUT' &&
      (req.getPath() ?? '').startsWith(EXCLUSION_LIST_PATH) &&
      /^text\/(csv|tsv|tab-separated-values)\b/i.test(type)
    ) {
      req.headers['content-type'] = type.replace(/^text\/[a-z-]+/i, 'text/plain');
    }
    next();
  });

  server.put(
    `${EXCLUSION_LIST_PATH}:list`,
    adminOnly,
    unavailableOnDatabaseError(async (req, res) => {
      const list = String(req.params.list);
      if (!isExclusionListId(list)) {
        return sendError(res, 400, {
          code: 'ValidationFailed',
          field: 'list',
          message: `expected one of ${Object.keys(EXCLUSION_LISTS).join(', ')}`,
        });
      }
      const body: unknown = req.body;
      const text = typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : null;
      if (text === null || text.trim() === '')
        return sendError(res, 400, {
          code: 'ValidationFailed',
          field: '(body)',
          message: 'expected a text/csv body, one phone number per line',
        });
      try {
        res.send(200, await deps.exclusions.import(list, text, deps.clock()));
      } catch (error) {
        if (error instanceof ImportUnderWayError)
          return sendError(res, 409, { code: 'ImportUnderWay', field: 'list', message: error.message });
        if (!(error instanceof EmptyExclusionListError)) throw error;
        sendError(res, 400, {
          code: 'ValidationFailed',
          field: '(body)',
          message: error.message,
          issues: error.rejected.slice(0, 100).map((r) => ({ field: `line ${r.line}`, message: r.reason })),
        });
      }
    }),
  );

  server.get(
    '/api/admin/exclusion-lists',
    adminOnly,
    unavailableOnDatabaseError(async (_req, res) => {
      const stored = new Map((await deps.exclusions.status()).map((document) => [document._id, document]));
      const now = deps.clock().getTime();
      const maxAge = deps.exclusionListMaxAgeDays ?? 30;
      const lists = (Object.keys(EXCLUSION_LISTS) as ExclusionListId[]).map((id) => {
        const document = stored.get(id);
        const ageDays = document ? (now - document.refreshedAt.getTime()) / DAY : null;
        // Stale by the same measure contactability refuses on.
        const stale = ageDays === null || ageDays > maxAge;
        return {
          list: id,
          ...EXCLUSION_LISTS[id],
          refreshedAt: document?.refreshedAt ?? null,
          count: document?.count ?? 0,
          ageDays: ageDays === null ? null : Math.floor(ageDays),
          stale,
        };
      });
      res.send(200, { lists });
    }),
  );
}
