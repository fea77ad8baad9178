import type { BookingService } from '../booking/bookingService';
import { normalisePhone } from '../people/phone';
import type { PeopleStore } from '../people/peopleStore';
import type { PersonDocument } from '../people/person';
import type { DataRights } from './dataRights';

/** The rights a person exercises in chat, addressed by the channel account they write from. */
export class RightsDesk {
  constructor(
    private readonly people: PeopleStore,
    private readonly rights: DataRights,
    private readonly bookings: BookingService,
    private readonly clock: () => Date,
  ) {}

  async pendingCallback(channelId: string, accountId: string) {
    const person = await this.people.personForChannelAccount(channelId, accountId);
    const callback = person ? await this.bookings.activeFor(person._id) : null;
    return callback ? { id: callback._id, startUtc: callback.startUtc, timeZone: callback.prospectTimeZone } : null;
  }

  async optOut(input: { channelId: string; accountId: string; personWords: string; wording: string }) {
    const person = await this.people.personForChannelAccount(input.channelId, input.accountId);
    const receipt = await this.rights.optOut({
      person,
      phoneE164: person ? person.phoneE164 : phoneOfAccount(input.channelId, input.accountId),
      channelId: input.channelId,
      personWords: input.personWords,
      wording: input.wording,
      at: this.clock(),
    });
    return { personKnown: receipt.personId !== null, cancelled: receipt.cancelled };
  }

  async optIn(input: { channelId: string; accountId: string; personWords: string; wording: string }): Promise<boolean> {
    const person = await this.people.personForChannelAccount(input.channelId, input.accountId);
    if (!person) return false;
    await this.rights.optIn({
      person,
      channelId: input.channelId,
      personWords: input.personWords,
      wording: input.wording,
      at: this.clock(),
    });
    return true;
  }

  async provenance(channelId: string, accountId: string) {
    const person = await this.people.personForChannelAccount(channelId, accountId);
    return person ? this.rights.provenanceOf(person._id) : null;
  }

  async exportData(channelId: string, accountId: string) {
    const person = await this.people.personForChannelAccount(channelId, accountId);
    return person ? this.rights.exportPerson(person._id) : null;
  }

  async erase(channelId: string, accountId: string): Promise<boolean> {
    const person: PersonDocument | null = await this.people.personForChannelAccount(channelId, accountId);
    return person ? (await this.rights.erasePerson(person._id, this.clock())) !== null : false;
  }
}

/** On WhatsApp the account is the number: an opt-out from a number we hold nothing on still suppresses it. */
function phoneOfAccount(channelId: string, accountId: string): string | null {
  if (channelId !== 'whatsapp') return null;
  const phone = normalisePhone(accountId.startsWith('+') ? accountId : `+${accountId}`);
  return phone.ok ? phone.e164 : null;
}
