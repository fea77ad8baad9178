/**
 * What the dialogs need from the domain, and nothing more. The services implement these
 * (services/scheduling/callbackDesk.ts, the consent ledger); dialogs never see MongoDB.
 */

export interface PersonView {
  id: string;
  phoneE164: string;
  /** The zone we render times in: the stated one, or the first candidate of the number's. */
  timeZone: string;
  /** More than one when the number alone cannot tell (a Spanish mobile, a US number) and nobody said. */
  zoneCandidates: string[];
  zoneKnown: boolean;
  existingCustomer: boolean;
}

export interface SlotView {
  startUtc: Date;
}

export interface CallbackView {
  id: string;
  startUtc: Date;
  timeZone: string;
}

export type Unavailability =
  | { kind: 'outside_lawful_hours'; lawfulLocal: string | null }
  | { kind: 'lawful_rest_day' }
  | { kind: 'lawful_holiday' }
  | { kind: 'team_closed' }
  | { kind: 'too_soon' }
  | { kind: 'beyond_horizon' }
  | { kind: 'full' };

export type BookingOutcome =
  | { ok: true; callback: CallbackView }
  | { ok: false; reason: 'taken' | 'not_offered' | 'already_booked'; alternatives: SlotView[]; existing?: CallbackView };

export type SlotWish = { kind: 'asap' } | { kind: 'near'; target: Date; from?: Date; to?: Date };

export interface CallbackDeskPort {
  normalisePhone(input: string, defaultCountry: string): { ok: true; e164: string } | { ok: false };
  personForAccount(channelId: string, accountId: string): Promise<PersonView | null>;
  identify(input: { channelId: string; accountId: string; phoneE164: string; language: 'es' | 'en'; statedTimeZone?: string }): Promise<PersonView>;
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
  recordCallbackConsent(input: { personId: string; granted: boolean; wording: string; personWords: string; channelId: string }): Promise<void>;
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
  optOut(input: { channelId: string; accountId: string; personWords: string; wording: string }): Promise<{ personKnown: boolean; cancelled: CallbackView[] }>;
  /** False when we hold no record of the person (nothing to re-grant). */
  optIn(input: { channelId: string; accountId: string; personWords: string; wording: string }): Promise<boolean>;
  provenance(channelId: string, accountId: string): Promise<ProvenanceView | null>;
  exportData(channelId: string, accountId: string): Promise<Record<string, unknown> | null>;
  erase(channelId: string, accountId: string): Promise<boolean>;
}
