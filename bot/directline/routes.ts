import type { Activity, TurnContext } from 'botbuilder';
import type { Request } from 'restify';
import { ApiError, directLineErrorSchema } from '../http/errors';
import type { ErrorCode } from '../http/errorCodes';
import { defineRoute, type RouteDefinition } from '../http/route';
import { z } from 'zod';
import type { Logger } from '../../services/observability/logger';
import type { DirectLineActivityStore } from './activityStore';
import { DIRECTLINE_CHANNEL_ID, DirectLineAdapter, LOCAL_DIRECTLINE_SERVICE_URL } from './adapter';
import { DirectLineGrant, DirectLineTokenError, DirectLineTokens, IssuedToken } from './tokens';
import { isTrustedOrigin } from './trustedOrigins';

export interface LocalDirectLineDependencies {
  tokens: DirectLineTokens;
  store: DirectLineActivityStore;
  adapter: DirectLineAdapter;
  bot: { run(context: TurnContext): Promise<void> };
  botAccount: { id: string; name: string };
  trustedOrigins: readonly string[];
  logger: Logger;
}

const BASE = '/v3/directline';

const watermarkQuery = z.object({
  // directlinejs sends `?watermark=` (empty) when it has none yet.
  watermark: z
    .union([
      z.literal('').transform(() => undefined),
      z
        .string()
        .regex(/^\d{1,12}$/, 'expected a watermark returned by this conversation')
        .transform(Number),
    ])
    .optional(),
});

const generateBody = z
  .object({
    locale: z
      .string()
      .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'expected a language tag such as es-ES')
      .optional(),
  })
  .passthrough()
  .optional();

const MAX_TEXT = 4_000;
// What a Direct Line client may say. Identity fields (from, conversation, channelId, serviceUrl, id) are ours.
const postedActivity = z
  .object({
    type: z.enum(['message', 'event', 'typing'], { message: 'expected an activity of type message, event or typing' }),
    text: z.string().max(MAX_TEXT, `a message may have at most ${MAX_TEXT} characters`).optional(),
    textFormat: z.enum(['plain', 'markdown', 'xml']).optional(),
    locale: z.string().max(20).optional(),
    localTimezone: z.string().max(64).optional(),
    localTimestamp: z.string().max(40).optional(),
    name: z.string().max(200).optional(),
    value: z.unknown().optional(),
    channelData: z
      .object({ clientActivityID: z.string().max(200).optional() })
      .passthrough()
      .optional(),
    entities: z
      .array(z.object({ type: z.string() }).passthrough())
      .max(20)
      .optional(),
    attachments: z.array(z.unknown()).max(0, 'attachments are not accepted here').optional(),
  })
  .passthrough();

/**
 * The subset of Direct Line 3.0 that botframework-directlinejs (inside Web Chat) uses, served by the bot
 * itself when there is no Azure Direct Line: tokens, start and reconnect, post and get activities; the
 * WebSocket stream is in stream.ts. Every call carries a token of ours that names one conversation and
 * one user: another conversation's id is a 403, and the sender of a posted activity is the token's user.
 */
// restify's router does not match a long path segment (a 404 before any route); our ids are 24 characters.
const conversationParams = z.object({ conversationId: z.string().min(1).max(64) });
const tokenResponse = z.object({ conversationId: z.string(), token: z.string(), expires_in: z.number() });
const conversationResponse = tokenResponse.extend({ streamUrl: z.string() });
const TOKEN_EXAMPLE = { conversationId: 'dl_3f0c9a', token: 'eyJ…', expires_in: 3600 };
const CONVERSATION_EXAMPLE = { ...TOKEN_EXAMPLE, streamUrl: 'ws://localhost:3978/v3/directline/conversations/dl_3f0c9a/stream?t=eyJ…' };
const refusal = (description: string, code: ErrorCode, message: string) => ({
  description,
  schema: directLineErrorSchema,
  example: { error: { code, message } },
});
const tokenRefusals = {
  401: refusal('no token (Authorization: Bearer <token>)', 'MissingToken', 'Authorization: Bearer <token> is required'),
  403: refusal(
    "the token is forged, expired, or for another conversation (Direct Line's own error body)",
    'TokenExpired',
    'the token was refused: expired',
  ),
};

