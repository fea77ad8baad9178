import type { TurnContext } from 'botbuilder';
import { Dialog, DialogContext, DialogInstance, DialogTurnResult } from 'botbuilder-dialogs';
import { DateTime } from 'luxon';
import { reportsFault } from '../../services/handoff/recognisers';
import { parseSlotChoice, parseWhen, WhenRequest } from '../../services/scheduling/when';
import { formatPhone } from '../i18n/format';
import { formatDayAtTime, formatShortDayTime } from '../../services/language/format';
import { chooseLanguage } from '../i18n/language';
import type { Language } from '../../services/language/language';
import { say } from '../i18n/strings';
import type { CallbackDeskPort, CallbackView, ConsentPort, PersonView, ProblemsPort, SlotView, TeamView, TellingView } from '../ports';
import { readPhoneAnswer } from '../identity/phoneQuestion';
import { VERIFICATION_DIALOG, type VerificationOptions } from '../identity/verificationDialog';
import { promptWithChoices } from '../rendering/choices';
import { turnAccount } from '../turnAccount';
import { turnEntry } from '../turnEntry';
import { asksForOtherTime, asksToCancelCallback, asksWhenWeCall, isBareClock, isPlainYes, manageChoice, yesOrNo } from './answers';
import { explainUnavailable } from './explain';
import { pickZone, zoneTitle } from './zoneChoices';

type Stage = 'phone' | 'consent' | 'zone' | 'when' | 'pick' | 'manage';

interface SchedulingState {
  stage: Stage;
  language: Language;
  personId?: string;
  /** Set while moving an existing callback rather than booking a new one. */
  rescheduleOf?: string;
  /** Set while offering new times for a call we missed: the booking repairs that miss. */
  repairOf?: string;
  offered?: Array<{ startUtc: string; label: string }>;
  /** The offered slot that is exactly the time the person asked for, if one is: what a plain "sí" takes. */
  wishedSlot?: string;
  /** A time the person gave before we could book (e.g. in their first message). */
  pendingWhen?: string;
  /** The question on screen and its buttons, to ask again when the person said something else (repromptDialog). */
  asked?: { text: string; titles: string[] };
  /** They asked when we call before we knew who they were: answered once they are identified. */
  askedWhen?: boolean;
}

export interface SchedulingDependencies {
  desk: CallbackDeskPort;
  consent: ConsentPort;
  problems: ProblemsPort;
  clock: () => Date;
  defaultPhoneCountry: string;
  customerServiceContact: string;
}

export const SCHEDULING_DIALOG = 'scheduling';

/** How the dialog is begun: by the person's message, or by us, to tell them something about their call. */
export interface SchedulingOptions {
  telling?: TellingView;
}

type StageHandler = (dc: DialogContext, state: SchedulingState, person: PersonView, text: string) => Promise<DialogTurnResult>;

/** The callback the times offered are for (moved or repaired, in its own team), if any. */
function forCallback(state: SchedulingState): string | undefined {
  return state.rescheduleOf ?? state.repairOf;
}

/** The one typed door to this dialog's state. */
function stateOf(dc: DialogContext): SchedulingState {
  return dc.activeDialog!.state as SchedulingState;
}

/**
 * The heart of the product: who the person is, whether we may call, and when. A state machine rather
 * than a waterfall, because people answer out of order: a time in the first message, a new time
 * while choosing, "cancel the call" at any point.
 */
export class SchedulingDialog extends Dialog {
  constructor(private readonly deps: SchedulingDependencies) {
    super(SCHEDULING_DIALOG);
  }

