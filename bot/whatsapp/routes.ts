import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Logger } from '../../services/observability/logger';
import type { AppMetrics } from '../../services/observability/metrics';
import { SUPPRESSING_META_CODES, WhatsAppContacts } from '../../services/whatsapp/contacts';
import type { WhatsAppInbox } from '../../services/whatsapp/inbox';
import { hasValidSignature } from '../../services/whatsapp/signature';
import type { WhatsAppStatuses } from '../../services/whatsapp/statuses';
import { parseDelivery, WebhookPayloadError } from '../../services/whatsapp/webhookPayload';
import { BodyTooLargeError, readRawBody } from '../http/rawBody';
import { defineRoute, type RouteDefinition } from '../http/route';
import { ApiError } from '../http/errors';

export const WHATSAPP_WEBHOOK_PATH = '/api/whatsapp';

export interface WhatsAppRouteDependencies {
  appSecret: string;
  verifyToken: string;
  inbox: WhatsAppInbox;
  statuses: WhatsAppStatuses;
  contacts: WhatsAppContacts;
  /** Called after the answer went out: the turns run from the inbox, not inside the request. */
  afterRecorded: () => void;
  logger: Logger;
  metrics: AppMetrics;
  clock: () => Date;
  bodyLimitBytes: number;
}

/**
 * Meta's webhook. GET is the subscription handshake. POST checks the signature over the raw bytes before
 * anything reads them, records each message once in the inbox (the wamid is its unique id) and each status,
 * answers 200 at once, and only then lets the turns run: Meta retries a slow answer.
 */
const handshakeQuery = z.object({
  'hub.mode': z.string().max(40).optional(),
  'hub.verify_token': z.string().max(400).optional(),
  'hub.challenge': z.string().max(400).optional(),
});

export function whatsAppRoutes(deps: WhatsAppRouteDependencies): RouteDefinition[] {
  const handshake = defineRoute(
    {
      method: 'get',
      path: WHATSAPP_WEBHOOK_PATH,
      summary: "Meta's webhook verification handshake: the challenge back when the verify token matches",
      tags: ['whatsapp'],
      auth: 'none',
      query: handshakeQuery,
      examples: { query: { 'hub.mode': 'subscribe', 'hub.verify_token': 'the-verify-token', 'hub.challenge': '1158201444' } },
      responses: {
        200: { description: 'the challenge, as text', contentType: 'text/plain' },
        403: { description: 'wrong mode or verify token' },
      },
    },
    ({ res, query }) => {
      const mode = query['hub.mode'];
      const token = query['hub.verify_token'];
      const challenge = query['hub.challenge'];
      if (mode !== 'subscribe' || typeof token !== 'string' || !sameSecret(token, deps.verifyToken)) {
        deps.metrics.whatsappWebhookRequests.inc({ outcome: 'handshake_refused' });
        deps.logger.warn({ channel: 'whatsapp' }, 'webhook handshake refused: wrong mode or verify token');
        throw new ApiError({ code: 'Forbidden', message: 'hub.verify_token does not match' });
      }
      if (typeof challenge !== 'string' || !/^[\w.-]{1,256}$/.test(challenge)) {
        throw ApiError.invalid('hub.challenge', 'expected the challenge Meta sends');
      }
      deps.metrics.whatsappWebhookRequests.inc({ outcome: 'handshake_ok' });
      res.setHeader('content-type', 'text/plain');
      res.sendRaw(200, challenge);
    },
  );

  const deliveries = defineRoute(
    {
      method: 'post',
      path: WHATSAPP_WEBHOOK_PATH,
      summary: "Meta's signed deliveries (messages and statuses): the signature is checked over the raw body first",
      description:
        'Body: the Cloud API webhook payload, validated after the X-Hub-Signature-256 check. Each message is recorded once; the turns run after the 200.',
      tags: ['whatsapp'],
      auth: 'none',
      responses: {
        200: { description: 'recorded', schema: z.object({ received: z.number().int() }), example: { received: 1 } },
        401: { description: 'X-Hub-Signature-256 missing or wrong: nothing stored' },
        413: { description: 'body over BODY_LIMIT_BYTES' },
      },
    },
    async ({ req, res }) => {
      let raw: Buffer;
      try {
        raw = await readRawBody(req, deps.bodyLimitBytes);
      } catch (error) {
        if (error instanceof BodyTooLargeError) throw new ApiError({ code: 'PayloadTooLarge', message: error.message });
        throw error;
      }
      const header = req.header('x-hub-signature-256');
      if (!hasValidSignature(raw, header || undefined, deps.appSecret)) {
        deps.metrics.whatsappWebhookRequests.inc({ outcome: 'refused_signature' });
        deps.logger.warn(
          { channel: 'whatsapp', signature: header ? 'wrong' : 'missing' },
          'webhook refused: X-Hub-Signature-256 missing or wrong',
        );
        throw new ApiError({ code: 'InvalidSignature', message: 'X-Hub-Signature-256 is missing or does not match the body' });
      }
      let delivery;
      try {
        delivery = parseDelivery(JSON.parse(raw.toString('utf8')));
      } catch (error) {
        deps.metrics.whatsappWebhookRequests.inc({ outcome: 'invalid_payload' });
        if (error instanceof WebhookPayloadError)
          throw new ApiError({ code: 'ValidationFailed', field: error.field, message: error.message });
        throw ApiError.invalid('(body)', 'expected a JSON body');
      }
      const now = deps.clock();
      const { recorded, duplicates } = await deps.inbox.record(delivery.messages, now);
      for (const message of delivery.messages) {
        deps.metrics.whatsappInbound.inc({ kind: message.kind, outcome: recorded.includes(message.wamid) ? 'recorded' : 'duplicate' });
      }
      for (const status of delivery.statuses) {
        if (!(await deps.statuses.record(status, now))) continue;
        deps.metrics.whatsappStatuses.inc({ status: status.status });
        const suppressing = status.errorCodes.find((code) => SUPPRESSING_META_CODES.has(code));
        if (status.status === 'failed' && suppressing !== undefined && status.recipientId) {
          await deps.contacts.suppress(status.phoneNumberId, status.recipientId, suppressing, now);
          deps.logger.warn(
            { channel: 'whatsapp', metaCode: suppressing },
            'Meta reported the person opted out or blocked us; further sends suppressed',
          );
        }
      }
      deps.metrics.whatsappWebhookRequests.inc({ outcome: 'accepted' });
      if (duplicates.length > 0) deps.logger.info({ channel: 'whatsapp', duplicates: duplicates.length }, 'webhook redelivery ignored');
      // The turns start once the answer has gone out, never before it.
      if (recorded.length > 0) res.once('finish', deps.afterRecorded);
      res.send(200, { received: recorded.length });
    },
  );
  return [handshake, deliveries];
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return expected.length > 0 && a.length === b.length && timingSafeEqual(a, b);
}
