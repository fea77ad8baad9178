import { z } from 'zod';
import { CONSENT_SCOPES } from '../../services/consent/ledger';
import { EXCLUSION_LISTS, type ExclusionListId, type ExclusionLists, listFreshness } from '../../services/contactability/exclusionLists';
import type { DataRights } from '../../services/dataRights/dataRights';
import { oneOf, phoneField } from './fields';
import { defineRoute, type RouteDefinition } from './route';

export interface ConsentRouteDependencies {
  rights: DataRights;
  exclusions: ExclusionLists;
  clock: () => Date;
  /** How numbers without a prefix are read (DEFAULT_PHONE_COUNTRY). */
  defaultPhoneCountry: string;
  /** Lists older than this are reported stale, by the same measure contactability refuses on. */
  exclusionListMaxAgeDays: number;
}

const ADMIN = ['admin'] as const;
const LIST_IDS = Object.keys(EXCLUSION_LISTS) as [ExclusionListId, ...ExclusionListId[]];

const importReport = z.object({
  list: z.enum(LIST_IDS),
  imported: z.int(),
  rejected: z.array(z.object({ line: z.int(), reason: z.string() })),
  refreshedAt: z.string(),
});
const listStatus = z.object({
  maxAgeDays: z.int().meta({ description: 'a list older than this is stale (EXCLUSION_LIST_MAX_AGE_DAYS): contactability refuses on it' }),
  lists: z.array(
    z.object({
      list: z.enum(LIST_IDS),
      country: z.string(),
      name: z.string(),
      refreshedAt: z.union([z.string(), z.date()]).nullable(),
      count: z.int(),
      ageDays: z.int().nullable(),
      stale: z.boolean(),
    }),
  ),
});

/**
 * Admin REST for consent events and the external exclusion lists (a person's consent, export and erasure are
 * under /api/admin/people/:phone, in adminPeopleRoutes.ts). A consent
 * event goes through `DataRights.recordConsent` only: a withdrawal suppresses the number and cancels the
 * person's callbacks, as their own opt-out would.
 */
export function consentRoutes(deps: ConsentRouteDependencies): RouteDefinition[] {
  const phone = phoneField(deps.defaultPhoneCountry);

  return [
    defineRoute(
      {
        method: 'post',
        path: '/api/admin/consent',
        summary: 'Record a consent event (admin API or import) with the exact wording the person saw',
        description: 'A withdrawal of calls suppresses the number and cancels every pending callback of the person.',
        tags: ['admin: consent'],
        auth: ADMIN,
        body: z.strictObject({
          phone,
          event: z.enum(['granted', 'withdrawn'], { message: 'expected granted or withdrawn' }),
          scope: oneOf(CONSENT_SCOPES),
          // RGPD art. 7.1: we must be able to show what the person agreed to, word for word.
          wording: z.string().trim().min(1, 'expected the exact wording the person saw').max(2_000),
          personWords: z.string().max(2_000).nullable().default(null),
          channelId: z.string().min(1).max(60).nullable().default(null),
          source: z.enum(['admin_api', 'import']).default('admin_api'),
        }),
        examples: {
          body: {
            phone: '+34915550100',
            event: 'withdrawn',
            scope: 'all',
            wording: 'Baja registrada por teléfono.',
            personWords: 'no me llaméis más',
            source: 'import',
          },
        },
        responses: {
          201: {
            description: '`{ personId, personCreated, event, cancelledCallbacks }`',
            // The event creates the person when there was none: read it, its consent, its export, then erase it.
            links: {
              PersonConsent: { operationId: 'get /api/admin/people/{phone}/consent', parameters: { phone: '$request.body#/phone' } },
              GetPerson: { operationId: 'get /api/admin/people/{phone}', parameters: { phone: '$request.body#/phone' } },
              ExportPerson: { operationId: 'get /api/admin/people/{phone}/export', parameters: { phone: '$request.body#/phone' } },
              ErasePerson: { operationId: 'delete /api/admin/people/{phone}', parameters: { phone: '$request.body#/phone' } },
            },
          },
        },
      },
      async ({ body, res }) => {
        const { phone: phoneE164, ...event } = body;
        res.send(201, await deps.rights.recordConsent({ ...event, phoneE164, at: deps.clock() }));
      },
    ),
    defineRoute(
      {
        method: 'put',
        path: '/api/admin/exclusion-lists/:list',
        summary: 'Replace an exclusion list: text/csv, one number per line (first column; a header line is optional)',
        description:
          'Lines that are not a valid number are skipped and reported by line number; a file with no valid number is refused and the current list kept.',
        tags: ['admin: exclusion lists'],
        auth: ADMIN,
        params: z.object({ list: oneOf(LIST_IDS) }),
        bodyType: 'csv',
        // `format: phone-lines`: at least one line whose first column is a valid number (no pattern can say which are).
        body: z.string().regex(/[0-9]/, 'expected a text/csv body, one phone number per line').meta({ format: 'phone-lines' }),
        examples: { params: { list: 'es-robinson' }, body: 'telefono\n+34 612 000 701\n612000702\n' },
        responses: {
          200: {
            description: 'imported; lines that are not a valid number are listed, not fatal',
            schema: importReport,
            example: {
              list: 'es-robinson',
              imported: 2,
              rejected: [{ line: 4, reason: '"not a number" is not a valid phone number (read as ES when it has no prefix)' }],
              refreshedAt: '2026-11-24T09:00:00.000Z',
            },
          },
          409: { description: 'another import of this list is under way' },
        },
      },
      async ({ params, body, res }) => {
        // A file with no valid number (400) or an import already running (409) is answered by the one error table.
        res.send(200, await deps.exclusions.import(params.list, body, deps.clock()));
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/admin/exclusion-lists',
        summary: 'Each exclusion list with its last refresh, size and whether it is stale',
        tags: ['admin: exclusion lists'],
        auth: ADMIN,
        responses: {
          200: {
            description: 'every list we screen against, imported or not',
            schema: listStatus,
            example: {
              maxAgeDays: 30,
              lists: [
                {
                  list: 'es-robinson',
                  country: 'ES',
                  name: 'Lista Robinson',
                  refreshedAt: '2026-11-24T09:00:00.000Z',
                  count: 2,
                  ageDays: 0,
                  stale: false,
                },
              ],
            },
          },
        },
      },
      async ({ res }) => {
        const stored = new Map((await deps.exclusions.status()).map((document) => [document._id, document]));
        const now = deps.clock();
        const lists = LIST_IDS.map((id) => {
          const document = stored.get(id);
          // Stale by the same measure contactability refuses on.
          const { ageDays, stale } = listFreshness(document?.refreshedAt ?? null, now, deps.exclusionListMaxAgeDays);
          return {
            list: id,
            ...EXCLUSION_LISTS[id],
            refreshedAt: document?.refreshedAt ?? null,
            count: document?.count ?? 0,
            ageDays: ageDays === null ? null : Math.floor(ageDays),
            stale,
          };
        });
        res.send(200, { maxAgeDays: deps.exclusionListMaxAgeDays, lists });
      },
    ),
  ];
}