  override async beginDialog(dc: DialogContext, options?: SchedulingOptions): Promise<DialogTurnResult> {
    const activity = dc.context.activity;
    const state: SchedulingState = { stage: 'phone', language: chooseLanguage({ text: activity.text, locale: activity.locale }) };
    dc.activeDialog!.state = state;
    if (options?.telling) return this.beginTelling(dc, options.telling);
    const person = await this.deps.desk.personForAccount(turnAccount(dc.context), turnEntry(dc.context));
    if (!person) {
      if (activity.text && parseWhen(activity.text, this.whenOptions(state, 'UTC'))) state.pendingWhen = activity.text;
      if (activity.text && asksWhenWeCall(activity.text)) return this.askWhoAsksWhen(dc);
      return this.ask(dc, say(state.language, 'askPhone'));
    }
    state.personId = person.id;
    await this.tellPending(dc, person);
    if (person.existingCustomer) return this.endWith(dc, this.existingCustomerText(state.language));

    const active = await this.deps.desk.activeCallback(person);
    const text = activity.text ?? '';
    if (active) {
      state.rescheduleOf = active.id;
      if (asksToCancelCallback(text)) return this.cancelCallback(dc, person, active);
      // Its time has passed and nobody called: we are late, and we say so, never "shall we keep it?".
      if (active.startUtc.getTime() <= this.deps.clock().getTime())
        return this.offerRepair(dc, person, say(state.language, 'lateApology', { when: this.when(active, state.language) }));
      const elsewhere = await this.deps.desk.otherTeamOf(person, active);
      if (elsewhere) return this.askManage(dc, active, this.bookedWithOtherTeam(elsewhere, active, state.language));
      if (asksWhenWeCall(text)) return this.answerWhenBooked(dc, active);
      if (parseWhen(text, this.whenOptions(state, person.timeZone))) return this.offerFor(dc, person, text);
      return this.askManage(dc, active);
    }
    // A call we missed comes before anything else: the apology, and new times that repair it.
    const missed = await this.deps.desk.missedCallback(person);
    if (missed && !asksToCancelCallback(text)) {
      state.repairOf = missed.id;
      if (parseWhen(text, this.whenOptions(state, person.timeZone))) return this.offerFor(dc, person, text);
      return this.offerRepair(dc, person, say(state.language, 'apology', { when: this.when(missed, state.language) }));
    }
    if (activity.text && asksToCancelCallback(activity.text)) return this.endWith(dc, say(state.language, 'nothingToCancel'));
    if (activity.text && parseWhen(activity.text, this.whenOptions(state, person.timeZone))) state.pendingWhen = activity.text;
    if (activity.text && asksWhenWeCall(activity.text)) await dc.context.sendActivity(say(state.language, 'whenNotChosen'));
    return this.afterIdentity(dc, person);
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = stateOf(dc);
    const text = (dc.context.activity.text ?? '').trim();
    state.language = chooseLanguage({ text, locale: undefined, remembered: state.language });
    if (!text) return Dialog.EndOfTurn;

    if (state.stage === 'phone') return this.onPhone(dc, state, text);
    const person = await this.person(dc);
    if (!person) return this.ask(dc, say(state.language, 'askPhone'), 'phone');

    if (state.rescheduleOf && asksToCancelCallback(text)) {
      const active = await this.deps.desk.activeCallback(person);
      if (active) return this.cancelCallback(dc, person, active);
    }
    if (asksWhenWeCall(text)) return this.answerWhenWeCall(dc, state, person);
    return this.stages[state.stage](dc, state, person, text);
  }

  /**
   * We write first, about their call (services/promises): a reminder, a move, a retry planned, a call we could
   * not make, or the apology for one we missed; the person answers with the same choices as in a conversation.
   */
  private async beginTelling(dc: DialogContext, telling: TellingView): Promise<DialogTurnResult> {
    const state = stateOf(dc);
    const person = await this.deps.desk.personForAccount(turnAccount(dc.context), turnEntry(dc.context));
    if (!person) return dc.endDialog();
    state.personId = person.id;
    state.language = person.language ?? state.language;
    const language = state.language;
    if (telling === 'unreachable') return this.ask(dc, say(language, 'unreachable'), 'when');
    if (telling === 'apology') {
      const missed = await this.deps.desk.missedCallback(person);
      if (!missed) return dc.endDialog();
      state.repairOf = missed.id;
      return this.offerRepair(dc, person, say(language, 'apology', { when: this.when(missed, language) }));
    }
    const active = await this.deps.desk.activeCallback(person);
    if (!active) return dc.endDialog();
    state.rescheduleOf = active.id;
    const lead = telling === 'reminder' ? 'reminder' : telling === 'moved' ? 'movedByUs' : 'retryPlanned';
    return this.askManage(dc, active, say(language, lead, { when: this.when(active, language) }));
  }

