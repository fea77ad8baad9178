import { z } from 'zod';
import type { ImportRow, PeopleStore, PersonPatch } from '../../services/people/peopleStore';
import { customerRelationSchema, type Provenance, provenanceSchema } from '../../services/people/person';
import { ApiError } from './errors';
import { countryCodeField, dateOrInstantField, ianaZoneField, phoneField, phoneText, wordsField } from './fields';
import { defineRoute, type RouteDefinition } from './route';
import { LANGUAGES } from '../../services/language/language';

// The stored shapes as JSON sends them: instants as ISO 8601 text, words that are not blank.
const provenanceField = provenanceSchema.extend({
  campaign: wordsField(120).nullable().default(null),
  collectedAt: dateOrInstantField,
  detail: wordsField(300).nullable().default(null),
});
const customerField = customerRelationSchema.extend({
  since: dateOrInstantField.nullable().default(null),
  lastInteractionAt: dateOrInstantField.nullable().default(null),
  products: z.array(wordsField(80)).max(50).default([]),
});

const personFields = z.strictObject({
  existingCustomer: z.boolean().optional(),
  customer: customerField.nullable().optional(),
  timeZone: ianaZoneField.nullable().optional(),
  region: z
    .string()
    .regex(/^[A-Z0-9]{1,3}$/, 'expected a subdivision code like "MD"')
    .nullable()
    .optional(),
  language: z.enum(LANGUAGES).nullable().optional(),
  provenance: provenanceField.optional(),
});

// Create → read → erase: what a client does next with the person a PUT answered.
const byPhone = { phone: '$response.body#/phoneE164' };
const personLinks = {
  GetPerson: { operationId: 'get /api/admin/people/{phone}', parameters: byPhone },
  PersonConsent: { operationId: 'get /api/admin/people/{phone}/consent', parameters: byPhone },
  ExportPerson: { operationId: 'get /api/admin/people/{phone}/export', parameters: byPhone },
  ErasePerson: { operationId: 'delete /api/admin/people/{phone}', parameters: byPhone },
};

const importRow = personFields.extend({ phone: phoneText });

/** Enough to fix a file; a file where every row is wrong does not need all 10,000 of them spelled out. */
const MAX_ISSUES = 1_000;
const TAGS = ['admin: people'];

type PersonFields = z.infer<typeof personFields>;

function patchOf(fields: PersonFields): PersonPatch {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

export interface AdminPeopleDependencies {
  people: PeopleStore;
  clock: () => Date;
  /** How numbers without a prefix are read when the request does not say (DEFAULT_PHONE_COUNTRY). */
  defaultPhoneCountry: string;
}

/** Admin REST for people: the existing-customer flag, zone and provenance, one by one or by import. */
export function adminPeopleRoutes({ people, clock, defaultPhoneCountry }: AdminPeopleDependencies): RouteDefinition[] {
  const provenanceNow = (source: 'admin' | 'import'): Provenance => ({ source, campaign: null, collectedAt: clock(), detail: null });
  // The number in the path is read as national for `?country=` (DEFAULT_PHONE_COUNTRY when not given), so the
  // path and the query are checked together: the phone's validity depends on the country.
  const phoneParams = z.object({ phone: phoneText });
  const countryQuery = z.object({ country: countryCodeField.default(defaultPhoneCountry) });
  const e164Of = (phone: string, country: string): string => {
    const read = phoneField(country).safeParse(phone);
    if (!read.success) throw ApiError.invalid('phone', read.error.issues[0]?.message ?? 'expected a phone number');
    return read.data;
  };
  // The schema names every row whose fields are wrong; whether each number is in use for `defaultCountry` is
  // checked after, row by row, so that every such row is named too.
  const importBody = z.strictObject({
    defaultCountry: countryCodeField.default(defaultPhoneCountry),
    people: z.array(importRow).min(1, 'expected at least one person').max(10_000, 'at most 10,000 people per import'),
  });
  const examples = { params: { phone: '+34612345678' }, query: { country: 'ES' } };

  return [
    defineRoute(
      {
        method: 'put',
        path: '/api/admin/people/:phone',
        summary: 'Create or update a person',
        tags: TAGS,
        auth: ['admin'],
        params: phoneParams,
        query: countryQuery,
        body: personFields,
        examples: { ...examples, body: { existingCustomer: true, timeZone: 'Atlantic/Canary', region: 'CN', language: 'es' } },
        responses: { 200: { description: 'updated', links: personLinks }, 201: { description: 'created', links: personLinks } },
      },
      async ({ params, query, body, res }) => {
        const phone = e164Of(params.phone, query.country);
        const { person, created } = await people.upsertByPhone(phone, patchOf(body), {
          provenance: body.provenance ?? provenanceNow('admin'),
        });
        res.send(created ? 201 : 200, person);
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/admin/people/:phone',
        summary: 'The person with this number',
        tags: TAGS,
        auth: ['admin'],
        params: phoneParams,
        query: countryQuery,
        examples,
        responses: { 200: { description: 'the person' }, 404: { description: 'no person with that number' } },
      },
      async ({ params, query, res }) => {
        const person = await people.getByPhone(e164Of(params.phone, query.country));
        if (!person) throw ApiError.notFound('no person with that number');
        res.send(200, person);
      },
    ),
    // Every row is checked before any is stored: a file with one bad row changes nothing.
    defineRoute(
      {
        method: 'post',
        path: '/api/admin/people/import',
        summary: 'Create or update up to 10,000 people; nothing is stored if one row is bad',
        tags: TAGS,
        auth: ['admin'],
        body: importBody,
        examples: { body: { defaultCountry: 'ES', people: [{ phone: '+34915550406', region: 'MD' }, { phone: '+34612345678' }] } },
        responses: { 200: { description: '`{ created, updated }`' } },
      },
      async ({ body, res }) => {
        const issues: Array<{ field: string; message: string }> = [];
        const rows: ImportRow[] = [];
        const phoneIn = phoneField(body.defaultCountry);
        body.people.forEach((row, index) => {
          const phone = phoneIn.safeParse(row.phone);
          if (!phone.success) {
            issues.push({ field: `people.${index}.phone`, message: `"${row.phone}": ${phone.error.issues[0]?.message}` });
            return;
          }
          const { phone: _typed, ...fields } = row;
          rows.push({ phoneE164: phone.data, patch: patchOf(fields), provenance: fields.provenance ?? provenanceNow('import') });
        });
        const first = issues[0];
        if (first) {
          const badRows = new Set(issues.map((issue) => issue.field.split('.')[1])).size;
          throw new ApiError(400, {
            code: 'ValidationFailed',
            field: first.field,
            message: `${badRows} row(s) are invalid (first: ${first.field}: ${first.message}); nothing was imported`,
            issues: issues.slice(0, MAX_ISSUES),
          });
        }
        res.send(200, await people.upsertMany(rows));
      },
    ),
  ];
}
