import { lawfulWindowFor, type LawfulWindow } from '../availability/lawfulWindow';
import { parseRuleSet, type RuleSet } from '../availability/ruleSet';
import type { RuleSetStore } from '../availability/ruleSetStore';
import type { BookingService } from '../booking/bookingService';
import { callbackView, type CallbackDocument, type CallbackView, teamOf } from '../booking/callback';
import { maySeeCallback, type Assurance, type ChannelAccountRef } from '../identity/assurance';
import { displayZoneOf, lawfulWindowOf } from '../people/personZone';
import type { PeopleStore } from '../people/peopleStore';
import type { PersonDocument } from '../people/person';
import { normalisePhone, numberProvenBy } from '../people/phone';
import { type EntryPoint, routeToTeam, type Team } from '../teams/team';
import type { TeamStore } from '../teams/teamStore';
import { slotsForWish } from './slotsForWish';
import type { Language } from '../language/language';

/** A team as the conversation names it. */
export interface DeskTeam {
  id: string;
  name: string;
}

/** What the conversation sees of a person: never the whole record. */
export interface DeskPerson {
  id: string;
  phoneE164: string;
  /** The zone we render times in: the stated one, or the first candidate of the number's. */
  timeZone: string;
  /** More than one when the number alone cannot tell (a Spanish mobile, a US number) and nobody said. */
  zoneCandidates: string[];
  zoneKnown: boolean;
  existingCustomer: boolean;
  /** The language we last spoke with them in, if we know it (a message we start, such as a reminder, uses it). */
  language: Language | null;
  /** How sure we are that the account writing is this person; a claimed identity sees only what it booked itself. */
  assurance: Assurance;
  /** The account this view was read for. */
  account: ChannelAccountRef;
  /** Where this conversation came in: with the person's campaign and language, it decides the team they reach. */
  entry: EntryPoint;
}

/** A callback as the conversation sees it, with the id of the team that will call (it may not be the one written to). */
export type DeskCallback = CallbackView & { team: string };

const NO_ENTRY: EntryPoint = { channel: 'other' };

export type DeskBookingOutcome =
  | { ok: true; callback: DeskCallback }
  | {
      ok: false;
      /** held_elsewhere: the person has a callback this (claimed) account may not see; verifying shows it. */
      reason: 'taken' | 'not_offered' | 'already_booked' | 'held_elsewhere';
      alternatives: Array<{ startUtc: Date }>;
      existing?: DeskCallback;
    };

export type DeskWish = { kind: 'asap' } | { kind: 'near'; target: Date; from?: Date; to?: Date };

const DAY = 86_400_000;

/**
 * The scheduling conversation's single door into the domain: people, their lawful window, the team's
 * rule set and the booking service. Which team's rule set applies and how a wish becomes a search range are
 * decided here, not in the dialogs: a new booking goes to the team the conversation reached (routeToTeam), a
 * move or a repair stays with the team of the callback it moves or repairs (a team's id is its rule set's id).
 */
export class CallbackDesk {
  constructor(
    private readonly people: PeopleStore,
    private readonly bookings: BookingService,
    private readonly ruleSets: RuleSetStore,
    private readonly teams: Pick<TeamStore, 'list'>,
    private readonly defaultTeamId: string,
    private readonly clock: () => Date,
  ) {}

  normalisePhone(input: string, defaultCountry: string): { ok: true; e164: string } | { ok: false } {
    const result = normalisePhone(input, defaultCountry);
    return result.ok ? { ok: true, e164: result.e164 } : { ok: false };
  }

  /** `entry`: where this conversation came in (the Web Chat page's team, the WhatsApp number, Teams). */
  async personForAccount(account: ChannelAccountRef, entry: EntryPoint = NO_ENTRY): Promise<DeskPerson | null> {
    const link = await this.people.accountLink(account);
    if (link) return this.view(link.person, link.assurance, account, entry);
    // WhatsApp tells us the number: the person need not type it.
    const phoneE164 = numberProvenBy(account);
    return phoneE164 ? this.identify({ account, phoneE164, language: 'es', entry }) : null;
  }