export function localDirectLineRoutes(deps: LocalDirectLineDependencies): RouteDefinition[] {
  const route = (spec: Omit<Parameters<typeof defineRoute>[0], 'tags' | 'auth'>) => ({
    ...spec,
    tags: ['directline'],
    auth: 'none' as const,
    // Direct Line's own error body, as the service answers; directlinejs itself reads only the status.
    errorBody: 'directline' as const,
  });
  return [
    defineRoute(
      {
        ...route({
          method: 'post',
          path: `${BASE}/tokens/generate`,
          summary: 'A token for a new conversation and a new user id, both bound into the signed token',
          responses: {
            200: {
              description: 'the token',
              schema: tokenResponse,
              example: TOKEN_EXAMPLE,
            },
            403: refusal('the page is not from a trusted origin', 'OriginNotTrusted', 'this page is not allowed to open a conversation'),
          },
        }),
        body: generateBody,
        // directlinejs posts no body; a page may send { locale }.
        bodyRequired: false,
        examples: { body: { locale: 'es-ES' } },
      },
      ({ req, res, body }) => {
        if (!isTrustedOrigin(req, deps.trustedOrigins))
          throw new ApiError({ code: 'OriginNotTrusted', message: 'this page is not allowed to open a conversation' });
        res.send(200, tokenBody(deps.tokens.issue(body?.locale)));
      },
    ),
    defineRoute(
      route({
        method: 'post',
        path: `${BASE}/tokens/refresh`,
        summary: 'The same grant with a new expiry',
        responses: {
          200: {
            description: 'the new token',
            schema: tokenResponse,
            example: TOKEN_EXAMPLE,
          },
          ...tokenRefusals,
        },
      }),
      ({ req, res }) => {
        const token = bearer(req);
        if (!token) throw new ApiError({ code: 'MissingToken', message: 'Authorization: Bearer <token> is required' });
        res.send(200, tokenBody(verified(() => deps.tokens.refresh(token))));
      },
    ),
    defineRoute(
      route({
        method: 'post',
        path: `${BASE}/conversations`,
        summary: "Starts (201) or resumes (200) the token's conversation; the bot greets a new one",
        responses: {
          200: {
            description: 'resumed',
            schema: conversationResponse,
            example: CONVERSATION_EXAMPLE,
          },
          201: {
            description: 'started',
            schema: conversationResponse,
            example: CONVERSATION_EXAMPLE,
          },
          ...tokenRefusals,
        },
      }),
      async ({ req, res }) => {
        const grant = authorise(req, deps.tokens);
        const started = await deps.store.startConversation(grant.conversationId, grant.userId);
        if (started) await runTurn(deps, joinActivity(grant, deps.botAccount));
        res.send(started ? 201 : 200, conversationBody(req, bearer(req)!, grant, deps.tokens, undefined));
      },
    ),
    defineRoute(
      {
        ...route({
          method: 'get',
          path: `${BASE}/conversations/:conversationId`,
          summary: 'Reconnects: a fresh stream URL from the watermark',
          responses: {
            200: {
              description: 'the conversation',
              schema: conversationResponse,
              example: CONVERSATION_EXAMPLE,
            },
            404: refusal('no such conversation', 'NotFound', 'no such conversation'),
            ...tokenRefusals,
          },
        }),
        params: conversationParams,
        query: watermarkQuery,
        examples: { params: { conversationId: 'dl_3f0c…' }, query: { watermark: '4' } },
      },
      async ({ req, res, params, query }) => {
        const grant = authorise(req, deps.tokens, params.conversationId);
        if (!(await deps.store.conversation(grant.conversationId)))
          throw new ApiError({ code: 'NotFound', message: 'no such conversation' });
        res.send(200, conversationBody(req, bearer(req)!, grant, deps.tokens, query.watermark));
      },
    ),
    defineRoute(
      {
        ...route({
          method: 'get',
          path: `${BASE}/conversations/:conversationId/activities`,
          summary: 'The activities after the watermark',
          responses: {
            200: { description: '{activities, watermark}' },
            404: refusal('the conversation was not started', 'NotFound', 'start the conversation first'),
            ...tokenRefusals,
          },
        }),
        params: conversationParams,
        query: watermarkQuery,
        examples: { params: { conversationId: 'dl_3f0c…' }, query: { watermark: '' } },
      },
      async ({ req, res, params, query }) => {
        const grant = authorise(req, deps.tokens, params.conversationId);
        if (!(await deps.store.conversation(grant.conversationId)))
          throw new ApiError({ code: 'NotFound', message: 'start the conversation first' });
        res.send(200, await deps.store.after(grant.conversationId, query.watermark));
      },
    ),
    defineRoute(
      {
        ...route({
          method: 'post',
          path: `${BASE}/conversations/:conversationId/activities`,
          summary: "Posts the person's activity (its sender is the token's user) and runs the turn",
          responses: {
            200: {
              description: 'the id the server gave the activity',
              schema: z.object({ id: z.string() }),
              example: { id: 'dl_3f0c9a|00000004' },
            },
            404: refusal('the conversation was not started', 'NotFound', 'start the conversation first'),
            ...tokenRefusals,
          },
        }),
        params: conversationParams,
        body: postedActivity,
        examples: {
          params: { conversationId: 'dl_3f0c…' },
          body: { type: 'message', text: 'mañana por la tarde', channelData: { clientActivityID: 'c-1' } },
        },
      },
      async ({ req, res, params, body }) => {
        const grant = authorise(req, deps.tokens, params.conversationId);
        if (!(await deps.store.conversation(grant.conversationId)))
          throw new ApiError({ code: 'NotFound', message: 'start the conversation first' });
        if (body.type === 'typing') {
          res.send(200, { id: '' }); // typing is not kept nor answered
          return;
        }
        // The sender is the token's user, whatever the page wrote in `from`.
        const stored = await deps.store.append(grant.conversationId, {
          ...body,
          from: { id: grant.userId, role: 'user' },
          recipient: { ...deps.botAccount, role: 'bot' },
          conversation: { id: grant.conversationId },
          channelId: DIRECTLINE_CHANNEL_ID,
          serviceUrl: LOCAL_DIRECTLINE_SERVICE_URL,
        });
        await runTurn(deps, stored as unknown as Partial<Activity>);
        res.send(200, { id: stored.id });
      },
    ),
  ];
}

