import { freeSlots, type Booking, type FreeSlotsQuery } from '../../services/availability/engine';
import { lawfulWindowFor } from '../../services/availability/lawfulWindow';
import { parseRuleSet } from '../../services/availability/ruleSet';
import { benchCase, seededRandom } from './benchCase';

const DAY = 86_400_000;
const MINUTE = 60_000;
const WORKDAY = [{ start: '08:00', end: '22:00' }];

/** March 2026 (a clock change inside it) for a 50-agent Madrid pool and an ambiguous Spanish mobile. */
function monthQuery(bookingCount: number): FreeSlotsQuery {
  const ruleSet = parseRuleSet({
    id: 'bench-pool',
    name: 'Bench pool',
    timeZone: 'Europe/Madrid',
    weeklyHours: { mon: WORKDAY, tue: WORKDAY, wed: WORKDAY, thu: WORKDAY, fri: WORKDAY, sat: [{ start: '09:00', end: '14:00' }] },
    holidays: { country: 'ES', region: 'MD' },
    slotMinutes: 30,
    intervalMinutes: 30,
    bufferMinutes: 5,
    minNoticeMinutes: 60,
    horizonDays: 60,
    capacity: { default: 50, ranges: [{ weekdays: ['mon'], start: '08:00', end: '10:00', capacity: 40 }] },
  });
  const from = Date.parse('2026-03-01T00:00:00Z');
  const random = seededRandom(42);
  const bookings: Booking[] = [];
  for (let i = 0; i < bookingCount; i++) {
    // 07:00–21:00 UTC covers the team's day in both winter and summer time.
    const start = from + Math.floor(random() * 31) * DAY + (7 * 60 + Math.floor(random() * 28) * 30) * MINUTE;
    bookings.push({ startUtc: new Date(start), endUtc: new Date(start + 30 * MINUTE) });
  }
  return {
    ruleSet,
    lawfulWindow: lawfulWindowFor({ phoneE164: '+34612345678' }),
    bookings,
    now: new Date('2026-02-28T12:00:00Z'),
    range: { fromUtc: new Date(from), toUtc: new Date('2026-04-01T00:00:00Z') },
  };
}

/** The obvious way: every slot scans every booking, O(slots × bookings). */
function naiveCount(query: FreeSlotsQuery): number {
  const slots = freeSlots({ ...query, bookings: [] });
  const buffer = query.ruleSet.bufferMinutes * MINUTE;
  let free = 0;
  for (const slot of slots) {
    const from = slot.startUtc.getTime() - buffer;
    const to = slot.endUtc.getTime() + buffer;
    let busy = 0;
    for (const b of query.bookings) if (b.startUtc.getTime() < to && b.endUtc.getTime() > from) busy++;
    if (slot.remainingCapacity - busy > 0) free++;
  }
  return free;
}

const GROUP = 'availability: a month of 30-minute slots, 50-agent pool';

export const cases = [
  benchCase({ group: GROUP, name: 'freeSlots, 0 bookings', baseline: true, setup: () => monthQuery(0), run: freeSlots }),
  benchCase({ group: GROUP, name: 'freeSlots, 10,000 bookings', setup: () => monthQuery(10_000), run: freeSlots }),
  benchCase({
    group: GROUP,
    name: 'naive O(slots×bookings) count, 10,000 bookings',
    iterations: 30,
    setup: () => monthQuery(10_000),
    run: naiveCount,
  }),
];
