/* eslint-disable @typescript-eslint/require-await -- in-memory ports answer the services' async interfaces at once */
import { normalisePhone } from '../../services/people/phone';
import type { CallbackDeskPort, CallbackView, ConsentPort, PersonView, ProblemsPort, RightsPort, SlotView } from '../../dialogs/ports';
import type { ChannelAccountRef } from '../../services/identity/assurance';

/**
 * The dialogs' ports kept in memory, for unit tests of the conversation alone (the services and the database
 * are tested through the real server elsewhere). Free slots are a fixed list; bookings and consent are remembered.
 */
export function inMemoryPorts(input: { slots: Date[]; existingCustomers?: string[] }) {
  const people = new Map<string, PersonView>();
  const byAccount = new Map<string, string>();
  const callbacks = new Map<string, CallbackView & { personId: string; status: 'booked' | 'cancelled' | 'missed' | 'repaired' }>();
  const consent = new Map<string, 'granted' | 'withdrawn'>();
  const optOuts: string[] = [];
  /** People (by id, which is their number here) with an open problem they reported. */
  const openProblems = new Set<string>();
  // One team, as a one-team installation has.
  const team = 'default';
  const key = (a: ChannelAccountRef) => `${a.channelId}:${a.accountId}`;
  const free = (slot: Date) => ![...callbacks.values()].some((c) => c.status === 'booked' && c.startUtc.getTime() === slot.getTime());
  const active = (personId: string) => [...callbacks.values()].find((c) => c.personId === personId && c.status === 'booked') ?? null;

  const desk: CallbackDeskPort = {
    normalisePhone: (text, country) => {
      const result = normalisePhone(text, country);
      return result.ok ? { ok: true, e164: result.e164 } : { ok: false };
    },
    personForAccount: async (account) => people.get(byAccount.get(key(account)) ?? '') ?? null,
    identify: async ({ account, phoneE164 }) => {
      const person: PersonView = people.get(phoneE164) ?? {
        id: phoneE164,
        phoneE164,
        timeZone: 'Europe/Madrid',
        zoneCandidates: ['Europe/Madrid'],
        zoneKnown: true,
        existingCustomer: (input.existingCustomers ?? []).includes(phoneE164),
        language: null,
        assurance: 'claimed',
        account,
        entry: { channel: 'other' },
      };
      people.set(phoneE164, person);
      byAccount.set(key(account), phoneE164);
      return person;
    },
    setTimeZone: async (person, timeZone) => ({ ...person, timeZone, zoneKnown: true }),
    activeCallback: async (person) => active(person.id),
    otherTeamOf: async () => null,
    missedCallback: async (person) => [...callbacks.values()].find((c) => c.personId === person.id && c.status === 'missed') ?? null,
    bookRepair: async (person, slotStartUtc, missedId) => {
      const booked = await desk.book(person, slotStartUtc);
      const missed = callbacks.get(missedId);
      if (booked.ok && missed?.status === 'missed') missed.status = 'repaired';
      return booked;
    },
    slotsFor: async (_person, wish, limit): Promise<SlotView[]> => {
      const open = input.slots.filter(free);
      const target = wish.kind === 'asap' ? 0 : wish.target.getTime();
      return open
        .sort((a, b) => Math.abs(a.getTime() - target) - Math.abs(b.getTime() - target) || a.getTime() - b.getTime())
        .slice(0, limit)
        .sort((a, b) => a.getTime() - b.getTime())
        .map((startUtc) => ({ startUtc }));
    },
    whyUnavailable: async () => null,
    book: async (person, slotStartUtc) => {
      if (active(person.id)) return { ok: false, reason: 'already_booked', alternatives: [], existing: active(person.id)! };
      if (!free(slotStartUtc)) return { ok: false, reason: 'taken', alternatives: [] };
      const callback = {
        id: `cb-${callbacks.size + 1}`,
        startUtc: slotStartUtc,
        timeZone: person.timeZone,
        personId: person.id,
        status: 'booked' as const,
        team,
      };
      callbacks.set(callback.id, callback);
      return { ok: true, callback };
    },
    reschedule: async (_person, callbackId, slotStartUtc) => {
      const callback = callbacks.get(callbackId)!;
      callback.startUtc = slotStartUtc;
      return { ok: true, callback };
    },
    cancel: async (_person, callbackId) => {
      const callback = callbacks.get(callbackId);
      if (!callback || callback.status !== 'booked') return null;
      callback.status = 'cancelled';
      return callback;
    },
  };

  const consentPort: ConsentPort = {
    callbackConsent: async (person) => consent.get(person.phoneE164) ?? 'none',
    recordCallbackConsent: async ({ phoneE164, granted }) => void consent.set(phoneE164, granted ? 'granted' : 'withdrawn'),
  };

  const rights: RightsPort = {
    pendingCallback: async (account) => active(byAccount.get(key(account)) ?? ''),
    optOut: async (account, words) => {
      const phone = byAccount.get(key(account));
      if (!phone) return { kind: 'need_number' };
      optOuts.push(phone);
      consent.set(phone, 'withdrawn');
      const cancelled = [...callbacks.values()].filter((c) => c.personId === phone && c.status === 'booked');
      cancelled.forEach((c) => (c.status = 'cancelled'));
      return { kind: 'done', disclosed: false, wording: words.wording('undisclosed'), ownCancelled: cancelled };
    },
    optOutNumber: async (_account, phone, words) => {
      optOuts.push(phone);
      return { kind: 'done', disclosed: false, wording: words.wording('undisclosed'), ownCancelled: [] };
    },
    optIn: async () => ({ kind: 'needs_verification' }),
    provenance: async () => ({ kind: 'needs_verification' }),
    exportData: async () => ({ kind: 'needs_verification' }),
    erase: async () => ({ kind: 'needs_verification' }),
    assuranceOf: async (account) => (byAccount.has(key(account)) ? 'claimed' : null),
    claimedNumber: async (account) => byAccount.get(key(account)) ?? null,
    startVerification: async () => ({ kind: 'no_sender' }),
    confirmVerification: async () => ({ kind: 'none' }),
    canVerify: false,
  };

  const problems: ProblemsPort = {
    openProblemToMention: async (person) => openProblems.has(person.id),
  };

  return { desk, consent: consentPort, rights, problems, callbacks, optOuts, openProblems };
}
