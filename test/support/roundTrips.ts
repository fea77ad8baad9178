import type { CommandStartedEvent, MongoClient } from 'mongodb';
import { conversationWith } from './app';

/** Database commands sent by a client, as "<command>:<collection>", from the driver's command monitoring. */
export function commandLog(client: MongoClient) {
  let seen: string[] = [];
  let upserts: string[] = [];
  let filters: Array<{ collection: string; fields: string[] }> = [];
  const listener = (event: CommandStartedEvent) => {
    const command = event.command as Record<string, unknown>;
    const target = command[event.commandName];
    const name = `${event.commandName}:${typeof target === 'string' ? target : ''}`;
    seen.push(name);
    const statements = Array.isArray(command.updates) ? (command.updates as Array<{ upsert?: boolean }>) : [command];
    if ((event.commandName === 'update' || event.commandName === 'findAndModify') && statements.some((u) => u.upsert === true)) {
      upserts.push(name);
    }
    if (typeof target === 'string') {
      for (const filter of filtersOf(event.commandName, command)) filters.push({ collection: target, fields: Object.keys(filter) });
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
    /** The top-level fields of every filter sent, by collection, since the last call. */
    takeFilters(): Array<{ collection: string; fields: string[] }> {
      const taken = filters;
      filters = [];
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

/** The filters a command carries: find's, each update's and delete's, findAndModify's, an aggregation's first $match. */
function filtersOf(commandName: string, command: Record<string, unknown>): Array<Record<string, unknown>> {
  const statements = (key: string, field: string) =>
    Array.isArray(command[key]) ? (command[key] as Array<Record<string, unknown>>).map((s) => s[field] as Record<string, unknown>) : [];
  switch (commandName) {
    case 'find':
    case 'count':
      return [(command.filter ?? command.query ?? {}) as Record<string, unknown>];
    case 'update':
      return statements('updates', 'q');
    case 'delete':
      return statements('deletes', 'q');
    case 'findAndModify':
      return [(command.query ?? {}) as Record<string, unknown>];
    case 'aggregate': {
      const first = (command.pipeline as Array<Record<string, unknown>> | undefined)?.[0];
      return first && '$match' in first ? [first.$match as Record<string, unknown>] : [];
    }
    default:
      return [];
  }
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

export interface TurnCommands {
  text: string;
  commands: string[];
  upserts: string[];
  filters: Array<{ collection: string; fields: string[] }>;
}

/** Runs the script on the app at `url` and returns the commands each turn sent, in order. */
export async function commandsPerTurn(
  url: string,
  client: MongoClient,
  who: { userId: string; conversationId?: string },
): Promise<TurnCommands[]> {
  const log = commandLog(client);
  const talk = conversationWith(url, { locale: 'es-ES', ...who });
  const turns: TurnCommands[] = [];
  try {
    for (const text of SCHEDULING_SCRIPT) {
      log.take();
      log.takeUpserts();
      log.takeFilters();
      await talk(text);
      turns.push({ text, commands: log.take(), upserts: log.takeUpserts(), filters: log.takeFilters() });
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
