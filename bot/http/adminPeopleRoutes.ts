import { z } from 'zod';
import type { ConsentLedger } from '../../services/consent/ledger';
import type { DataRights } from '../../services/dataRights/dataRights';
import { readCsv } from '../../services/text/csv';
import type { ImportRow, PeopleStore, PersonPatch } from '../../services/people/peopleStore';
import { customerRelationSchema, type PersonDocument, type Provenance, provenanceSchema } from '../../services/people/person';
import { ApiError } from './errors';
import { countryCodeField, dateOrInstantField, ianaZoneField, phoneField, phonePathParams, phoneText, wordsField } from './fields';
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
type ImportRowInput = z.output<typeof importRow>;

/** The columns of a people CSV, as the JSON import's fields are named; campaign is the provenance's. */
const CSV_COLUMNS = ['phone', 'existingCustomer', 'timeZone', 'region', 'language', 'campaign'] as const;
type CsvColumn = (typeof CSV_COLUMNS)[number];
const YES = new Set(['true', 'yes', 'sí', 'si', '1']);
const NO = new Set(['false', 'no', '0']);

interface ImportIssue {
  field: string;
  message: string;
  line?: number;
}
/** A row to import, or what is wrong with it, and where it is in the request (a JSON index or a CSV line). */
type Candidate = { row: ImportRowInput; field: string; line?: number } | { issues: ImportIssue[] };

/** Enough to fix a file; a file where every row is wrong does not need all 10,000 of them spelled out. */
const MAX_ISSUES = 1_000;
const TAGS = ['admin: people'];

type PersonFields = z.infer<typeof personFields>;