  /** The first free times, after words that own up to a call we did not make. */
  private async offerRepair(dc: DialogContext, person: PersonView, lead: string): Promise<DialogTurnResult> {
    const slots = await this.deps.desk.slotsFor(person, { kind: 'asap' }, 3, forCallback(stateOf(dc)));
    return this.presentSlots(dc, person, slots, lead);
  }

  /** One handler per stage once the person is known; the phone stage comes before there is a person. */
  private readonly stages: Record<Exclude<Stage, 'phone'>, StageHandler> = {
    consent: (dc, state, person, text) => this.onConsent(dc, state, person, text),
    zone: (dc, state, person, text) => this.onZone(dc, state, person, text),
    manage: (dc, state, person, text) => this.onManage(dc, state, person, text),
    when: (dc, _state, person, text) => this.offerFor(dc, person, text),
    pick: (dc, state, person, text) => this.onPick(dc, state, person, text),
  };

  private async onPhone(dc: DialogContext, state: SchedulingState, text: string): Promise<DialogTurnResult> {
    const activity = dc.context.activity;
    const phone = readPhoneAnswer(dc, text, state.language, this.deps, say(state.language, 'consentDeclined'));
    if (phone.kind === 'declined') return this.endWith(dc, phone.reply);
    if (phone.kind === 'invalid') {
      if (asksWhenWeCall(text)) return this.askWhoAsksWhen(dc);
      return this.ask(dc, phone.reply);
    }
    const person = await this.deps.desk.identify({
      account: turnAccount(dc.context),
      phoneE164: phone.e164,
      language: state.language,
      statedTimeZone: activity.localTimezone || undefined,
      entry: turnEntry(dc.context),
    });
    state.personId = person.id;
    if (person.existingCustomer) return this.endWith(dc, this.existingCustomerText(state.language));
    const active = await this.deps.desk.activeCallback(person);
    if (active) {
      state.rescheduleOf = active.id;
      const elsewhere = await this.deps.desk.otherTeamOf(person, active);
      if (elsewhere) return this.askManage(dc, active, this.bookedWithOtherTeam(elsewhere, active, state.language));
      return state.askedWhen ? this.answerWhenBooked(dc, active) : this.askManage(dc, active);
    }
    if (state.askedWhen) await dc.context.sendActivity(say(state.language, 'whenNotChosen'));
    return this.afterIdentity(dc, person);
  }

  /** Consent first (unless given before), then the zone if the number leaves it open, then when. */
  private async afterIdentity(dc: DialogContext, person: PersonView): Promise<DialogTurnResult> {
    const state = stateOf(dc);
    const consent = await this.deps.consent.callbackConsent(person);
    // A number typed here that someone opted out: only its verified holder may say yes again.
    if (consent === 'needs_verification') return this.verifyThenContinue(dc, person);
    if (consent !== 'granted')
      return this.askConsent(dc, person, consent === 'withdrawn' ? `${say(state.language, 'optedOutEarlier')}\n\n` : '');
    return this.afterConsent(dc, person);
  }

