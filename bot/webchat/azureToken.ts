import { randomBytes } from 'node:crypto';
import { ApiError } from '../http/errors';
import { defineRoute, type RouteDefinition } from '../http/route';
import { z } from 'zod';
import type { Logger } from '../../services/observability/logger';
import { isTrustedOrigin } from '../directline/trustedOrigins';

export interface AzureDirectLineOptions {
  secret: string;
  /** Azure's Direct Line base, e.g. https://directline.botframework.com (regional hosts differ). */
  endpoint: string;
  trustedOrigins: readonly string[];
  logger: Logger;
  fetch?: typeof fetch;
}

const generated = z.object({
  conversationId: z.string().min(1),
  token: z.string().min(1),
  expires_in: z.number().int().positive(),
});

/**
 * Production Web Chat: the page asks us for a token, and we exchange the Direct Line secret for one with
 * Azure. The secret never leaves the server; the token opens one conversation for a user id we chose
 * (Azure's enhanced authentication binds it), only from the trusted origins.
 */
export function azureTokenRoutes(options: AzureDirectLineOptions): RouteDefinition[] {
  const call = options.fetch ?? fetch;
  const route = defineRoute(
    {
      method: 'post',
      path: '/api/webchat/token',
      summary: 'A Direct Line token from Azure for the page (the secret stays on the server)',
      tags: ['web chat'],
      auth: 'none',
      // The page's own token route answers as Direct Line's local one does, which it stands in for.
      errorBody: 'directline',
      responses: {
        200: { description: 'the token', schema: generated, example: { conversationId: 'Kx1…-us', token: 'ey…', expires_in: 1800 } },
        403: { description: 'the page is not from a trusted origin' },
        502: { description: 'Azure Direct Line could not be reached or refused' },
      },
    },
    async ({ req, res }) => {
      if (!isTrustedOrigin(req, options.trustedOrigins)) {
        throw new ApiError({ code: 'OriginNotTrusted', message: 'this page is not allowed to open a conversation' });
      }
      const userId = `dl_${randomBytes(18).toString('base64url')}`;
      let response: globalThis.Response;
      try {
        response = await call(`${options.endpoint.replace(/\/$/, '')}/v3/directline/tokens/generate`, {
          method: 'POST',
          headers: { authorization: `Bearer ${options.secret}`, 'content-type': 'application/json' },
          body: JSON.stringify({ user: { id: userId }, trustedOrigins: options.trustedOrigins }),
          signal: AbortSignal.timeout(10_000),
        });
      } catch (error) {
        options.logger.warn({ err: error }, 'direct line token exchange failed');
        throw new ApiError({ code: 'ChannelFailed', message: 'could not reach Direct Line' });
      }
      const body = generated.safeParse(await response.json().catch(() => undefined));
      if (!response.ok || !body.success) {
        options.logger.warn({ status: response.status }, 'direct line refused the token exchange');
        throw new ApiError({ code: 'ChannelFailed', message: `Direct Line answered ${response.status}` });
      }
      res.send(200, { conversationId: body.data.conversationId, token: body.data.token, expires_in: body.data.expires_in });
    },
  );
  return [route];
}
