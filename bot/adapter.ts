import { CloudAdapter, ConfigurationBotFrameworkAuthentication, ConversationState, Middleware, TurnContext } from 'botbuilder';
import { apologyFor } from '../dialogs/apology';
import type { Logger } from '../services/observability/logger';
import type { AppMetrics } from '../services/observability/metrics';
import type { AppConfig } from './config';

/**
 * The Bot Framework adapter. With MicrosoftAppId set, every request must carry a valid Bot Framework
 * JWT; with it empty, requests are accepted anonymously, as the Bot Framework does for local use.
 */
export function createAdapter(
  config: AppConfig,
  logger: Logger,
  metrics: AppMetrics,
  conversationState: ConversationState,
  turnMiddleware: readonly Middleware[],
): CloudAdapter {
  const authentication = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.MicrosoftAppId,
    MicrosoftAppPassword: config.MicrosoftAppPassword,
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId,
  });
  const adapter = new CloudAdapter(authentication);
  adapter.use(...turnMiddleware);

  adapter.onTurnError = turnErrorHandler(logger, metrics, conversationState);
  return adapter;
}

/** What every adapter does when a turn throws: count and log it, apologise, and start the conversation afresh. */
export function turnErrorHandler(logger: Logger, metrics: AppMetrics, conversationState: ConversationState) {
  return async (context: TurnContext, error: Error): Promise<void> => {
    metrics.botTurnErrors.inc({ channel: context.activity.channelId });
    logger.error(
      { err: error, channel: context.activity.channelId, conversationId: context.activity.conversation?.id },
      'unhandled turn error',
    );
    await context.sendActivity(apologyFor(context.activity)).catch(() => undefined);
    // A dialog stack that just threw may throw again on every turn; start the conversation afresh.
    await conversationState.delete(context).catch(() => undefined);
  };
}