  private async afterConsent(dc: DialogContext, person: PersonView): Promise<DialogTurnResult> {
    const state = stateOf(dc);
    if (!person.zoneKnown && person.zoneCandidates.length > 1) {
      state.stage = 'zone';
      return this.askWithChoices(
        dc,
        say(state.language, 'askZone'),
        person.zoneCandidates.map((zone) => zoneTitle(zone, state.language)),
      );
    }
    if (state.pendingWhen) {
      const pending = state.pendingWhen;
      delete state.pendingWhen;
      return this.offerFor(dc, person, pending);
    }
    return this.askWhen(dc);
  }

  private async onConsent(dc: DialogContext, state: SchedulingState, person: PersonView, text: string): Promise<DialogTurnResult> {
    const yes = text === say(state.language, 'consentYes') ? true : text === say(state.language, 'consentNo') ? false : yesOrNo(text);
    // The answer is to the question as it was shown (its lead, its language): that text is what is recorded.
    const question = state.stage === 'consent' ? state.asked?.text : undefined;
    if (yes === null || !question) {
      return this.askConsent(dc, person);
    }
    await this.deps.consent.recordCallbackConsent({
      phoneE164: person.phoneE164,
      granted: yes,
      assurance: person.assurance,
      wording: question,
      personWords: text,
      channelId: dc.context.activity.channelId,
    });
    if (!yes) return this.endWith(dc, say(state.language, 'consentDeclined'));
    return this.afterConsent(dc, person);
  }

  private async onZone(dc: DialogContext, state: SchedulingState, person: PersonView, text: string): Promise<DialogTurnResult> {
    const zone = pickZone(text, person.zoneCandidates, state.language);
    if (!zone)
      return this.askWithChoices(
        dc,
        say(state.language, 'askZone'),
        person.zoneCandidates.map((z) => zoneTitle(z, state.language)),
      );
    const updated = await this.deps.desk.setTimeZone(person, zone);
    return this.afterConsent(dc, updated);
  }

  private async onManage(dc: DialogContext, state: SchedulingState, person: PersonView, text: string): Promise<DialogTurnResult> {
    const active = await this.deps.desk.activeCallback(person);
    if (!active) {
      delete state.rescheduleOf;
      return this.askWhen(dc);
    }
    const choice = manageChoice(text);
    if (choice === 'keep') return this.endWith(dc, say(state.language, 'kept', { when: this.when(active, state.language) }));
    if (choice === 'cancel') return this.cancelCallback(dc, person, active);
    if (choice === 'change') return this.askWhen(dc);
    // A new time is a change; anything else ("hola" again) is no answer: the booking and its choices again.
    if (parseWhen(text, this.whenOptions(state, person.timeZone))) return this.offerFor(dc, person, text);
    return this.askManage(dc, active);
  }

  private async onPick(dc: DialogContext, state: SchedulingState, person: PersonView, text: string): Promise<DialogTurnResult> {
    const offered = state.offered ?? [];
    if (asksForOtherTime(text)) return this.askWhen(dc);
    if (isPlainYes(text)) {
      if (state.wishedSlot) return this.bookSlot(dc, state, person, new Date(state.wishedSlot));
      return this.askWithChoices(dc, say(state.language, 'pickWhich'), [
        ...offered.map((slot) => slot.label),
        say(state.language, 'otherTime'),
      ]);
    }
    const byLabel = offered.findIndex((slot) => slot.label.toLowerCase() === text.toLowerCase());
    const index =
      byLabel >= 0
        ? byLabel
        : parseSlotChoice(
            text,
            offered.map((slot) => ({ startUtc: new Date(slot.startUtc) })),
            { locale: state.language, timeZone: person.timeZone },
          );
    const chosen = index === null ? undefined : offered[index];
    if (!chosen) {
      // A bare time ("10:30") while looking at one day's slots means that day, not today.
      const firstOffered = offered[0];
      if (firstOffered && isBareClock(text)) {
        const dayStart = DateTime.fromISO(firstOffered.startUtc, { zone: person.timeZone }).startOf('day').toJSDate();
        const sameDay = parseWhen(text, {
          locale: state.language,
          timeZone: person.timeZone,
          now: new Date(Math.max(dayStart.getTime(), this.deps.clock().getTime())),
        });
        if (sameDay?.kind === 'at') {
          const near = await this.deps.desk.slotsFor(person, { kind: 'near', target: sameDay.startUtc }, 3, forCallback(state));
          // An exact free time, named by the person: that is their choice.
          if (near.some((slot) => slot.startUtc.getTime() === sameDay.startUtc.getTime()))
            return this.bookSlot(dc, state, person, sameDay.startUtc);
          return this.offerWish(dc, person, sameDay);
        }
      }
      // Not one of the offered times: maybe a new wish ("mejor el viernes").
      if (parseWhen(text, this.whenOptions(state, person.timeZone))) return this.offerFor(dc, person, text);
      return this.askWithChoices(dc, say(state.language, 'pickNotUnderstood'), [
        ...offered.map((slot) => slot.label),
        say(state.language, 'otherTime'),
      ]);
    }
    return this.bookSlot(dc, state, person, new Date(chosen.startUtc));
  }

