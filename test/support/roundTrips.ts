import type { CommandStartedEvent, MongoClient } from 'mongodb';
import { conversationWith } from './app';

/** Database commands sent by a client, as "<command>:<collection>", from the driver's command monitoring. */
export function commandLog(client: MongoClient) {
  let seen: string[] = [];
  let upserts: string[] = [];
  const listener = (event: CommandStartedEvent) => {
    const command = event.command as Record<string, unknown>;
    const target = command[event.commandName];
    const name = `${event.commandName}:${typeof target === 'string' ? target : ''}`;
    seen.push(name);
    const statements = Array.isArray(command.updates) ? (command.updates as Array<{ upsert?: boolean }>) : [command];
    if ((event.commandName === 'update' || event.commandName === 'findAndModify') && statements.some((u) => u.upsert === true)) {
      upserts.push(name);
    }
  };
  client.on('commandStarted', listener);
  return {
    /** The commands since the last take. */
    take(): string[] {
      const taken = seen;
      seen = [];
      return taken;
    },
    /** The commands among those that carried an upsert, since the last call. */
    takeUpserts(): string[] {
      const taken = upserts;
      upserts = [];
      return taken;
    },
    stop: () => client.off('commandStarted', listener),
  };
}

/** A Spanish prospect books, looks at, moves and cancels a callback: the turns a scheduling conversation is made of. */
export const SCHEDULING_SCRIPT = [
  'hola',
  '612 34 56 78',
  'sí',
  'Península y Baleares',
  'mañana por la tarde',
  'la segunda',
  'hola',
  'mejor el viernes por la mañana',
  '10:30',
  'cancela la llamada',
];

/** Runs the script on the app at `url` and returns the commands each turn sent, in order. */
export async function commandsPerTurn(
  url: string,
  client: MongoClient,
  who: { userId: string; conversationId?: string },
): Promise<Array<{ text: string; commands: string[]; upserts: string[] }>> {
  const log = commandLog(client);
  const talk = conversationWith(url, { locale: 'es-ES', ...who });
  const turns: Array<{ text: string; commands: string[]; upserts: string[] }> = [];
  try {
    for (const text of SCHEDULING_SCRIPT) {
      log.take();
      log.takeUpserts();
      await talk(text);
      turns.push({ text, commands: log.take(), upserts: log.takeUpserts() });
    }
  } finally {
    log.stop();
  }
  return turns;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
