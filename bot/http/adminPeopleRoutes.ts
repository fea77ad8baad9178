import { IANAZone } from 'luxon';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { ApiKeyStore } from '../../services/auth/apiKeys';
import { normalisePhone } from '../../services/people/phone';
import type { PeopleStore, PersonPatch } from '../../services/people/peopleStore';
import { customerRelationSchema, provenanceSchema } from '../../services/people/person';
import { requireRole } from './apiAuth';
import { sendError, sendValidationError } from './errors';

const ianaZone = z.string().refine((zone) => !/^[+-]/.test(zone) && IANAZone.isValidZone(zone), 'expected an IANA time zone like "Europe/Madrid"');

const personFields = z.strictObject({
  existingCustomer: z.boolean().optional(),
  customer: customerRelationSchema.nullable().optional(),
  timeZone: ianaZone.nullable().optional(),
  region: z.string().regex(/^[A-Z0-9]{1,3}$/, 'expected a subdivision code like "MD"').nullable().optional(),
  language: z.enum(['es', 'en']).nullable().optional(),
  provenance: provenanceSchema.optional(),
});

const importRow = personFields.extend({ phone: z.string().min(3, 'expected a phone number') });
const importBody = z.strictObject({
  defaultCountry: z.string().regex(/^[A-Z]{2}$/, 'expected a country code like "ES"').default('ES'),
  people: z.array(importRow).min(1).max(10_000),
});

type PersonFields = z.infer<typeof personFields>;

function patchOf(fields: PersonFields): PersonPatch {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as PersonPatch;
}

/** Admin REST for people: the existing-customer flag, zone and provenance, one by one or by import. */
export function registerAdminPeopleRoutes(server: Server, keys: ApiKeyStore, people: PeopleStore, clock: () => Date): void {
  const adminOnly = requireRole(keys, ['admin']);

  server.put('/api/admin/people/:phone', adminOnly, async (req: Request, res: Response) => {
    const phone = normalisePhone(String(req.params.phone), typeof req.query?.country === 'string' ? req.query.country : 'ES');
    if (!phone.ok) return sendError(res, 400, { code: 'ValidationFailed', field: 'phone', message: 'expected a valid phone number, e.g. +34612345678' });
    const body = personFields.safeParse(req.body ?? {});
    if (!body.success) return sendValidationError(res, body.error);
    const existed = (await people.getByPhone(phone.e164)) !== null;
    const person = await people.findOrCreateByPhone(phone.e164, { provenance: body.data.provenance ?? { source: 'admin', campaign: null, collectedAt: clock(), detail: null } });
    const updated = await people.update(person._id, patchOf(body.data));
    res.send(existed ? 200 : 201, updated);
  });

  server.get('/api/admin/people/:phone', adminOnly, async (req: Request, res: Response) => {
    const phone = normalisePhone(String(req.params.phone), 'ES');
    const person = phone.ok ? await people.getByPhone(phone.e164) : null;
    if (!person) return sendError(res, 404, { code: 'NotFound', message: 'no person with that number' });
    res.send(200, person);
  });

  // All rows are checked before any is stored: a bad file changes nothing.
  server.post('/api/admin/people/import', adminOnly, async (req: Request, res: Response) => {
    const body = importBody.safeParse(req.body);
    if (!body.success) return sendValidationError(res, body.error);
    const rows = body.data.people.map((row, index) => ({ row, index, phone: normalisePhone(row.phone, body.data.defaultCountry) }));
    const bad = rows.filter((r) => !r.phone.ok).map((r) => ({ field: `people.${r.index}.phone`, message: `"${r.row.phone}" is not a valid phone number` }));
    if (bad.length > 0) {
      return sendError(res, 400, { code: 'ValidationFailed', field: bad[0]!.field, message: `${bad.length} row(s) have an invalid phone number; nothing was imported`, issues: bad });
    }
    const counts = await people.upsertMany(
      rows.flatMap(({ row, phone }) => {
        if (!phone.ok) return [];
        const { phone: _typed, ...fields } = row;
        return [{ phoneE164: phone.e164, patch: patchOf(fields), provenance: { source: 'import' as const, campaign: null, collectedAt: clock(), detail: null } }];
      }),
    );
    res.send(200, counts);
  });
}
