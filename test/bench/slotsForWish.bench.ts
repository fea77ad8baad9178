import { freeSlots, nearestSlots, type FreeSlotsQuery } from '../../services/availability/engine';
import { lawfulWindowFor } from '../../services/availability/lawfulWindow';
import { parseRuleSet } from '../../services/availability/ruleSet';
import { defaultRuleSet } from '../../services/availability/defaultRuleSet';
import { slotsForWish } from '../../services/scheduling/slotsForWish';
import { benchCase } from './benchCase';

const DAY = 86_400_000;
// Tuesday 24 November 2026, 09:15 in Madrid; the wish is "el sábado por la tarde" (15:00–20:00 on the 28th).
const NOW = new Date('2026-11-24T08:15:00Z');
const FROM = new Date('2026-11-28T14:00:00Z');
const TO = new Date('2026-11-28T19:00:00Z');
const ruleSet = parseRuleSet(defaultRuleSet('default'));

function query(fromUtc: Date, toUtc: Date): FreeSlotsQuery {
  return { ruleSet, lawfulWindow: lawfulWindowFor({ phoneE164: '+34915551234' }), bookings: [], now: NOW, range: { fromUtc, toUtc } };
}

const GROUP = 'offering a wish for a closed day: the default team, 21-day horizon, a Madrid number';

export const cases = [
  benchCase({
    group: GROUP,
    name: 'free slots a week either side + nearest (the search range before slotsForWish)',
    baseline: true,
    setup: () => query(NOW, new Date(FROM.getTime() + 7 * DAY)),
    run: (q) => nearestSlots(freeSlots(q), FROM, 3),
  }),
  benchCase({
    group: GROUP,
    name: 'free slots to the horizon + slotsForWish (what CallbackDesk.slotsFor does)',
    setup: () => query(NOW, new Date(NOW.getTime() + ruleSet.horizonDays * DAY)),
    run: (q) => slotsForWish(freeSlots(q), { target: FROM, from: FROM, to: TO }, 'Europe/Madrid', 3),
  }),
];
