import { parseRuleSet } from '../../services/availability/ruleSet';
import { RuleSetStore } from '../../services/availability/ruleSetStore';
import { bookingServiceOn, type BookingService } from '../../services/booking/bookingService';
import type { CallbackDocument } from '../../services/booking/callback';
import type { CallbackStatus } from '../../services/booking/lifecycle';
import { firstAttemptFields } from '../../services/promises/callRetries';
import { PeopleStore } from '../../services/people/peopleStore';
import { PromiseReport } from '../../services/promises/promiseReport';
import { openTestDatabase, type TestDatabase } from '../support/database';
import { madridSalesRuleSet } from '../support/ruleSets';

// Booked on Friday 27 November 2026, 09:00 in Madrid; the report is read on Friday 4 December, 12:02 UTC.
const BOOKED_AT = new Date('2026-11-27T08:00:00Z');
const NOW = new Date('2026-12-04T12:02:00Z');
const MINUTE = 60_000;
const at = (start: Date, minutes: number) => new Date(start.getTime() + minutes * MINUTE);

/** A team whose weeks differ from UTC's: its Sunday evening is Monday in UTC. */
const { holidays: _spain, ...withoutHolidays } = madridSalesRuleSet();
const MEXICO = parseRuleSet({ ...withoutHolidays, id: 'mexico-service', name: 'Mexico service', timeZone: 'America/Mexico_City' });

