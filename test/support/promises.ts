import { defaultRuleSet } from '../../services/availability/defaultRuleSet';
import { parseRuleSet } from '../../services/availability/ruleSet';
import { RuleSetStore } from '../../services/availability/ruleSetStore';
import { bookingServiceOn } from '../../services/booking/bookingService';
import { PeopleStore } from '../../services/people/peopleStore';
import type { Database } from '../../services/store/database';
import type { GraphApiServer } from './graphApiServer';
import { whatsAppEnv } from './whatsapp';

/** A bot process's settings for WhatsApp through the test's Graph API, with the promise job's templates. */
export function whatsAppBotConfig(graph: GraphApiServer, extra: Record<string, string> = {}): string {
  return JSON.stringify(
    whatsAppEnv(graph, { WHATSAPP_TEMPLATE_REMINDER: 'callback_reminder', WHATSAPP_TEMPLATE_APOLOGY: 'callback_apology', ...extra }),
  );
}

/** The default rule set with room for `capacity` people in each slot (saved as its newest version). */
export async function roomyDefaultRuleSet(database: Database, capacity: number): Promise<void> {
  await new RuleSetStore(database.ruleSetVersions).save(
    parseRuleSet({ ...defaultRuleSet('default'), capacity: { default: capacity, ranges: [] } }),
    'test',
  );
}

/** A WhatsApp person and their booking, written as the chat would have written them at `bookedAt`. */
export async function bookOnWhatsApp(database: Database, waId: string, slotStartUtc: Date, bookedAt: Date): Promise<void> {
  const people = new PeopleStore(database.collection('people'), database.collection('channelAccounts'), () => bookedAt);
  const person = await people.findOrCreateByPhone(`+${waId}`, {
    provenance: { source: 'bot', campaign: null, collectedAt: bookedAt, detail: null },
    language: 'es',
    timeZone: 'Europe/Madrid',
  });
  await people.linkChannelAccount('whatsapp', waId, person._id, 'verified', 'whatsapp_number');
  const ruleSet = parseRuleSet((await new RuleSetStore(database.ruleSetVersions).current('default'))!.ruleSet);
  const result = await bookingServiceOn(database).book({
    ruleSet,
    person,
    slotStartUtc,
    channelId: 'whatsapp',
    bookedBy: { channelId: 'whatsapp', accountId: waId, assurance: 'verified' },
    now: bookedAt,
  });
  if (!result.ok) throw new Error(`not booked: ${result.reason}`);
}