function patchOf(fields: PersonFields): PersonPatch {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

export interface AdminPeopleDependencies {
  people: PeopleStore;
  ledger: ConsentLedger;
  rights: DataRights;
  clock: () => Date;
  /** How numbers without a prefix are read when the request does not say (DEFAULT_PHONE_COUNTRY). */
  defaultPhoneCountry: string;
}

/**
 * Admin REST for people, every /api/admin/people/:phone route: the existing-customer flag, zone and provenance,
 * one by one or by import; their consent; their data (export, erasure).
 */
export function adminPeopleRoutes(deps: AdminPeopleDependencies): RouteDefinition[] {
  const { people, clock, defaultPhoneCountry } = deps;
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
  const importBody = z.strictObject({
    defaultCountry: countryCodeField.default(defaultPhoneCountry),
    people: z.array(importRow).min(1, 'expected at least one person').max(10_000, 'at most 10,000 people per import'),
  });
  const examples = { params: { phone: '+34612345678' }, query: { country: 'ES' } };
  // Consent, export and erasure read the path alone, as national for DEFAULT_PHONE_COUNTRY when without a prefix.
  const personPath = phonePathParams(defaultPhoneCountry);
  const phoneExample = { phone: '+34915550100' };
  const unknownPerson = { description: 'no person with that number' };
  const ADMIN = ['admin'] as const;
  const personOf = async (phoneE164: string): Promise<PersonDocument> => {
    const person = await people.getByPhone(phoneE164);
    if (!person) throw ApiError.notFound(`no person with the number ${phoneE164}`);
    return person;
  };

  // Every row is checked before any is stored: a file with one bad row changes nothing. Whether each number is
  // in use for `defaultCountry` is checked here, after the schema, so that every such row is named too.
  const importAll = async (candidates: readonly Candidate[], defaultCountry: string) => {
    const issues: ImportIssue[] = [];
    const rows: ImportRow[] = [];
    const phoneIn = phoneField(defaultCountry);
    for (const candidate of candidates) {
      if ('issues' in candidate) {
        issues.push(...candidate.issues);
        continue;
      }
      const { row, field, line } = candidate;
      const phone = phoneIn.safeParse(row.phone);
      if (!phone.success) {
        const at = line === undefined ? `${field}.phone` : 'phone';
        issues.push({ field: at, message: `"${row.phone}": ${phone.error.issues[0]?.message}`, ...(line === undefined ? {} : { line }) });
        continue;
      }
      const { phone: _typed, ...fields } = row;
      rows.push({ phoneE164: phone.data, patch: patchOf(fields), provenance: fields.provenance ?? provenanceNow('import') });
    }
    const first = issues[0];
    if (first) {
      const badRows = new Set(issues.map((issue) => issue.line ?? issue.field.split('.')[1])).size;
      const where = first.line === undefined ? first.field : `line ${first.line}, ${first.field}`;
      throw new ApiError({
        code: 'ValidationFailed',
        field: first.field,
        ...(first.line === undefined ? {} : { line: first.line }),
        message: `${badRows} row(s) are invalid (first: ${where}: ${first.message}); nothing was imported`,
        issues: issues.slice(0, MAX_ISSUES),
      });
    }
    return people.upsertMany(rows);
  };

  /** A CSV file as the rows of a JSON import, each checked by the same schema and named by its line and column. */
  const csvRows = (text: string): Candidate[] => {
    const read = readCsv(text);
    if (read.unreadable) {
      const { line, reason } = read.unreadable;
      throw ApiError.invalid('(body)', `line ${line} cannot be read as CSV: ${reason}`, { line });
    }
    const [header, ...records] = read.records;
    if (!header) throw ApiError.invalid('(body)', 'expected a header line naming the columns, then one person a line');
    const columns = header.cells.map((name) => CSV_COLUMNS.find((column) => column.toLowerCase() === name.toLowerCase()));
    const unknown = header.cells.findIndex((_, index) => columns[index] === undefined);
    if (unknown !== -1) {
      throw ApiError.invalid('(header)', `unknown column "${header.cells[unknown]}"; expected some of ${CSV_COLUMNS.join(', ')}`, {
        line: header.line,
      });
    }
    if (!columns.includes('phone')) throw ApiError.invalid('(header)', 'expected a phone column', { line: header.line });
    if (records.length === 0) throw ApiError.invalid('(body)', 'expected at least one person after the header line');
    if (records.length > 10_000) throw ApiError.invalid('(body)', 'at most 10,000 people per import');
    return records.map(({ line, cells }): Candidate => {
      if (cells.length > columns.length) {
        return { issues: [{ field: '(row)', line, message: `${cells.length} cells, but the header names ${columns.length} columns` }] };
      }
      const issues: ImportIssue[] = [];
      const raw: Record<string, unknown> = {};
      cells.forEach((cell, index) => {
        const column = columns[index] as CsvColumn;
        if (cell === '') return;
        if (column === 'existingCustomer') {
          const word = cell.toLowerCase();
          if (YES.has(word)) raw.existingCustomer = true;
          else if (NO.has(word)) raw.existingCustomer = false;
          else issues.push({ field: column, line, message: `expected true or false, not "${cell.slice(0, 40)}"` });
        } else if (column === 'campaign') {
          raw.provenance = { source: 'import', campaign: cell, collectedAt: clock().toISOString() };
        } else raw[column] = cell;
      });
      if (raw.phone === undefined) issues.push({ field: 'phone', line, message: 'expected a phone number' });
      const parsed = importRow.safeParse(raw);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const field = issue.path[0] === 'provenance' ? 'campaign' : String(issue.path[0] ?? '(row)');
          if (!issues.some((known) => known.field === field)) issues.push({ field, line, message: issue.message });
        }
      }
      return issues.length > 0 || !parsed.success ? { issues } : { row: parsed.data, field: '(row)', line };
    });
  };

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
        res.send(
          200,
          await importAll(
            body.people.map((row, index) => ({ row, field: `people.${index}` })),
            body.defaultCountry,
          ),
        );
      },
    ),
    defineRoute(
      {
        method: 'post',
        path: '/api/admin/people/import/csv',
        summary: 'The same import from a CSV file (a header line naming the columns); nothing is stored if one row is bad',
        description:
          `Columns (any order, names as here, case aside): ${CSV_COLUMNS.join(', ')}; only phone is required, an empty cell ` +
          "leaves the field as it is. existingCustomer is true/false (also yes/no, sí/no, 1/0); campaign is the provenance's " +
          'campaign (it routes the person to the team that runs it). Comma, semicolon or tab separated, as the header line is. ' +
          'Every bad cell is reported with its line and column.',
        tags: TAGS,
        auth: ['admin'],
        query: z.object({ defaultCountry: countryCodeField.default(defaultPhoneCountry) }),
        bodyType: 'csv',
        // `format: people-csv`: a header line with a phone column, then one person a line.
        body: z.string().regex(/[0-9]/, 'expected a text/csv body: a header line, then one person a line').meta({ format: 'people-csv' }),
        examples: {
          // Numbers with their prefix: a fuzzer pairs this body with any defaultCountry, and 612345678 is Spanish only under ES.
          query: { defaultCountry: 'ES' },
          body: 'phone,timeZone,region,campaign\n+34915550408,Europe/Madrid,MD,otono\n+34612345678,,,\n',
        },
        responses: { 200: { description: '`{ created, updated }`' } },
      },
      async ({ query, body, res }) => {
        res.send(200, await importAll(csvRows(body), query.defaultCountry));
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/admin/people/:phone/consent',
        summary: 'The consent events of a person, the state derived from them, and whether the number is suppressed',
        tags: ['admin: consent'],
        auth: ADMIN,
        params: personPath,
        examples: { params: phoneExample },
        responses: { 200: { description: '`{ phone, personId, current, events, suppressed }`' }, 404: unknownPerson },
      },
      async ({ params, res }) => {
        const person = await personOf(params.phone);
        const [current, events, suppressed] = await Promise.all([
          deps.ledger.stateOf(person._id),
          deps.ledger.history(person._id),
          deps.ledger.isSuppressed(person.phoneE164),
        ]);
        res.send(200, { phone: person.phoneE164, personId: person._id, current, events, suppressed });
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/admin/people/:phone/export',
        summary: 'Everything held about the person, as JSON (RGPD art. 15 and 20)',
        tags: ['admin: data rights'],
        auth: ADMIN,
        params: personPath,
        examples: { params: phoneExample },
        responses: { 200: { description: 'the export' }, 404: unknownPerson },
      },
      async ({ params, res }) => {
        const data = await deps.rights.exportPerson((await personOf(params.phone))._id);
        if (!data) throw ApiError.notFound('the person was erased meanwhile');
        res.send(200, data);
      },
    ),
    defineRoute(
      {
        method: 'del',
        path: '/api/admin/people/:phone',
        summary: 'Erase the person and all linked to them; a salted hash of the number stays suppressed',
        tags: ['admin: data rights'],
        auth: ADMIN,
        params: personPath,
        examples: { params: phoneExample },
        responses: { 200: { description: '`{ phone, personId, removed, suppressionKept }`' }, 404: unknownPerson },
      },
      async ({ params, res }) => {
        const person = await personOf(params.phone);
        const receipt = await deps.rights.erasePerson(person._id, clock());
        if (!receipt) throw ApiError.notFound('the person was erased meanwhile');
        res.send(200, { phone: person.phoneE164, ...receipt });
      },
    ),
  ];
}
