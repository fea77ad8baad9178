import type { RunningApp } from '../../bot/app';
import { ApiKeyStore } from '../../services/auth/apiKeys';
import { AgentStore, type NewAgent } from '../../services/handoff/agents';
import { conversationWith } from './app';

/** An agent (the person) and their key, as `npm run keys -- create --role agent --name …` makes them. */
export async function createAgent(app: RunningApp, agent: NewAgent) {
  const created = await new AgentStore(app.database.collection('agents')).create(agent);
  const issued = await new ApiKeyStore(app.database.apiKeys).create('agent', `agent ${created.name}`, { agentId: created._id });
  return { agent: created, key: issued.key };
}

/**
 * A prospect books through the bot: the default rule set, Tuesday 24 November 2026 09:15 in Madrid, the
 * second slot offered for "mañana por la tarde" (Wednesday 25 November, 16:00 Madrid) unless `when` says otherwise.
 * The number must be a Spanish mobile (the bot then asks peninsula or Canaries).
 */
export async function bookThroughTheBot(
  app: RunningApp,
  who: { userId: string; phone: string; channelId?: string; when?: string },
  before: string[] = [],
) {
  const say = conversationWith(app.url, { userId: who.userId, locale: 'es-ES', channelId: who.channelId ?? 'webchat' });
  for (const text of before) await say(text);
  await say('hola');
  await say(who.phone);
  await say('sí');
  await say('Península y Baleares');
  await say(who.when ?? 'mañana por la tarde');
  const done = await say('la segunda');
  const confirmation = done.map((reply) => reply.text).join('\n');
  if (!/Te llamaremos/.test(confirmation)) throw new Error(`not booked: ${confirmation}`);
  return say;
}
