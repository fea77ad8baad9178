import { CallerIdConstants, CloudAdapter, ConfigurationBotFrameworkAuthentication, TurnContext } from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';
import { apologyFor } from '../dialogs/apology';
import type { Logger } from '../services/observability/logger';
import type { AppMetrics } from '../services/observability/metrics';
import type { AppConfig } from './config';

/**
 * The Bot Framework adapter. With MicrosoftAppId set, every request must carry a valid Bot Framework
 * JWT; with it empty, requests are accepted anonymously, as the Bot Framework does for local use. The turn
 * middleware is added by the turn pipeline, whose agents' channel sends through this adapter.
 */
export function createAdapter(config: AppConfig, logger: Logger, metrics: AppMetrics): CloudAdapter {
  const authentication = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.MicrosoftAppId,
    MicrosoftAppPassword: config.MicrosoftAppPassword,
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId,
    // botbuilder takes its public-cloud defaults only when none of these is given: with one, give them all.
    ...(config.BOT_CONNECTOR_OPENID_METADATA_URL
      ? {
          ValidateAuthority: true,
          ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
          ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
          ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
          OAuthUrl: AuthenticationConstants.OAuthUrl,
          ToBotFromChannelOpenIdMetadataUrl: config.BOT_CONNECTOR_OPENID_METADATA_URL,
          ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
          CallerId: CallerIdConstants.PublicAzureChannel,
        }
      : {}),
  });
  const adapter = new CloudAdapter(authentication);

  adapter.onTurnError = turnErrorHandler(logger, metrics);
  return adapter;
}

/** What every adapter of ours does when a turn throws: count and log it, and apologise. State stays as committed. */
export function turnErrorHandler(logger: Logger, metrics: AppMetrics) {
  return async (context: TurnContext, error: Error): Promise<void> => {
    metrics.botTurnErrors.inc({ channel: context.activity.channelId });
    logger.error(
      { err: error, channel: context.activity.channelId, conversationId: context.activity.conversation?.id },
      'unhandled turn error',
    );
    // State is left as the last committed turn left it (OrderedTurns writes only turns that finished):
    // a failed turn changes nothing, and nothing is ever deleted because a turn failed.
    await context.sendActivity(apologyFor(context.activity)).catch(() => undefined);
  };
}
