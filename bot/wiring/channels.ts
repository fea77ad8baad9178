import path from 'node:path';
import type { Logger } from '../../services/observability/logger';
import type { AppMetrics } from '../../services/observability/metrics';
import type { Database } from '../../services/store/database';
import { turnErrorHandler } from '../adapter';
import type { AppConfig } from '../config';
import { ProactiveMessenger } from '../proactive/proactiveMessenger';
import { createWebChat } from '../webchat/webChat';
import { createWhatsAppChannel, type WhatsAppOutbound } from '../whatsapp/channel';
import type { TurnPipeline } from './turns';

export interface ChannelsOptions {
  turns: TurnPipeline;
  /** WhatsApp's sending side (made before the domain), when configured. */
  whatsappOutbound: WhatsAppOutbound | undefined;
  database: Database;
  config: AppConfig;
  clock: () => Date;
  logger: Logger;
  metrics: AppMetrics;
  projectRoot: string;
}

/**
 * Step 4: the channels besides the Bot Connector, each running turns through the same pipeline (Web Chat's own
 * Direct Line or Azure's; WhatsApp when configured), and the one way to write to a person later on any of them.
 */
export function createChannels({ turns, whatsappOutbound, database, config, clock, logger, metrics, projectRoot }: ChannelsOptions) {
  const { bot, adapter, references, turnMiddleware } = turns;
  const webChat = createWebChat({
    config,
    dataDir: path.resolve(projectRoot, config.DATA_DIR),
    database,
    bot,
    turnMiddleware,
    onTurnError: turnErrorHandler(logger, metrics),
    logger,
    clock,
  });
  const whatsapp =
    whatsappOutbound &&
    createWhatsAppChannel(config, whatsappOutbound, {
      database,
      logger,
      metrics,
      clock,
      turnMiddleware,
      logic: (context) => bot.run(context),
    });
  const messenger = new ProactiveMessenger(
    references,
    adapter,
    config.MicrosoftAppId,
    webChat.localDirectLine,
    whatsapp ? { adapter: whatsapp.adapter, phoneNumberId: config.WHATSAPP_PHONE_NUMBER_ID } : undefined,
  );
  return { webChat, whatsapp, messenger };
}

export type Channels = ReturnType<typeof createChannels>;
