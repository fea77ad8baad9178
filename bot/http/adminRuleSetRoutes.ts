import type { Response } from 'restify';
import { z } from 'zod';
import { bookableRuleSetSchema } from '../../services/availability/ruleSet';
import { RuleSetStore, RuleSetVersionConflict, type StoredRuleSet } from '../../services/availability/ruleSetStore';
import { callerOf } from './apiAuth';
import { ApiError } from './errors';
import { slugField } from './fields';
import { defineRoute, type RouteDefinition } from './route';

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

/** Admin REST for availability rule sets: every change validated, versioned, and attributed to its key. */
export function adminRuleSetRoutes(ruleSets: RuleSetStore): RouteDefinition[] {
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
          409: { description: 'another writer saved a version at the same moment' },
          412: { description: 'If-Match names a version that is no longer the newest' },
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
          if (!(error instanceof RuleSetVersionConflict)) throw error;
          // If-Match that no longer matches is a failed precondition; two unconditioned writers racing is a conflict.
          throw new ApiError(expected === undefined ? 409 : 412, { code: 'VersionConflict', message: error.message });
        }
      },
    ),
  ];
}