async function runTurn(deps: LocalDirectLineDependencies, activity: Partial<Activity>): Promise<void> {
  await deps.adapter.processActivity(activity, (context) => deps.bot.run(context));
}

/** What Direct Line sends the bot when a conversation starts: the bot and the person join. */
function joinActivity(grant: DirectLineGrant, bot: { id: string; name: string }): Partial<Activity> {
  return {
    type: 'conversationUpdate',
    id: `${grant.conversationId}|join`,
    timestamp: new Date(),
    channelId: DIRECTLINE_CHANNEL_ID,
    serviceUrl: LOCAL_DIRECTLINE_SERVICE_URL,
    from: { id: grant.userId, name: '', role: 'user' },
    recipient: { ...bot, role: 'bot' },
    conversation: { id: grant.conversationId, isGroup: false, conversationType: 'personal', name: '' },
    membersAdded: [
      { id: bot.id, name: bot.name },
      { id: grant.userId, name: '' },
    ],
    ...(grant.locale ? { locale: grant.locale } : {}),
  };
}

function tokenBody(issued: IssuedToken) {
  return { conversationId: issued.grant.conversationId, token: issued.token, expires_in: issued.expiresIn };
}

function conversationBody(req: Request, token: string, grant: DirectLineGrant, tokens: DirectLineTokens, watermark: number | undefined) {
  return {
    conversationId: grant.conversationId,
    token,
    expires_in: tokens.secondsLeft(grant),
    streamUrl: streamUrl(req, grant.conversationId, token, watermark),
  };
}

/** Absolute, as directlinejs opens it with `new WebSocket(streamUrl)`; behind a proxy, X-Forwarded-* say how we were reached. */
function streamUrl(req: Request, conversationId: string, token: string, watermark: number | undefined): string {
  const forwardedProto = String(req.header('x-forwarded-proto') ?? '')
    .split(',')[0]
    ?.trim();
  const secure = forwardedProto ? forwardedProto === 'https' : req.isSecure();
  const host = String(req.header('x-forwarded-host') ?? req.header('host') ?? 'localhost')
    .split(',')[0]!
    .trim();
  const query = new URLSearchParams({ t: token, ...(watermark !== undefined ? { watermark: String(watermark) } : {}) });
  return `${secure ? 'wss' : 'ws'}://${host}${BASE}/conversations/${encodeURIComponent(conversationId)}/stream?${query.toString()}`;
}

export function bearer(req: Request): string | undefined {
  const header = req.header('authorization');
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
}

/** The token's grant, for this conversation when one is named; a refusal (401, 403) otherwise. */
function authorise(req: Request, tokens: DirectLineTokens, conversationId?: string): DirectLineGrant {
  const token = bearer(req);
  if (!token) throw new ApiError({ code: 'MissingToken', message: 'Authorization: Bearer <token> is required' });
  const grant = verified(() => tokens.verify(token));
  if (conversationId !== undefined && conversationId !== grant.conversationId) {
    throw new ApiError({ code: 'WrongConversation', message: 'this token is not valid for that conversation' });
  }
  return grant;
}

/** Direct Line answers a bad or expired token with 403; directlinejs then reports the token as expired. */
function verified<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof DirectLineTokenError)) throw error;
    throw new ApiError({
      code: error.reason === 'expired' ? 'TokenExpired' : 'InvalidToken',
      message: `the token was refused: ${error.reason}`,
    });
  }
}
