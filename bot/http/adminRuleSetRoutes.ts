import type { Response } from 'restify';
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { ApiKeyStore } from '../../services/auth/apiKeys';
import { dayNumberFromIsoDate, isValidIsoDate } from '../../services/availability/calendarDay';
import { holidayCountries, isKnownHolidayRegion, publicHolidayNames } from '../../services/availability/holidayCalendar';
import { type PreviewProspect, SAMPLE_PROSPECTS, previewOffers, previewRange } from '../../services/availability/preview';
import { bookableRuleSetSchema, parseRuleSet } from '../../services/availability/ruleSet';
import { ruleSetChanges } from '../../services/availability/ruleSetDiff';
import { RuleSetStore, type StoredRuleSet } from '../../services/availability/ruleSetStore';
import type { BookingService } from '../../services/booking/bookingService';
import { VersionConflict } from '../../services/store/versionConflict';
import { callerOf } from './apiAuth';
import { ApiError } from './errors';
import { slugField, typedPhoneField } from './fields';
import { defineRoute, type RouteDefinition } from './route';
import { versionConflict } from './versionConflict';

export interface AdminRuleSetDependencies {
  ruleSets: RuleSetStore;
  /** The seats a rule set's callbacks hold: a preview shows a full slot as full. */
  bookings: Pick<BookingService, 'seatsHeld'>;
  /** Who changed a rule set first, in words, when a save is refused. */
  keys: Pick<ApiKeyStore, 'get'>;
  clock: () => Date;
  defaultPhoneCountry: string;
}

const ruleSetIdParams = z.object({ id: slugField });
// Save → read → its history.
const ruleSetLinks = {
  GetRuleSet: { operationId: 'get /api/admin/rule-sets/{id}', parameters: { id: '$response.body#/id' } },
  RuleSetHistory: { operationId: 'get /api/admin/rule-sets/{id}/history', parameters: { id: '$response.body#/id' } },
};
export const ifMatchHeaders = z.object({
  'if-match': z
    .string()
    .regex(/^(W\/)?"?\d+"?$/, 'expected the version number from the ETag')
    .transform((value) => Number(value.replace(/\D/g, '')))
    .optional()
    .meta({ description: 'the ETag of the version this change is based on; 412 when it is no longer the newest' }),
});

const EXAMPLE_RULE_SET = {
  name: 'Madrid sales',
  timeZone: 'Europe/Madrid',
  weeklyHours: {
    mon: [{ start: '09:00', end: '14:00' }],
    tue: [{ start: '09:00', end: '14:00' }],
  },
  slotMinutes: 30,
  intervalMinutes: 30,
  bufferMinutes: 0,
  minNoticeMinutes: 60,
  horizonDays: 14,
  capacity: { default: 2 },
  // Ley 10/2025: from 28 December 2026 commercial calls to Spain come from the range reserved for them (+34 400…).
  callerNumbers: [
    { callType: 'commercial' as const, country: 'ES', number: '+34400123456' },
    { callType: 'service' as const, country: 'ES', number: '+34910000000' },
  ],
};

const notFound = { description: 'no rule set with that id' };
const TAGS = ['admin: rule sets'];

function sendStored(res: Response, status: number, stored: StoredRuleSet): void {
  res.setHeader('etag', `"${stored.version}"`);
  res.send(status, stored);
}

const isoDateField = z
  .string()
  .refine(isValidIsoDate, 'expected a real calendar date "YYYY-MM-DD"')
  .meta({ format: 'date', examples: ['2026-12-07'] });
const MAX_TYPED_NUMBERS = 5;
const MAX_PREVIEW_DAYS = 14;

