import 'dotenv/config';
import { startApp } from './app';
import { ConfigError, isAnonymousRemote, loadConfig } from './config';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  // The embedded database is restarted when it dies; if it cannot be, nothing this process serves would work:
  // exit non-zero (the error is logged), so whatever runs the bot starts it again.
  const app = await startApp(config, { onEmbeddedDatabaseLost: () => process.exit(1) });
  if (isAnonymousRemote(config)) {
    app.logger.warn(
      { host: config.HOST },
      'ALLOW_ANONYMOUS_REMOTE: /api/messages is open to other machines without Bot Framework authentication; anyone who reaches it can talk as anyone, and the bot answers only serviceUrls on this machine',
    );
  }
  app.logger.info({ url: app.url, messagesEndpoint: `${app.url}/api/messages` }, `bot listening on ${app.url}`);
  if (app.bootstrapAdminKey) {
    // Printed once, outside the JSON log, so it is not shipped to log storage with everything else.
    process.stderr.write(`\nAdmin API key (shown only this once; store it now):\n  ${app.bootstrapAdminKey}\n\n`);
  }

  const shutdown = (signal: string) => {
    app.logger.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`start-up failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