  private async bookSlot(dc: DialogContext, state: SchedulingState, person: PersonView, slotStart: Date): Promise<DialogTurnResult> {
    const outcome = state.rescheduleOf
      ? await this.deps.desk.reschedule(person, state.rescheduleOf, slotStart)
      : state.repairOf
        ? await this.deps.desk.bookRepair(person, slotStart, state.repairOf)
        : await this.deps.desk.book(person, slotStart);
    if (outcome.ok) {
      delete state.repairOf;
      const when = this.when(outcome.callback, state.language);
      const text = state.rescheduleOf
        ? say(state.language, 'rescheduled', { when })
        : say(state.language, 'confirmed', { when, phone: formatPhone(person.phoneE164) });
      return this.endWith(dc, text);
    }
    if (outcome.reason === 'held_elsewhere') return this.verifyThenContinue(dc, person, 'heldElsewhere');
    if (outcome.reason === 'already_booked' && outcome.existing) {
      state.rescheduleOf = outcome.existing.id;
      return this.bookSlot(dc, state, person, slotStart);
    }
    const lead =
      outcome.reason === 'taken'
        ? say(state.language, 'slotTaken')
        : ((await this.explanation(dc, person, slotStart)) ?? say(state.language, 'slotTaken'));
    return this.presentSlots(dc, person, outcome.alternatives, lead);
  }

  private async offerFor(dc: DialogContext, person: PersonView, text: string): Promise<DialogTurnResult> {
    const state = stateOf(dc);
    const wish = parseWhen(text, this.whenOptions(state, person.timeZone));
    if (!wish) return this.ask(dc, say(state.language, 'whenNotUnderstood'), 'when');
    return this.offerWish(dc, person, wish);
  }

  private async offerWish(dc: DialogContext, person: PersonView, wish: WhenRequest): Promise<DialogTurnResult> {
    const state = stateOf(dc);
    if (wish.kind === 'asap') {
      const slots = await this.deps.desk.slotsFor(person, { kind: 'asap' }, 3, forCallback(state));
      return this.presentSlots(dc, person, slots, say(state.language, 'offerAsap'));
    }
    const target = wish.kind === 'at' ? wish.startUtc : wish.fromUtc;
    const slots = await this.deps.desk.slotsFor(
      person,
      wish.kind === 'at' ? { kind: 'near', target } : { kind: 'near', target, from: wish.fromUtc, to: wish.toUtc },
      3,
      forCallback(state),
    );
    const fits = slots.some((slot) =>
      wish.kind === 'at' ? slot.startUtc.getTime() === target.getTime() : slot.startUtc >= wish.fromUtc && slot.startUtc < wish.toUtc,
    );
    const why = fits ? null : await this.explanation(dc, person, target);
    const lead = why ? `${why} ${say(state.language, 'offerNear')}` : say(state.language, 'offerNear');
    return this.presentSlots(dc, person, slots, lead, wish.kind === 'at' ? target : undefined);
  }

