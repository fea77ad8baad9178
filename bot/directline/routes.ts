import type { Activity, TurnContext } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
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
export function registerLocalDirectLineRoutes(server: Server, deps: LocalDirectLineDependencies): void {
  server.post(`${BASE}/tokens/generate`, async (req: Request, res: Response) => {
    if (!isTrustedOrigin(req, deps.trustedOrigins))
      return refuse(res, 403, 'OriginNotTrusted', 'this page is not allowed to open a conversation');
    const body = generateBody.safeParse(req.body ?? undefined);
    if (!body.success) return refuse(res, 400, 'BadArgument', `locale: ${body.error.issues[0]?.message ?? 'invalid'}`);
    const issued = deps.tokens.issue(body.data?.locale);
    res.send(200, tokenBody(issued));
  });

  server.post(`${BASE}/tokens/refresh`, async (req: Request, res: Response) => {
    const token = bearer(req);
    if (!token) return refuse(res, 401, 'MissingToken', 'Authorization: Bearer <token> is required');
    try {
      res.send(200, tokenBody(deps.tokens.refresh(token)));
    } catch (error) {
      refuseToken(res, error);
    }
  });

  server.post(`${BASE}/conversations`, async (req: Request, res: Response) => {
    const grant = authorise(req, res, deps.tokens);
    if (!grant) return;
    const started = await deps.store.startConversation(grant.conversationId, grant.userId);
    if (started) await runTurn(deps, joinActivity(grant, deps.botAccount));
    res.send(started ? 201 : 200, conversationBody(req, bearer(req)!, grant, deps.tokens, undefined));
  });

  server.get(`${BASE}/conversations/:conversationId`, async (req: Request, res: Response) => {
    const grant = authorise(req, res, deps.tokens, req.params.conversationId);
    if (!grant) return;
    const query = watermarkQuery.safeParse(req.query ?? {});
    if (!query.success) return refuse(res, 400, 'BadArgument', `watermark: ${query.error.issues[0]?.message}`);
    if (!(await deps.store.conversation(grant.conversationId))) return refuse(res, 404, 'NotFound', 'no such conversation');
    res.send(200, conversationBody(req, bearer(req)!, grant, deps.tokens, query.data.watermark));
  });

  server.get(`${BASE}/conversations/:conversationId/activities`, async (req: Request, res: Response) => {
    const grant = authorise(req, res, deps.tokens, req.params.conversationId);
    if (!grant) return;
    const query = watermarkQuery.safeParse(req.query ?? {});
    if (!query.success) return refuse(res, 400, 'BadArgument', `watermark: ${query.error.issues[0]?.message}`);
    res.send(200, await deps.store.after(grant.conversationId, query.data.watermark));
  });

  server.post(`${BASE}/conversations/:conversationId/activities`, async (req: Request, res: Response) => {
    const grant = authorise(req, res, deps.tokens, req.params.conversationId);
    if (!grant) return;
    const parsed = postedActivity.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return refuse(res, 400, 'BadArgument', `${issue?.path.join('.') || '(body)'}: ${issue?.message ?? 'invalid'}`);
    }
    if (!(await deps.store.conversation(grant.conversationId))) return refuse(res, 404, 'NotFound', 'start the conversation first');
    if (parsed.data.type === 'typing') {
      res.send(200, { id: '' }); // typing is not kept nor answered
      return;
    }
    // The sender is the token's user, whatever the page wrote in `from`.
    const stored = await deps.store.append(grant.conversationId, {
      ...parsed.data,
      from: { id: grant.userId, role: 'user' },
      recipient: { ...deps.botAccount, role: 'bot' },
      conversation: { id: grant.conversationId },
      channelId: DIRECTLINE_CHANNEL_ID,
      serviceUrl: LOCAL_DIRECTLINE_SERVICE_URL,
    });
    await runTurn(deps, stored as unknown as Partial<Activity>);
    res.send(200, { id: stored.id });
  });
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
  return `${secure ? 'wss' : 'ws'}://${host}${BASE}/conversations/${encodeURIComponent(conversationId)}/stream?${query}`;
}

export function bearer(req: Request): string | undefined {
  const header = req.header('authorization');
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
}

function authorise(req: Request, res: Response, tokens: DirectLineTokens, conversationId?: string): DirectLineGrant | undefined {
  const token = bearer(req);
  if (!token) {
    refuse(res, 401, 'MissingToken', 'Authorization: Bearer <token> is required');
    return undefined;
  }
  try {
    const grant = tokens.verify(token);
    if (conversationId !== undefined && conversationId !== grant.conversationId) {
      refuse(res, 403, 'WrongConversation', 'this token is not valid for that conversation');
      return undefined;
    }
    return grant;
  } catch (error) {
    refuseToken(res, error);
    return undefined;
  }
}

function refuseToken(res: Response, error: unknown): void {
  if (!(error instanceof DirectLineTokenError)) throw error;
  // Direct Line answers a bad or expired token with 403; directlinejs then reports the token as expired.
  refuse(res, 403, error.reason === 'expired' ? 'TokenExpired' : 'InvalidToken', `the token was refused: ${error.reason}`);
}

/** Direct Line's error body. */
function refuse(res: Response, status: number, code: string, message: string): void {
  res.send(status, { error: { code, message } });
}
