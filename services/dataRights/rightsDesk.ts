import type { BookingService } from '../booking/bookingService';
import { mayDo, maySeeCallback, type Assurance, type ChannelAccountRef, type IdentityAction } from '../identity/assurance';
import type { OneTimeCodes } from '../identity/oneTimeCodes';
import { numberProvenBy } from '../people/phone';
import type { AccountLink, PeopleStore } from '../people/peopleStore';
import type { DataRights } from './dataRights';
import type { OptOutNotices } from './optOutNotices';
import type { Language } from '../language/language';

/** A right that needs a verified identity: the value, or what stands in the way. */
export type Guarded<T> =
  | { kind: 'ok'; value: T }
  /** The account leads to a number it has not proved. */
  | { kind: 'needs_verification' }
  /** We do not know which number this account speaks for. */
  | { kind: 'unidentified' };

/**
 * What the person is told an opt-out did, per outcome: the desk picks the outcome before it writes, records that
 * text with the event, and hands the same text back to be shown. So the ledger holds what the person saw.
 */
export type OptOutWording = (outcome: 'done' | 'no_record' | 'undisclosed') => string;

export interface OptOutWords {
  personWords: string;
  wording: OptOutWording;
}

export type OptOutOutcome =
  /** disclosed false: honoured for the number, but the sender is not told what we held or cancelled. */
  | {
      kind: 'done';
      disclosed: true;
      personKnown: boolean;
      /** The confirmation to show: the wording recorded with the event. */
      wording: string;
      cancelled: Array<{ id: string; startUtc: Date; timeZone: string }>;
    }
  /** `ownCancelled`: only what this account booked itself, which it knew of already. */
  | { kind: 'done'; disclosed: false; wording: string; ownCancelled: Array<{ id: string; startUtc: Date; timeZone: string }> }
  /** Nothing tells us the number: ask which number must not be called. */
  | { kind: 'need_number' };

/** The rights a person exercises in chat, addressed by the channel account they write from. */
export class RightsDesk {
  constructor(
    private readonly people: PeopleStore,
    private readonly rights: DataRights,
    private readonly bookings: BookingService,
    private readonly codes: OneTimeCodes,
    private readonly notices: OptOutNotices,
    private readonly clock: () => Date,
  ) {}

  async pendingCallback(account: ChannelAccountRef) {
    const link = await this.people.accountLink(account);
    const callback = link ? await this.bookings.activeFor(link.person._id) : null;
    if (!link || !callback || !maySeeCallback({ assurance: link.assurance, account }, callback.bookedBy)) return null;
    return { id: callback._id, startUtc: callback.startUtc, timeZone: callback.prospectTimeZone };
  }

  /** Stop all contact, for whoever asks: honoured for the number; only a verified identity hears what it cancelled. */
  async optOut(account: ChannelAccountRef, words: OptOutWords): Promise<OptOutOutcome> {
    const link = await this.people.accountLink(account);
    if (link) return this.optOutPerson(link, account, words);
    const ownNumber = numberProvenBy(account);
    if (!ownNumber) return { kind: 'need_number' };
    const wording = words.wording('no_record');
    await this.rights.optOut({
      person: null,
      phoneE164: ownNumber,
      channelId: account.channelId,
      personWords: words.personWords,
      wording,
      assurance: 'verified',
      at: this.clock(),
    });
    return { kind: 'done', disclosed: true, personKnown: false, wording, cancelled: [] };
  }

  /** "Don't call this number": the number is suppressed, and a person behind it opted out; nothing is disclosed. */
  async optOutNumber(account: ChannelAccountRef, phoneE164: string, words: OptOutWords): Promise<OptOutOutcome> {
    const person = await this.people.getByPhone(phoneE164);
    const link = await this.people.accountLink(account);
    if (person && link?.person._id === person._id) return this.optOutPerson(link, account, words);
    const wording = words.wording('undisclosed');
    await this.rights.optOut({
      person,
      phoneE164,
      channelId: account.channelId,
      personWords: words.personWords,
      wording,
      assurance: 'claimed',
      at: this.clock(),
    });
    if (person) await this.notices.queueFor(person._id, account);
    return { kind: 'done', disclosed: false, wording, ownCancelled: [] };
  }

  async optIn(account: ChannelAccountRef, words: { personWords: string; wording: string }): Promise<Guarded<true>> {
    return this.guarded(account, 'opt_in', async (link) => {
      await this.rights.optIn({ person: link.person, channelId: account.channelId, ...words, at: this.clock() });
      // "DESHACER" after a notice that someone else opted this number out is this same grant.
      const notice = await this.notices.openFor(account);
      if (notice?.personId === link.person._id) await this.notices.markUndone(notice._id);
      return true as const;
    });
  }

  provenance(account: ChannelAccountRef) {
    return this.guarded(account, 'see_provenance', (link) => this.rights.provenanceOf(link.person._id));
  }

  exportData(account: ChannelAccountRef) {
    return this.guarded(account, 'export', (link) => this.rights.exportPerson(link.person._id));
  }

  erase(account: ChannelAccountRef) {
    return this.guarded(account, 'erase', async (link) => (await this.rights.erasePerson(link.person._id, this.clock())) !== null);
  }

  /** How sure we are that this account is the person it leads to; null when it leads to nobody. */
  async assuranceOf(account: ChannelAccountRef): Promise<Assurance | null> {
    return (await this.people.accountLink(account))?.assurance ?? null;
  }

  /** The number this account claims, to send a code to; null when it claims none. */
  async claimedNumber(account: ChannelAccountRef): Promise<string | null> {
    return (await this.people.accountLink(account))?.person.phoneE164 ?? null;
  }

  startVerification(account: ChannelAccountRef, phoneE164: string, language: Language) {
    return this.codes.start(account, { phoneE164, language });
  }

  confirmVerification(account: ChannelAccountRef, typed: string) {
    return this.codes.confirm(account, typed);
  }

  get canVerify(): boolean {
    return this.codes.canSend;
  }

  private async optOutPerson(link: AccountLink, account: ChannelAccountRef, words: OptOutWords): Promise<OptOutOutcome> {
    const disclosed = link.assurance === 'verified';
    const wording = words.wording(disclosed ? 'done' : 'undisclosed');
    const receipt = await this.rights.optOut({
      person: link.person,
      phoneE164: link.person.phoneE164,
      channelId: account.channelId,
      personWords: words.personWords,
      wording,
      assurance: link.assurance,
      at: this.clock(),
    });
    if (disclosed) return { kind: 'done', disclosed, personKnown: true, wording, cancelled: receipt.cancelled };
    await this.notices.queueFor(link.person._id, account);
    const ownCancelled = receipt.cancelled.filter((c) => maySeeCallback({ assurance: 'claimed', account }, c.bookedBy));
    return { kind: 'done', disclosed, wording, ownCancelled };
  }

  private async guarded<T>(
    account: ChannelAccountRef,
    action: IdentityAction,
    act: (link: AccountLink) => Promise<T>,
  ): Promise<Guarded<T>> {
    const link = await this.people.accountLink(account);
    if (!link) return { kind: 'unidentified' };
    if (!mayDo(link.assurance, action)) return { kind: 'needs_verification' };
    return { kind: 'ok', value: await act(link) };
  }
}
