import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { ApiKeyStore } from '../../services/auth/apiKeys';
import { isIanaZoneName } from '../../services/availability/lawfulWindow';
import { isKnownCountry, normalisePhone, PhoneCheck } from '../../services/people/phone';
import type { ImportRow, PeopleStore, PersonPatch } from '../../services/people/peopleStore';
import { customerRelationSchema, Provenance, provenanceSchema } from '../../services/people/person';
import { requireRole } from './apiAuth';
import { ApiErrorBody, sendError, sendValidationError } from './errors';

const ianaZone = z.string().refine(isIanaZoneName, 'expected an IANA time zone like "Europe/Madrid", not an offset');
const countryCode = z.string().refine(isKnownCountry, 'expected a country code like "ES"');

const personFields = z.strictObject({
  existingCustomer: z.boolean().optional(),
  customer: customerRelationSchema.nullable().optional(),
  timeZone: ianaZone.nullable().optional(),
  region: z
    .string()
    .regex(/^[A-Z0-9]{1,3}$/, 'expected a subdivision code like "MD"')
    .nullable()
    .optional(),
  language: z.enum(['es', 'en']).nullable().optional(),
  provenance: provenanceSchema.optional(),
});

const importRow = personFields.extend({ phone: z.string().min(1, 'expected a phone number') });
// Rows are checked one by one afterwards, so that every bad row is named, phone numbers included.
const importBody = z.strictObject({
  defaultCountry: countryCode.default('ES'),
  people: z.array(z.unknown()).min(1, 'expected at least one person').max(10_000, 'at most 10,000 people per import'),
});

/** Enough to fix a file; a file where every row is wrong does not need all 10,000 of them spelled out. */
const MAX_ISSUES = 1_000;

type PersonFields = z.infer<typeof personFields>;

function patchOf(fields: PersonFields): PersonPatch {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as PersonPatch;
}

/** The number in the path, read as national for `?country=` (Spain by default), or the 400 to answer. */
function phoneOf(req: Request): { ok: true; e164: string } | { ok: false; error: ApiErrorBody } {
  const country: unknown = req.query?.country ?? 'ES';
  if (typeof country !== 'string' || !isKnownCountry(country)) {
    return { ok: false, error: { code: 'ValidationFailed', field: 'country', message: 'expected a country code like "ES"' } };
  }
  const phone: PhoneCheck = normalisePhone(String(req.params.phone ?? ''), country);
  return phone.ok
    ? phone
    : { ok: false, error: { code: 'ValidationFailed', field: 'phone', message: 'expected a valid phone number, e.g. +34612345678' } };
}

/** Admin REST for people: the existing-customer flag, zone and provenance, one by one or by import. */
export function registerAdminPeopleRoutes(
  server: Server,
  keys: ApiKeyStore,
  people: PeopleStore,
  clock: () => Date = () => new Date(),
): void {
  const adminOnly = requireRole(keys, ['admin']);
  const provenanceNow = (source: 'admin' | 'import'): Provenance => ({ source, campaign: null, collectedAt: clock(), detail: null });

  server.put('/api/admin/people/:phone', adminOnly, async (req: Request, res: Response) => {
    const phone = phoneOf(req);
    if (!phone.ok) return sendError(res, 400, phone.error);
    const body = personFields.safeParse(req.body ?? {});
    if (!body.success) return sendValidationError(res, body.error);
    const { person, created } = await people.upsertByPhone(phone.e164, patchOf(body.data), {
      provenance: body.data.provenance ?? provenanceNow('admin'),
    });
    res.send(created ? 201 : 200, person);
  });

  server.get('/api/admin/people/:phone', adminOnly, async (req: Request, res: Response) => {
    const phone = phoneOf(req);
    if (!phone.ok) return sendError(res, 400, phone.error);
    const person = await people.getByPhone(phone.e164);
    if (!person) return sendError(res, 404, { code: 'NotFound', message: 'no person with that number' });
    res.send(200, person);
  });

  // Every row is checked before any is stored: a file with one bad row changes nothing.
  server.post('/api/admin/people/import', adminOnly, async (req: Request, res: Response) => {
    const body = importBody.safeParse(req.body);
    if (!body.success) return sendValidationError(res, body.error);
    const issues: Array<{ field: string; message: string }> = [];
    const rows: ImportRow[] = [];
    body.data.people.forEach((raw, index) => {
      const row = importRow.safeParse(raw);
      if (!row.success) {
        for (const issue of row.error.issues)
          issues.push({ field: ['people', index, ...issue.path].map(String).join('.'), message: issue.message });
        return;
      }
      const phone = normalisePhone(row.data.phone, body.data.defaultCountry);
      if (!phone.ok) {
        issues.push({ field: `people.${index}.phone`, message: `"${row.data.phone}" is not a valid phone number` });
        return;
      }
      const { phone: _typed, ...fields } = row.data;
      rows.push({ phoneE164: phone.e164, patch: patchOf(fields), provenance: fields.provenance ?? provenanceNow('import') });
    });
    const first = issues[0];
    if (first) {
      const badRows = new Set(issues.map((issue) => issue.field.split('.')[1])).size;
      return sendError(res, 400, {
        code: 'ValidationFailed',
        field: first.field,
        message: `${badRows} row(s) are invalid (first: ${first.field}: ${first.message}); nothing was imported`,
        issues: issues.slice(0, MAX_ISSUES),
      });
    }
    res.send(200, await people.upsertMany(rows));
  });
}
