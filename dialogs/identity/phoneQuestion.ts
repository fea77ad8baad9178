import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { Language } from '../../services/language/language';
import { say } from '../i18n/strings';
import type { CallbackDeskPort } from '../ports';
import { declinesToSay, phoneCountryFor } from '../scheduling/answers';

/** What every dialog that asks for a number needs to read the answer. */
export interface PhoneQuestionDependencies {
  desk: Pick<CallbackDeskPort, 'normalisePhone'>;
  defaultPhoneCountry: string;
}

export type PhoneAnswer =
  | { kind: 'number'; e164: string }
  /** "no me interesa", "no, da igual", "never mind": an answer, not a badly typed number; `reply` ends the question politely. */
  | { kind: 'declined'; reply: string }
  /** Neither: `reply` says what was wrong and how to write it, and the question stands. */
  | { kind: 'invalid'; reply: string };

/**
 * The answer to "which number?", read the same way wherever it is asked (booking, an opt-out without a number,
 * the number to send a code to): normalised in the country the conversation points to, a refusal taken as one.
 * `declined` is the caller's polite ending, since what is not done differs (no call, no opt-out, no code).
 */
export function readPhoneAnswer(
  dc: DialogContext,
  text: string,
  language: Language,
  deps: PhoneQuestionDependencies,
  declined: string,
): PhoneAnswer {
  const phone = deps.desk.normalisePhone(text, phoneCountryFor(language, dc.context.activity.locale, deps.defaultPhoneCountry));
  if (phone.ok) return { kind: 'number', e164: phone.e164 };
  // Nothing is recorded for a refusal: without a number there is nobody to record it for.
  if (declinesToSay(text)) return { kind: 'declined', reply: declined };
  return { kind: 'invalid', reply: say(language, 'phoneInvalid', { input: text.slice(0, 40) }) };
}

/** The reply to an answer that is no number: the polite ending closes the dialog; otherwise the question stays open. */
export async function replyToNoNumber(dc: DialogContext, answer: Exclude<PhoneAnswer, { kind: 'number' }>): Promise<DialogTurnResult> {
  await dc.context.sendActivity(answer.reply);
  return answer.kind === 'declined' ? dc.endDialog() : Dialog.EndOfTurn;
}
