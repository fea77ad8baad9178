import { lawfulWindowFor, type LawfulWindow } from '../availability/lawfulWindow';
import type { PersonDocument } from './person';

type Placed = Pick<PersonDocument, 'phoneE164' | 'timeZone' | 'region'>;

/** When we may call this person: their number, the zone they told us and their region, read by the law's table. */
export function lawfulWindowOf(person: Placed): LawfulWindow {
  return lawfulWindowFor({
    phoneE164: person.phoneE164,
    ...(person.timeZone ? { statedTimeZone: person.timeZone } : {}),
    ...(person.region ? { region: person.region } : {}),
  });
}

/**
 * The zone a person's times are shown in (offers, confirmations, the callback's stored zone, the agents'
 * summary): the one they told us, else the first their number can ring in; null for a number no zone is known for.
 */
export function knownZoneOf(person: Placed): string | null {
  return lawfulWindowOf(person).displayZone ?? null;
}

/** knownZoneOf, or UTC where no zone is known (nothing is offered then, so no time is shown in it). */
export function displayZoneOf(person: Placed): string {
  return knownZoneOf(person) ?? 'UTC';
}
