import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Session } from 'node:inspector/promises';
import type { CommandStartedEvent } from 'mongodb';
import { startApp } from '../../bot/app';
import { loadConfig } from '../../bot/config';

/*
 * The bot (startApp, as production builds it) as a process of its own: for `npm run bench`, so its CPU
 * time and memory are its own, and for the reliability tests, which SIGKILL it and run several at once.
 * Prints {"url"} when listening; over IPC it answers "commands" with the database commands sent since
 * the last ask (round trips, from command monitoring), and {profile: file} starts a CPU profile (V8's, through
 * the inspector) that the next "profile-stop" writes to that file. BOT_CONFIG (JSON) adds environment settings.
 */
async function main(): Promise<void> {
  const uri = process.env.BOT_MONGODB_URI;
  if (!uri) throw new Error('BOT_MONGODB_URI is required');
  // A pinned instant by default; BOT_NOW=wall runs on the process's own wall clock (which libfaketime may move).
  const pinned = process.env.BOT_NOW === 'wall' ? undefined : new Date(process.env.BOT_NOW ?? '2026-11-24T08:15:00Z');
  const app = await startApp(
    loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      MONGODB_URI: uri,
      MONGODB_DB: process.env.BOT_DB ?? 'bench',
      LOG_LEVEL: 'silent',
      PHONE_HASH_SECRET: 'bench-secret-of-16-chars',
      // The load comes from one address; the limiter still counts every request.
      RATE_LIMIT_PER_IP_PER_MINUTE: '1000000000',
      RATE_LIMIT_PER_PERSON_PER_MINUTE: '1000000',
      ...(JSON.parse(process.env.BOT_CONFIG ?? '{}') as Record<string, string>),
    }),
    { collectProcessMetrics: false, ...(pinned ? { clock: () => pinned } : {}) },
  );
  // Bounded: only the last few thousand, read and cleared by whoever asks.
  let commands: string[] = [];
  app.database.client.on('commandStarted', (event: CommandStartedEvent) => {
    const target = (event.command as Record<string, unknown>)[event.commandName];
    commands.push(`${event.commandName}:${typeof target === 'string' ? target : ''}`);
    if (commands.length > 5_000) commands = commands.slice(-1_000);
  });
  const inspector = new Session();
  inspector.connect();
  let profileFile: string | undefined;
  process.on('message', (message: unknown) => {
    if (typeof message === 'object' && message !== null && 'profile' in message) {
      profileFile = String(message.profile);
      void inspector
        .post('Profiler.enable')
        .then(() => inspector.post('Profiler.start'))
        .then(() => process.send?.({ profiling: true }));
    }
    if (message === 'profile-stop' && profileFile) {
      const file = profileFile;
      void inspector.post('Profiler.stop').then(({ profile }) => {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, JSON.stringify(profile));
        process.send?.({ profiled: file });
      });
    }
    if (message === 'commands') {
      process.send?.({ commands });
      commands = [];
    }
    if (message === 'gc') {
      // Started with --expose-gc by the benchmark: memory is read after a full collection.
      (globalThis as { gc?: () => void }).gc?.();
      process.send?.({ heapUsedMb: Math.round(process.memoryUsage().heapUsed / 104857.6) / 10 });
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