const localMinute = z.string().meta({ description: '"YYYY-MM-DDTHH:mm", a wall-clock time', examples: ['2026-12-09T10:00'] });
const previewAnswer = z.object({
  ruleSetVersion: z.int().nullable().meta({ description: 'the stored version previewed; null for a draft sent in the body' }),
  from: z.string(),
  days: z.int(),
  prospects: z.array(
    z.object({
      label: z.enum(['es_mobile', 'es_canary_landline', 'us', 'typed']),
      phone: z.string(),
      e164: z.string(),
      country: z.string().meta({ description: 'the country whose calling rule applies; "ZZ" when the number names none' }),
      timeZone: z.string().meta({ description: 'the zone `local` times are in: the one the conversation shows this person' }),
      zone: z
        .object({
          shownIn: z.string().nullable(),
          candidates: z.array(z.string()),
          stated: z.boolean(),
          numberAlone: z.array(z.string()),
        })
        .meta({
          description: 'the zone times are shown in (null: none known), the zones the number may ring in, and whether the person stated it',
        }),
      law: z
        .object({ citation: z.string(), narrowedTo: z.array(z.string()) })
        .meta({ description: "the calling rule that applies, and this team's stricter windows for its country" }),
      slots: z.array(z.object({ startUtc: z.string(), endUtc: z.string(), local: localMinute, team: localMinute })),
      closed: z.array(
        z.object({
          fromUtc: z.string(),
          toUtc: z.string(),
          localFrom: localMinute,
          localTo: localMinute,
          reason: z.enum(['unlawful', 'holiday', 'team_closed', 'full', 'too_soon', 'beyond_horizon']),
        }),
      ),
    }),
  ),
});

const PREVIEW_EXAMPLE = {
  ruleSetVersion: 1,
  from: '2026-12-07',
  days: 3,
  prospects: [
    {
      label: 'es_mobile',
      phone: '+34 612 345 678',
      e164: '+34612345678',
      country: 'ES',
      timeZone: 'Europe/Madrid',
      zone: {
        shownIn: 'Europe/Madrid',
        candidates: ['Europe/Madrid', 'Atlantic/Canary'],
        stated: false,
        numberAlone: ['Europe/Madrid', 'Atlantic/Canary'],
      },
      law: {
        citation:
          'Spain, RDL 1/2007 (TRLGDCU) art. 96.2 as amended by Ley 3/2014: 09:00–21:00 local time, Monday–Friday, not on public holidays',
        narrowedTo: [],
      },
      slots: [
        { startUtc: '2026-12-09T09:00:00.000Z', endUtc: '2026-12-09T09:30:00.000Z', local: '2026-12-09T10:00', team: '2026-12-09T10:00' },
      ],
      closed: [
        {
          fromUtc: '2026-12-07T23:00:00.000Z',
          toUtc: '2026-12-08T23:00:00.000Z',
          localFrom: '2026-12-08T00:00',
          localTo: '2026-12-09T00:00',
          reason: 'holiday' as const,
        },
      ],
    },
  ],
};

const diffAnswer = z.object({
  from: z.int(),
  to: z.int(),
  changes: z.array(
    z.object({
      path: z.string().meta({ examples: ['weeklyHours.mon', 'capacity.default', 'dateOverrides.2026-12-24'] }),
      before: z.unknown().meta({ description: 'the value in `from`; null where it had none' }),
      after: z.unknown().meta({ description: 'the value in `to`; null where it has none' }),
    }),
  ),
});

const versionField = z
  .string()
  .regex(/^[1-9]\d{0,8}$/, 'expected a version number (1, 2, …)')
  .transform(Number);

const HOLIDAY_COUNTRIES = holidayCountries() as [string, ...string[]];
const holidaysQuery = z.object({
  country: z.enum(HOLIDAY_COUNTRIES, { message: 'expected a country with a holiday calendar, like "ES"' }).meta({ examples: ['ES'] }),
  region: z
    .string()
    .regex(/^[A-Z0-9]{1,3}$/, 'expected a subdivision code like "MD"')
    .optional()
    .meta({ examples: ['CN'] }),
  from: isoDateField.optional().meta({ description: 'the first day; today (UTC) when left out' }),
  months: z
    .string()
    .regex(/^(?:[1-9]|1[0-2])$/, 'expected a number of months, 1 to 12')
    .transform(Number)
    .optional()
    .meta({ description: 'how many months from `from`; 12 when left out' }),
});