  /** The number the person gave: a claim, unless the channel itself proves it (WhatsApp). */
  async identify(input: {
    account: ChannelAccountRef;
    phoneE164: string;
    language: Language;
    statedTimeZone?: string;
    entry?: EntryPoint;
  }): Promise<DeskPerson> {
    const { account } = input;
    const person = await this.people.findOrCreateByPhone(input.phoneE164, {
      provenance: { source: 'bot', campaign: null, collectedAt: this.clock(), detail: null },
      language: input.language,
      ...(input.statedTimeZone && isStatedZoneUsable(input.phoneE164, input.statedTimeZone) ? { timeZone: input.statedTimeZone } : {}),
    });
    const provenByChannel = numberProvenBy(account) === person.phoneE164;
    if (provenByChannel)
      await this.people.linkChannelAccount(account.channelId, account.accountId, person._id, 'verified', 'whatsapp_number');
    else await this.people.linkChannelAccount(account.channelId, account.accountId, person._id, 'claimed');
    // Typing one's own number again on an account already verified for it keeps it verified.
    const link = await this.people.accountLink(account);
    const assurance = link?.person._id === person._id ? link.assurance : 'claimed';
    return this.view(person, assurance, account, input.entry ?? NO_ENTRY);
  }

  async setTimeZone(person: DeskPerson, timeZone: string): Promise<DeskPerson> {
    return this.view(await this.people.update(person.id, { timeZone }), person.assurance, person.account, person.entry);
  }

  /** The person's active callback, if this identity may see it: a claimed one sees only what it booked itself. */
  async activeCallback(person: DeskPerson): Promise<DeskCallback | null> {
    const callback = await this.bookings.activeFor(person.id);
    return callback && maySeeCallback(person, callback.bookedBy) ? deskCallback(callback) : null;
  }

  /**
   * The team of the person's callback when it is not the one this conversation reached (they wrote to another
   * team's entry point): who will call, to tell them so instead of booking again. Null when it is the same team.
   */
  async otherTeamOf(person: DeskPerson, callback: DeskCallback): Promise<DeskTeam | null> {
    const teams = await this.teams.list();
    if (callback.team === (await this.reachedTeam(person, teams))) return null;
    // A rule set with no team record of its own (booked before teams existed) is named by its id.
    return { id: callback.team, name: teams.find((team) => team.id === callback.team)?.name ?? callback.team };
  }

  /** The person's missed call, if this identity may see it and its apology still stands. */
  async missedCallback(person: DeskPerson): Promise<DeskCallback | null> {
    const callback = await this.bookings.lastMissedFor(person.id);
    return callback && maySeeCallback(person, callback.bookedBy) ? deskCallback(callback) : null;
  }

  /** A new time chosen after we missed a call: booked, with the team that missed it, as the repair of that miss (a plain booking if it is gone). */
  async bookRepair(person: DeskPerson, slotStartUtc: Date, missedId: string): Promise<DeskBookingOutcome> {
    const missed = await this.missedCallback(person);
    if (missed?.id !== missedId) return this.book(person, slotStartUtc);
    return this.bookIn(person, missed.team, slotStartUtc, missedId);
  }

  /**
   * Free times for a wish: in the team of the callback they are for (`forCallback`, the person's own callback being
   * moved or repaired), else in the team the conversation reached.
   */
  async slotsFor(person: DeskPerson, wish: DeskWish, limit: number, forCallback?: string): Promise<Array<{ startUtc: Date }>> {
    const { ruleSet, record } = await this.context(person, await this.teamFor(person, forCallback));
    const now = this.clock();
    const horizon = new Date(now.getTime() + ruleSet.horizonDays * DAY);
    if (wish.kind === 'asap') {
      return this.bookings.offer({ ruleSet, person: record, range: { fromUtc: now, toUtc: horizon }, limit, now });
    }
    // From the wished day on, where the search rule looks (a week before too, used only past the horizon).
    const from = new Date(Math.max(now.getTime(), wish.target.getTime() - 7 * DAY));
    const free = await this.bookings.offer({ ruleSet, person: record, range: { fromUtc: from, toUtc: horizon }, limit: Infinity, now });
    return slotsForWish(free, wish, person.timeZone, limit);
  }

  async whyUnavailable(person: DeskPerson, instant: Date, forCallback?: string) {
    const { ruleSet, lawfulWindow } = await this.context(person, await this.teamFor(person, forCallback));
    return this.bookings.explainUnavailable({ ruleSet, lawfulWindow, instantUtc: instant, now: this.clock() });
  }

  /** A new booking, with the team the conversation reached; a person already booked (with any team) is not booked twice. */
  async book(person: DeskPerson, slotStartUtc: Date): Promise<DeskBookingOutcome> {
    return this.bookIn(person, await this.reachedTeam(person), slotStartUtc);
  }

