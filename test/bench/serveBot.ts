import type { CommandStartedEvent } from 'mongodb';
import { startApp } from '../../bot/app';
import { loadConfig } from '../../bot/config';

/*
 * The bot as its own process for `npm run bench`, so its CPU time and memory are its own and the load
 * generator does not share its event loop. Prints {"url"} when listening; over IPC it answers
 * "commands" with the database commands sent since the last ask (round trips, from command monitoring).
 */
async function main(): Promise<void> {
  const uri = process.env.BENCH_MONGODB_URI;
  if (!uri) throw new Error('BENCH_MONGODB_URI is required');
  const now = new Date(process.env.BENCH_NOW ?? '2026-11-24T08:15:00Z');
  const app = await startApp(
    loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      MONGODB_URI: uri,
      MONGODB_DB: process.env.BENCH_DB ?? 'bench',
      LOG_LEVEL: 'silent',
      PHONE_HASH_SECRET: 'bench-secret-of-16-chars',
      // The load comes from one address; the limiter still counts every request.
      RATE_LIMIT_PER_IP_PER_MINUTE: '1000000000',
    }),
    { collectProcessMetrics: false, clock: () => now },
  );
  let commands: string[] = [];
  app.database.client.on('commandStarted', (event: CommandStartedEvent) => {
    const target = (event.command as Record<string, unknown>)[event.commandName];
    commands.push(`${event.commandName}:${typeof target === 'string' ? target : ''}`);
  });
  process.on('message', (message: unknown) => {
    if (message === 'commands') {
      process.send?.({ commands });
      commands = [];
    }
  });
  process.on('SIGTERM', () => {
    void app.close().then(() => process.exit(0));
  });
  console.log(JSON.stringify({ url: app.url }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