  private async presentSlots(
    dc: DialogContext,
    person: PersonView,
    slots: SlotView[],
    lead: string,
    wished?: Date,
  ): Promise<DialogTurnResult> {
    const state = stateOf(dc);
    if (slots.length === 0) return this.endWith(dc, say(state.language, 'noSlots'));
    const wishedSlot = slots.find((slot) => slot.startUtc.getTime() === wished?.getTime());
    if (wishedSlot) state.wishedSlot = wishedSlot.startUtc.toISOString();
    else delete state.wishedSlot;
    state.offered = slots.map((slot) => ({
      startUtc: slot.startUtc.toISOString(),
      label: formatShortDayTime(slot.startUtc, person.timeZone, state.language),
    }));
    state.stage = 'pick';
    return this.askWithChoices(dc, lead, [...state.offered.map((slot) => slot.label), say(state.language, 'otherTime')]);
  }

  private async explanation(dc: DialogContext, person: PersonView, instant: Date): Promise<string | null> {
    const state = stateOf(dc);
    const why = await this.deps.desk.whyUnavailable(person, instant, forCallback(state));
    const language = state.language;
    return why ? explainUnavailable(why, language) : null;
  }

  private async cancelCallback(dc: DialogContext, person: PersonView, active: CallbackView): Promise<DialogTurnResult> {
    const state = stateOf(dc);
    const cancelled = await this.deps.desk.cancel(person, active.id, 'cancelled by the person in chat');
    return this.endWith(
      dc,
      cancelled ? say(state.language, 'cancelled', { when: this.when(active, state.language) }) : say(state.language, 'nothingToCancel'),
    );
  }

  /** The number is the person's only if they prove it: a code, then this flow again with a verified identity. */
  private verifyThenContinue(dc: DialogContext, person: PersonView, reason?: VerificationOptions['reason']): Promise<DialogTurnResult> {
    const { language } = stateOf(dc);
    const options: VerificationOptions = {
      language,
      phoneE164: person.phoneE164,
      purpose: { then: 'dialog', dialogId: SCHEDULING_DIALOG },
      ...(reason ? { reason } : {}),
    };
    return dc.replaceDialog(VERIFICATION_DIALOG, options);
  }

  private askWhen(dc: DialogContext): Promise<DialogTurnResult> {
    const state = stateOf(dc);
    return this.askWithChoices(
      dc,
      say(state.language, 'askWhen'),
      [
        say(state.language, 'whenChoiceAsap'),
        say(state.language, 'whenChoiceTomorrowMorning'),
        say(state.language, 'whenChoiceTomorrowAfternoon'),
      ],
      'when',
    );
  }

  private async person(dc: DialogContext): Promise<PersonView | null> {
    // Read afresh each turn: another channel, an admin or an opt-out may have changed the person.
    return this.deps.desk.personForAccount(turnAccount(dc.context), turnEntry(dc.context));
  }

  private whenOptions(state: SchedulingState, timeZone: string) {
    return { locale: state.language, timeZone, now: this.deps.clock() };
  }

  private when(callback: CallbackView, language: Language): string {
    return formatDayAtTime(callback.startUtc, callback.timeZone, language);
  }

  /** Written to another team than the one that will call: which team, and when, before the booking's choices. */
  private bookedWithOtherTeam(team: TeamView, active: CallbackView, language: Language): string {
    return say(language, 'bookedWithOtherTeam', { team: team.name, when: this.when(active, language) });
  }

  private existingCustomerText(language: Language): string {
    return say(language, 'existingCustomer', { service: this.deps.customerServiceContact || say(language, 'customerServiceFallback') });
  }