  private async bookIn(person: DeskPerson, teamId: string, slotStartUtc: Date, repairOf?: string): Promise<DeskBookingOutcome> {
    const { ruleSet, record } = await this.context(person, teamId);
    const bookedBy = { channelId: person.account.channelId, accountId: person.account.accountId, assurance: person.assurance };
    const booking = { ruleSet, person: record, slotStartUtc, channelId: bookedBy.channelId, bookedBy, now: this.clock() };
    const result = repairOf ? await this.bookings.bookRepair({ ...booking, repairOf }) : await this.bookings.book(booking);
    if (!result.ok && result.reason === 'already_booked' && result.existing && !maySeeCallback(person, result.existing.bookedBy)) {
      return { ok: false, reason: 'held_elsewhere', alternatives: [] };
    }
    return this.outcome(result);
  }

  /** Moves the person's callback within its own team, whichever team the conversation reached. */
  async reschedule(person: DeskPerson, callbackId: string, slotStartUtc: Date): Promise<DeskBookingOutcome> {
    const active = await this.touchable(person, callbackId);
    if (!active) return { ok: false, reason: 'held_elsewhere', alternatives: [] };
    const { ruleSet, record } = await this.context(person, teamOf(active));
    return this.outcome(await this.bookings.reschedule({ callbackId, ruleSet, person: record, slotStartUtc, now: this.clock() }));
  }

  async cancel(person: DeskPerson, callbackId: string, reason: string): Promise<DeskCallback | null> {
    if (!(await this.touchable(person, callbackId))) return null;
    const cancelled = await this.bookings.cancel({ callbackId, reason, now: this.clock() });
    return cancelled ? deskCallback(cancelled) : null;
  }

  private async touchable(person: DeskPerson, callbackId: string): Promise<CallbackDocument | null> {
    const active = await this.bookings.activeFor(person.id);
    return active !== null && active._id === callbackId && maySeeCallback(person, active.bookedBy) ? active : null;
  }

  private outcome(result: Awaited<ReturnType<BookingService['book']>>): DeskBookingOutcome {
    if (result.ok) return { ok: true, callback: deskCallback(result.callback) };
    return {
      ok: false,
      reason: result.reason,
      alternatives: result.alternatives.map((slot) => ({ startUtc: slot.startUtc })),
      ...(result.existing ? { existing: deskCallback(result.existing) } : {}),
    };
  }

  /**
   * The team whose rules apply: that of the person's own callback named (moved or repaired), else the one reached.
   * The active callback is read first: it is the one read the turn has already made when moving.
   */
  private async teamFor(person: DeskPerson, forCallback: string | undefined): Promise<string> {
    if (forCallback) {
      const active = await this.bookings.activeFor(person.id);
      if (active?._id === forCallback) return teamOf(active);
      const missed = await this.bookings.lastMissedFor(person.id);
      if (missed?._id === forCallback) return teamOf(missed);
    }
    return this.reachedTeam(person);
  }

  /** The team this conversation reaches (routeToTeam): read only when it matters, as teams are a read of their own. */
  private async reachedTeam(person: DeskPerson, teams?: Team[]): Promise<string> {
    const [all, record] = await Promise.all([teams ?? this.teams.list(), this.people.get(person.id)]);
    const signals = { entry: person.entry, campaign: record?.provenance.campaign ?? null, language: record?.language ?? person.language };
    return routeToTeam(all, signals, this.defaultTeamId).teamId;
  }

  private async context(
    person: DeskPerson,
    teamId: string,
  ): Promise<{ ruleSet: RuleSet; record: PersonDocument; lawfulWindow: LawfulWindow }> {
    const [stored, record] = await Promise.all([this.ruleSets.current(teamId), this.people.get(person.id)]);
    if (!stored) throw new Error(`rule set "${teamId}" does not exist`);
    if (!record) throw new Error(`person ${person.id} does not exist`);
    return { ruleSet: parseRuleSet(stored.ruleSet), record, lawfulWindow: lawfulWindowOf(record) };
  }

  private view(person: PersonDocument, assurance: Assurance, account: ChannelAccountRef, entry: EntryPoint): DeskPerson {
    const window = lawfulWindowOf(person);
    const zoneKnown = person.timeZone !== null || !window.zoneAmbiguous;
    return {
      id: person._id,
      phoneE164: person.phoneE164,
      timeZone: displayZoneOf(person),
      zoneCandidates: [...window.candidateZones],
      zoneKnown,
      existingCustomer: person.existingCustomer,
      language: person.language,
      assurance,
      account,
      entry,
    };
  }
}

function deskCallback(callback: CallbackDocument): DeskCallback {
  return { ...callbackView(callback), team: teamOf(callback) };
}

/** A browser's zone is only trusted if it is one the number can ring in (a Madrid laptop, a Canary phone…). */
function isStatedZoneUsable(phoneE164: string, zone: string): boolean {
  return lawfulWindowFor({ phoneE164 }).candidateZones.includes(zone);
}
