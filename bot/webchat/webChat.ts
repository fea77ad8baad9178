import path from 'node:path';
import type { Server as NodeHttpServer } from 'node:http';
import type { CloudAdapter, Middleware, TurnContext } from 'botbuilder';
import type { RouteDefinition } from '../http/route';
import type { Logger } from '../../services/observability/logger';
import type { Database } from '../../services/store/database';
import type { AppConfig } from '../config';
import { keptSecret } from '../keptSecret';
import { DirectLineActivityStore } from '../directline/activityStore';
import { DirectLineAdapter } from '../directline/adapter';
import { localDirectLineRoutes } from '../directline/routes';
import { DirectLineStream } from '../directline/stream';
import { DirectLineTokens } from '../directline/tokens';
import { azureTokenRoutes } from './azureToken';
import { webChatPageRoutes } from './page';

export interface WebChat {
  /** The local Direct Line's adapter; absent when Azure Direct Line serves the page. */
  localDirectLine?: DirectLineAdapter;
  routes: RouteDefinition[];
  /** The WebSocket stream needs the node HTTP server's upgrade event. */
  attach(server: NodeHttpServer): void;
  close(): void;
}

export interface WebChatDependencies {
  config: AppConfig;
  dataDir: string;
  database: Database;
  bot: { run(context: TurnContext): Promise<void> };
  turnMiddleware: readonly Middleware[];
  onTurnError: CloudAdapter['onTurnError'];
  logger: Logger;
  clock: () => Date;
}

/** Web Chat: the page, and either the bot's own Direct Line (local) or the Azure token exchange (production). */
export function createWebChat(deps: WebChatDependencies): WebChat {
  const { config } = deps;
  const trustedOrigins = config.WEBCHAT_TRUSTED_ORIGINS;
  if (config.DIRECT_LINE_SECRET) {
    return {
      routes: [
        ...webChatPageRoutes({
          tokenUrl: '/api/webchat/token',
          directLineDomain: `${config.DIRECT_LINE_ENDPOINT.replace(/\/$/, '')}/v3/directline`,
        }),
        ...azureTokenRoutes({
          secret: config.DIRECT_LINE_SECRET,
          endpoint: config.DIRECT_LINE_ENDPOINT,
          trustedOrigins,
          logger: deps.logger,
        }),
      ],
      attach() {},
      close() {},
    };
  }
  const secret = keptSecret(config.DIRECT_LINE_TOKEN_SECRET, path.resolve(deps.dataDir), 'directline-token-secret');
  const tokens = new DirectLineTokens(secret, config.DIRECT_LINE_TOKEN_TTL_SECONDS, deps.clock);
  const store = new DirectLineActivityStore(
    deps.database.collection('directlineConversations'),
    deps.database.collection('directlineActivities'),
    deps.clock,
  );
  const adapter = new DirectLineAdapter(store, deps.turnMiddleware, deps.onTurnError);
  const stream = new DirectLineStream(store, tokens, deps.logger);
  return {
    localDirectLine: adapter,
    routes: [
      ...webChatPageRoutes({ tokenUrl: '/v3/directline/tokens/generate', directLineDomain: '' }),
      ...localDirectLineRoutes({
        tokens,
        store,
        adapter,
        bot: deps.bot,
        botAccount: { id: config.MicrosoftAppId || 'callback-bot', name: 'Callback bot' },
        trustedOrigins,
        logger: deps.logger,
      }),
    ],
    attach: (server) => stream.attach(server),
    close: () => stream.close(),
  };
}
