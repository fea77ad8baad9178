/**
 * What the dialogs need from the domain, and nothing more. The services implement these
 * (services/scheduling/callbackDesk.ts, the consent ledger); dialogs never see MongoDB.
 */
import type { Unavailability } from '../services/booking/explain';
import type { DeskCallback, DeskPerson, DeskWish } from '../services/scheduling/callbackDesk';

// The shapes are the services' own (one definition each); dialogs name them by what they see.
export type PersonView = DeskPerson;
export type CallbackView = DeskCallback;
export type SlotWish = DeskWish;
export type { Unavailability };

export interface SlotView {
  startUtc: Date;
}

export type BookingOutcome =
  | { ok: true; callback: CallbackView }
  | { ok: false; reason: 'taken' | 'not_offered' | 'already_booked'; alternatives: SlotView[]; existing?: CallbackView };

export interface CallbackDeskPort {
  normalisePhone(input: string, defaultCountry: string): { ok: true; e164: string } | { ok: false };
  personForAccount(channelId: string, accountId: string): Promise<PersonView | null>;
  identify(input: {
    channelId: string;
    accountId: string;
    phoneE164: string;
    language: 'es' | 'en';
    statedTimeZone?: string;
  }): Promise<PersonView>;
  setTimeZone(personId: string, timeZone: string): Promise<PersonView>;
  activeCallback(personId: string): Promise<CallbackView | null>;
  slotsFor(person: PersonView, wish: SlotWish, limit: number): Promise<SlotView[]>;
  whyUnavailable(person: PersonView, instant: Date): Promise<Unavailability | null>;
  book(person: PersonView, slotStartUtc: Date, channelId: string): Promise<BookingOutcome>;
  reschedule(person: PersonView, callbackId: string, slotStartUtc: Date): Promise<BookingOutcome>;
  cancel(callbackId: string, reason: string): Promise<CallbackView | null>;
}

export type ConsentStatus = 'granted' | 'withdrawn' | 'none';

export interface ConsentPort {
  callbackConsent(personId: string): Promise<ConsentStatus>;
  recordCallbackConsent(input: {
    personId: string;
    phoneE164: string;
    granted: boolean;
    wording: string;
    personWords: string;
    channelId: string;
  }): Promise<void>;
}

export interface ProvenanceView {
  source: 'web_form' | 'campaign' | 'import' | 'bot' | 'admin';
  campaign: string | null;
  collectedAt: Date;
  detail: string | null;
}

/** The person's rights over contact and data, addressed by the channel account they write from. */
export interface RightsPort {
  pendingCallback(channelId: string, accountId: string): Promise<CallbackView | null>;
  /** Durable before it returns; throws when it could not be recorded. */
  optOut(input: {
    channelId: string;
    accountId: string;
    personWords: string;
    wording: string;
  }): Promise<{ personKnown: boolean; cancelled: CallbackView[] }>;
  /** False when we hold no record of the person (nothing to re-grant). */
  optIn(input: { channelId: string; accountId: string; personWords: string; wording: string }): Promise<boolean>;
  provenance(channelId: string, accountId: string): Promise<ProvenanceView | null>;
  exportData(channelId: string, accountId: string): Promise<Record<string, unknown> | null>;
  erase(channelId: string, accountId: string): Promise<boolean>;
}