  private askManage(dc: DialogContext, active: CallbackView, lead?: string): Promise<DialogTurnResult> {
    const { language } = stateOf(dc);
    const choices = [say(language, 'keepCallback'), say(language, 'changeCallback'), say(language, 'cancelCallback')];
    return this.askWithChoices(dc, lead ?? say(language, 'returningWithBooking', { when: this.when(active, language) }), choices, 'manage');
  }

  /**
   * Picking up where we stopped (issue 18): what a known person is waiting on, said before the flow goes on.
   * Today an open problem they reported; their booking follows in the flow itself (askManage).
   */
  private async tellPending(dc: DialogContext, person: PersonView): Promise<void> {
    const { language } = stateOf(dc);
    // A fault in this very message is acknowledged by MainDialog: once is enough.
    if (reportsFault(dc.context.activity.text ?? '')) return;
    if (await this.deps.problems.openProblemToMention(person)) await dc.context.sendActivity(say(language, 'problemPending'));
  }

  /** "¿Cuándo me vais a llamar?" at any step: the booking's time and its choices, or that none was chosen yet. */
  private async answerWhenWeCall(dc: DialogContext, state: SchedulingState, person: PersonView): Promise<DialogTurnResult> {
    const active = await this.deps.desk.activeCallback(person);
    if (active) {
      state.rescheduleOf = active.id;
      return this.answerWhenBooked(dc, active);
    }
    await dc.context.sendActivity(say(state.language, 'whenNotChosen'));
    // The question on screen, again (the time question when that is where we were, or the booking is gone).
    if (!state.asked || state.stage === 'manage') return this.askWhen(dc);
    await this.sendQuestion(dc.context, state.asked);
    return Dialog.EndOfTurn;
  }

  private answerWhenBooked(dc: DialogContext, active: CallbackView): Promise<DialogTurnResult> {
    const { language } = stateOf(dc);
    delete stateOf(dc).askedWhen;
    const choices = [say(language, 'keepCallback'), say(language, 'changeCallback'), say(language, 'cancelCallback')];
    return this.askWithChoices(dc, say(language, 'whenBooked', { when: this.when(active, language) }), choices, 'manage');
  }

  /** Asked when we call before saying who they are: the number first, and the answer once we know them. */
  private askWhoAsksWhen(dc: DialogContext): Promise<DialogTurnResult> {
    const state = stateOf(dc);
    state.askedWhen = true;
    return this.ask(dc, `${say(state.language, 'whenNeedsNumber')} ${say(state.language, 'askPhone')}`, 'phone');
  }

  private askConsent(dc: DialogContext, person: PersonView, lead = ''): Promise<DialogTurnResult> {
    const { language } = stateOf(dc);
    const question = lead + say(language, 'askConsent', { phone: formatPhone(person.phoneE164) });
    return this.askWithChoices(dc, question, [say(language, 'consentYes'), say(language, 'consentNo')], 'consent');
  }

  private ask(dc: DialogContext, text: string, stage?: Stage): Promise<DialogTurnResult> {
    return this.askWithChoices(dc, text, [], stage);
  }

  private async askWithChoices(dc: DialogContext, text: string, titles: string[], stage?: Stage): Promise<DialogTurnResult> {
    const state = stateOf(dc);
    if (stage) state.stage = stage;
    state.asked = { text, titles };
    await this.sendQuestion(dc.context, state.asked);
    return Dialog.EndOfTurn;
  }

  /** The question on screen, again (the person said something that was not an answer to it). */
  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    const { asked } = instance.state as SchedulingState;
    if (asked) await this.sendQuestion(context, asked);
  }

  private async sendQuestion(context: TurnContext, asked: { text: string; titles: string[] }): Promise<void> {
    await context.sendActivity(
      promptWithChoices(
        context.activity.channelId,
        asked.text,
        asked.titles.map((title) => ({ title })),
      ),
    );
  }

  private async endWith(dc: DialogContext, text: string): Promise<DialogTurnResult> {
    await dc.context.sendActivity(text);
    return dc.endDialog();
  }
}