/** Admin REST for availability rule sets: every change validated, versioned, and attributed to its key. */
export function adminRuleSetRoutes(deps: AdminRuleSetDependencies): RouteDefinition[] {
  const { ruleSets } = deps;
  const previewBody = z.strictObject({
    from: isoDateField.optional().meta({ description: "the first day, on the team's calendar; today there when left out" }),
    days: z.int().min(1).max(MAX_PREVIEW_DAYS).default(7),
    ruleSet: bookableRuleSetSchema.optional().meta({ description: 'a draft to preview instead of the stored version (as PUT takes it)' }),
    numbers: z
      .array(typedPhoneField(deps.defaultPhoneCountry))
      .max(MAX_TYPED_NUMBERS, `at most ${MAX_TYPED_NUMBERS} numbers`)
      .default([])
      .meta({ description: 'numbers to preview beside the three samples' }),
  });
  return [
    defineRoute(
      {
        method: 'get',
        path: '/api/admin/rule-sets',
        summary: 'The rule sets in force',
        tags: TAGS,
        auth: ['admin'],
        responses: { 200: { description: '`{ ruleSets: [...] }`, the newest version of each' } },
      },
      async ({ res }) => {
        res.send(200, { ruleSets: await ruleSets.list() });
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/admin/rule-sets/:id',
        summary: 'One rule set, its newest version (ETag: its version)',
        tags: TAGS,
        auth: ['admin'],
        params: ruleSetIdParams,
        examples: { params: { id: 'madrid-sales' } },
        responses: { 200: { description: 'the stored rule set' }, 404: notFound },
      },
      async ({ params, res }) => {
        const stored = await ruleSets.current(params.id);
        if (!stored) throw ApiError.notFound(`no rule set "${params.id}"`);
        sendStored(res, 200, stored);
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/admin/rule-sets/:id/history',
        summary: 'Every version of a rule set, newest first, with who changed it and when',
        tags: TAGS,
        auth: ['admin'],
        params: ruleSetIdParams,
        examples: { params: { id: 'madrid-sales' } },
        responses: { 200: { description: '`{ versions: [...] }`' }, 404: notFound },
      },
      async ({ params, res }) => {
        const versions = await ruleSets.history(params.id);
        if (versions.length === 0) throw ApiError.notFound(`no rule set "${params.id}"`);
        res.send(200, { versions });
      },
    ),
    defineRoute(
      {
        method: 'put',
        path: '/api/admin/rule-sets/:id',
        summary: 'Create or replace a rule set',
        description: 'The id is taken from the path; a body naming another id is refused.',
        tags: TAGS,
        auth: ['admin'],
        params: ruleSetIdParams,
        headers: ifMatchHeaders,
        body: bookableRuleSetSchema,
        examples: { params: { id: 'madrid-sales' }, headers: { 'if-match': '"1"' }, body: EXAMPLE_RULE_SET },
        responses: {
          200: { description: 'replaced: a new version (ETag: its version)', links: ruleSetLinks },
          201: { description: 'created: version 1', links: ruleSetLinks },
          409: { description: 'another writer saved a version at the same moment; `current` says which and who' },
          412: { description: 'If-Match names a version that is no longer the newest; `current` says which is, and who wrote it' },
        },
      },
      async ({ params, headers, body, req, res }) => {
        if (body.id !== undefined && body.id !== params.id)
          throw ApiError.invalid('id', `the body's id must match the URL ("${params.id}")`);
        const expected = headers['if-match'];
        try {
          const stored = await ruleSets.save({ ...body, id: params.id }, callerOf(req).keyId, expected);
          sendStored(res, stored.version === 1 ? 201 : 200, stored);
        } catch (error) {
          if (!(error instanceof VersionConflict)) throw error;
          throw await versionConflict(error, expected, deps.keys);
        }
      },
    ),
    defineRoute(
      {
        method: 'post',
        path: '/api/admin/rule-sets/:id/preview',
        summary: 'What a Spanish mobile, a Canary landline, a New York number and typed numbers would be offered',
        description:
          "The slots each prospect would be offered from `from` for `days` days (in the rule set's zone), on their own clock, " +
          'and the reason for every other hour: `unlawful` (the calling window of their number), `holiday`, `team_closed`, ' +
          '`full` (its seats taken by real bookings), `too_soon` (notice), `beyond_horizon`. The same engine and lawful ' +
          'windows as the conversation. `ruleSet` previews a draft (validated as PUT validates it) instead of the stored version.',
        tags: TAGS,
        auth: ['admin'],
        params: ruleSetIdParams,
        body: previewBody,
        examples: { params: { id: 'madrid-sales' }, body: { from: '2026-12-07', days: 3, numbers: ['+34 912 345 678'] } },
        responses: {
          200: { description: 'the preview (one prospect of the four shown here)', schema: previewAnswer, example: PREVIEW_EXAMPLE },
          404: { description: 'no rule set with that id, and no draft in the body' },
        },
      },
      async ({ params, body, res }) => {
        if (body.ruleSet?.id !== undefined && body.ruleSet.id !== params.id)
          throw ApiError.invalid('ruleSet.id', `the draft's id must match the URL ("${params.id}")`);
        const stored = body.ruleSet ? null : await ruleSets.current(params.id);
        if (!body.ruleSet && !stored) throw ApiError.notFound(`no rule set "${params.id}"`);
        const ruleSet = body.ruleSet ? parseRuleSet({ ...body.ruleSet, id: params.id }) : stored!.ruleSet;
        const now = deps.clock();
        const from = body.from ?? DateTime.fromJSDate(now, { zone: ruleSet.timeZone }).toISODate()!;
        const typed = body.numbers.map((n): PreviewProspect => ({ label: 'typed', phone: n.typed, e164: n.e164 }));
        const bookings = await deps.bookings.seatsHeld(ruleSet, previewRange(ruleSet, from, body.days));
        const prospects = previewOffers({ ruleSet, from, days: body.days, prospects: [...SAMPLE_PROSPECTS, ...typed], bookings, now });
        res.send(200, { ruleSetVersion: stored?.version ?? null, from, days: body.days, prospects });
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/admin/rule-sets/:id/diff',
        summary: 'What changed between two versions of a rule set, field by field',
        tags: TAGS,
        auth: ['admin'],
        params: ruleSetIdParams,
        query: z.object({ from: versionField, to: versionField }),
        examples: { params: { id: 'madrid-sales' }, query: { from: '1', to: '2' } },
        responses: {
          200: {
            description: 'the changes from `from` to `to`',
            schema: diffAnswer,
            example: { from: 1, to: 2, changes: [{ path: 'capacity.default', before: 3, after: 4 }] },
          },
          404: { description: 'no rule set with that id, or no such version of it' },
        },
      },
      async ({ params, query, res }) => {
        const [before, after] = await Promise.all([ruleSets.atVersion(params.id, query.from), ruleSets.atVersion(params.id, query.to)]);
        if (!before) throw ApiError.notFound(`rule set "${params.id}" has no version ${query.from}`);
        if (!after) throw ApiError.notFound(`rule set "${params.id}" has no version ${query.to}`);
        res.send(200, { from: query.from, to: query.to, changes: ruleSetChanges(before.ruleSet, after.ruleSet) });
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/admin/holidays',
        summary: "A country's (and region's) public holidays over the coming months, with their names",
        description: 'The calendar the engine closes days by (date-holidays, public holidays only), in its own language.',
        tags: TAGS,
        auth: ['admin'],
        query: holidaysQuery,
        examples: { query: { country: 'ES', region: 'CN', from: '2026-12-01', months: '3' } },
        responses: {
          200: {
            description: '`{ holidays: [{ date, name }] }`, by date',
            schema: z.object({ holidays: z.array(z.object({ date: z.string(), name: z.string() })) }),
            example: { holidays: [{ date: '2026-12-08', name: 'La inmaculada concepción' }] },
          },
        },
      },
      ({ query, res }) => {
        if (query.region !== undefined && !isKnownHolidayRegion(query.country, query.region))
          throw ApiError.invalid('region', `no holiday calendar for region ${query.country}-${query.region}`);
        const from = query.from ?? deps.clock().toISOString().slice(0, 10);
        const fromDay = dayNumberFromIsoDate(from);
        const toDay = dayNumberFromIsoDate(
          DateTime.fromISO(from, { zone: 'UTC' })
            .plus({ months: query.months ?? 12 })
            .toISODate()!,
        );
        const ref = query.region === undefined ? { country: query.country } : { country: query.country, region: query.region };
        res.send(200, { holidays: publicHolidayNames(ref, fromDay, toDay) });
      },
    ),
  ];
}