describe('the promises report on the real database: every state of the lifecycle, counted by ISO week and team', () => {
  let database: TestDatabase;
  let bookings: BookingService;
  let people: PeopleStore;
  let report: PromiseReport;
  let serial = 0;
  const madrid = parseRuleSet(madridSalesRuleSet());

  beforeAll(async () => {
    database = await openTestDatabase('promisereport');
    bookings = bookingServiceOn(database);
    people = new PeopleStore(database.collection('people'), database.collection('channelAccounts'), () => BOOKED_AT);
    const ruleSets = new RuleSetStore(database.ruleSetVersions);
    await ruleSets.save(madrid, 'test');
    await ruleSets.save(parseRuleSet({ ...MEXICO, promises: { ...MEXICO.promises, keptOnTimeMinutes: 10 } }), 'test');
    report = new PromiseReport(database.collection('callbacks'), ruleSets);
    await bookTheWeek();
  });
  afterAll(() => database.dispose());

  /** A Madrid person books a Madrid slot through the booking service, as the chat does. */
  async function book(slotStartUtc: Date, extra: { repairOf?: string } = {}): Promise<CallbackDocument> {
    serial += 1;
    const person = await people.findOrCreateByPhone(`+3491${String(2000000 + serial).slice(-7)}`, {
      provenance: { source: 'import', campaign: null, collectedAt: BOOKED_AT, detail: null },
    });
    const result = await bookings.book({ ruleSet: madrid, person, slotStartUtc, channelId: 'webchat', now: BOOKED_AT, ...extra });
    if (!result.ok) throw new Error(`not booked at ${slotStartUtc.toISOString()}: ${result.reason}`);
    return result.callback;
  }

  /** A call attempt that closes (or keeps open) the promise, with the first-attempt fields the agent desk writes. */
  async function attempt(callback: CallbackDocument, minutesAfterStart: number, to: CallbackStatus, from: CallbackStatus[] = ['booked']) {
    const when = at(callback.startUtc, minutesAfterStart);
    const current = (await database.collection('callbacks').findOne({ _id: callback._id }))!;
    const moved = await bookings.lifecycle.transition({
      callbackId: callback._id,
      from,
      to,
      at: when,
      set: firstAttemptFields(current, when, madrid.promises.keptOnTimeMinutes),
    });
    if (!moved) throw new Error(`${callback._id} did not move to ${to}`);
    return moved;
  }

  async function move(callback: CallbackDocument, from: CallbackStatus[], to: CallbackStatus, when: Date, set = {}) {
    const moved = await bookings.lifecycle.transition({ callbackId: callback._id, from, to, at: when, set });
    if (!moved) throw new Error(`${callback._id} did not move to ${to}`);
    return moved;
  }

  const missed = (callback: CallbackDocument) =>
    move(callback, ['booked', 'due'], 'missed', at(callback.startUtc, 30), { missedAt: at(callback.startUtc, 30) });

  // Madrid slots of week 49 (Monday 30 November to Friday 4 December), 10:00 Madrid onwards.
  const monday = (hourUtc: number, minute = 0) => new Date(Date.UTC(2026, 10, 30, hourUtc, minute));
  const friday = (hourUtc: number, minute = 0) => new Date(Date.UTC(2026, 11, 4, hourUtc, minute));

  async function bookTheWeek() {
    // Madrid, week 48: before the range, never counted.
    await book(new Date('2026-11-27T12:00:00Z'));

    // Madrid, week 49.
    await attempt(await book(monday(9)), 3, 'reached'); // kept on time
    await attempt(await book(monday(9, 30)), 20, 'converted'); // late
    await missed(await book(monday(10))); // missed, the apology still open
    const toRepair = await missed(await book(monday(10, 30)));
    const repair = await book(new Date('2026-12-09T09:00:00Z'), { repairOf: toRepair._id }); // week 50, still open
    await move(toRepair, ['missed'], 'repaired', at(toRepair.startUtc, 60), { repairedBy: repair._id });
    const toLapse = await missed(await book(monday(11)));
    await move(toLapse, ['missed'], 'lapsed', new Date('2026-12-07T11:00:00Z'));
    const unreachable = await attempt(await book(monday(11, 30)), 2, 'retrying'); // first attempt on time, no answer
    await attempt(unreachable, 120, 'unreachable', ['retrying']);
    await attempt(await book(monday(12)), 45, 'retrying'); // first attempt late, retry pending: late and open
    const cancelled = await book(monday(12, 30));
    await bookings.cancel({ callbackId: cancelled._id, reason: 'the person cancelled', now: BOOKED_AT });
    await book(new Date('2026-12-01T09:00:00Z')); // booked, time passed, nobody called: open, and not kept
    await book(friday(12, 30)); // booked, still ahead of now: open, not judged yet
    const dueNow = await book(friday(12)); // due two minutes ago: its on-time window is still open
    await move(dueNow, ['booked'], 'due', friday(12));
    const missedThenOptedOut = await missed(await book(new Date('2026-12-02T09:00:00Z')));
    await bookings.cancel({ callbackId: missedThenOptedOut._id, reason: 'opted out', now: at(missedThenOptedOut.startUtc, 45) });

    // A callback closed before the lifecycle existed: 'completed', with no first attempt recorded.
    const legacy = await book(new Date('2026-12-03T09:00:00Z'));
    await database
      .collection('callbacks')
      .updateOne(
        { _id: legacy._id },
        { $set: { status: 'completed', seatKey: `released|${legacy._id}`, activeKey: `${legacy.personId}|closed|${legacy._id}` } },
      );

    // Mexico, in the shapes the booking service writes (its hours are Madrid's, so these are written directly).
    const mexico = (id: string, startUtc: Date, fields: Partial<CallbackDocument>): CallbackDocument => ({
      _id: id,
      personId: `person-${id}`,
      ruleSetId: MEXICO.id,
      status: 'booked',
      seatKey: `released|${id}`,
      activeKey: `person-${id}|closed|${id}`,
      startUtc,
      endUtc: at(startUtc, 30),
      prospectTimeZone: 'America/Mexico_City',
      channelId: 'whatsapp',
      createdAt: BOOKED_AT,
      updatedAt: BOOKED_AT,
      history: [{ at: BOOKED_AT, action: 'booked', startUtc }],
      ...fields,
    });
    await database.collection('callbacks').insertMany([
      // Sunday 6 December, 19:00 in Mexico City: Monday in UTC (week 50), Sunday of week 49 for the team.
      mexico('mx-sunday', new Date('2026-12-07T01:00:00Z'), {
        status: 'reached',
        rev: 1,
        attempts: 1,
        firstAttemptAt: new Date('2026-12-07T01:08:00Z'),
        keptOnTime: true,
      }),
      // Sunday 29 November, 20:00 in Mexico City: Monday 30 November in UTC, but week 48 for the team, before the range.
      mexico('mx-before', new Date('2026-11-30T02:00:00Z'), {
        status: 'reached',
        rev: 1,
        firstAttemptAt: new Date('2026-11-30T02:30:00Z'),
        keptOnTime: false,
      }),
      // Seven minutes past its start: inside the team's 10 on-time minutes (Madrid's 5 would have closed it).
      mexico('mx-due', new Date('2026-12-04T11:55:00Z'), {
        status: 'due',
        seatKey: 'mexico-service|2026-12-04T11:55:00.000Z|0',
        activeKey: 'person-mx-due|active',
      }),
    ]);
  }

  const zero = {
    booked: 0,
    keptOnTime: 0,
    late: 0,
    missed: 0,
    repaired: 0,
    lapsed: 0,
    unreachable: 0,
    cancelled: 0,
    open: 0,
    passed: 0,
    ratio: null,
  };

  it('counts each state where it belongs, weeks in each team’s zone, every week of every team listed', async () => {
    const answer = await report.byWeek({ from: { date: '2026-11-30' }, to: { date: '2026-12-14' }, now: NOW });
    expect(answer.weeks).toEqual([
      {
        week: '2026-W49',
        team: 'madrid-sales',
        booked: 11,
        keptOnTime: 2,
        late: 2,
        missed: 3,
        repaired: 1,
        lapsed: 1,
        unreachable: 1,
        cancelled: 2,
        open: 4,
        passed: 8,
        ratio: 0.25,
      },
      {
        week: '2026-W49',
        team: 'mexico-service',
        booked: 2,
        keptOnTime: 1,
        late: 0,
        missed: 0,
        repaired: 0,
        lapsed: 0,
        unreachable: 0,
        cancelled: 0,
        open: 1,
        passed: 1,
        ratio: 1,
      },
      { week: '2026-W50', team: 'madrid-sales', ...zero, booked: 1, open: 1 },
      { week: '2026-W50', team: 'mexico-service', ...zero },
    ]);
    expect(answer.totals).toEqual({
      booked: 14,
      keptOnTime: 3,
      late: 2,
      missed: 3,
      repaired: 1,
      lapsed: 1,
      unreachable: 1,
      cancelled: 2,
      open: 6,
      passed: 9,
      ratio: 3 / 9,
    });
  });

  it('one team, with exact instants: the bounds are the instants, the weeks still the team’s own', async () => {
    const answer = await report.byWeek({
      from: { instant: new Date('2026-11-30T00:00:00Z') },
      to: { instant: new Date('2026-12-07T06:00:00Z') },
      team: 'mexico-service',
      now: NOW,
    });
    // Sunday 29 November 18:00 in Mexico City opens the range: the team's week 48, where the 20:00 call was late.
    expect(answer.weeks.map((row) => [row.week, row.booked, row.late, row.keptOnTime])).toEqual([
      ['2026-W48', 1, 1, 0],
      ['2026-W49', 2, 0, 1],
    ]);
    expect(answer.totals).toMatchObject({ booked: 3, passed: 2, ratio: 0.5 });
  });

  it('the gauge’s figure: each team’s ratio over the promises of the last seven days', async () => {
    const ratios = await report.recentRatios(NOW);
    // Madrid's week-48 call (27 November 12:00 UTC) is just older than seven days: the week-49 figure alone. Mexico's
    // Sunday call is ahead of the window, so its late call of 29 November is all it has.
    expect(Object.fromEntries(ratios)).toEqual({ 'madrid-sales': 0.25, 'mexico-service': 0 });
  });
});
