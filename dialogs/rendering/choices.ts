import { ActionTypes, Activity, ActivityTypes, Attachment, CardFactory, InputHints } from 'botbuilder';

export interface Choice {
  /** What the button shows, and what comes back as the person's message when pressed. */
  title: string;
}

/**
 * The one place that knows how each channel shows a question with choices, so dialogs never branch
 * on channel: an Adaptive Card on Teams (its buttons send the title back as data, read by choiceFromSubmit),
 * suggested actions elsewhere (Web Chat, Direct Line, the Emulator, and WhatsApp, whose adapter turns
 * them into reply buttons or an interactive list). A typed answer always works too.
 */
export function promptWithChoices(channelId: string, text: string, choices: readonly Choice[]): Partial<Activity> {
  if (choices.length === 0) return { type: ActivityTypes.Message, text, inputHint: InputHints.ExpectingInput };
  if (channelId === 'msteams') {
    return { type: ActivityTypes.Message, attachments: [teamsCard(text, choices)], inputHint: InputHints.ExpectingInput };
  }
  return {
    type: ActivityTypes.Message,
    text,
    inputHint: InputHints.ExpectingInput,
    suggestedActions: {
      to: [],
      actions: choices.map((choice) => ({ type: ActionTypes.ImBack, title: choice.title, value: choice.title })),
    },
  };
}

/** The verb of our choice buttons in Universal Actions (Action.Execute). */
export const CHOICE_VERB = 'choose';
const CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';

/**
 * Adaptive Card 1.4, the version Teams renders on desktop, web and mobile. Each button is an Action.Execute
 * (Teams sends an `adaptiveCard/action` invoke, which every Teams client and the Agents Playground support)
 * whose fallback, for hosts without Universal Actions, is an Action.Submit with the same data (posted as a
 * message whose `value` is the data). Either way the data names the choice; no client-specific imBack.
 */
function teamsCard(text: string, choices: readonly Choice[]): Attachment {
  return CardFactory.adaptiveCard({
    type: 'AdaptiveCard',
    $schema: CARD_SCHEMA,
    version: '1.4',
    body: [{ type: 'TextBlock', text, wrap: true }],
    actions: choices.map((choice) => ({
      type: 'Action.Execute',
      verb: CHOICE_VERB,
      title: choice.title,
      data: { choice: choice.title, prompt: text },
      fallback: { type: 'Action.Submit', title: choice.title, data: { choice: choice.title, prompt: text } },
    })),
  });
}

interface SubmittedChoice {
  choice?: unknown;
  prompt?: unknown;
  action?: { verb?: unknown; data?: { choice?: unknown; prompt?: unknown } };
}

/**
 * The choice a card button sent, for the dialog to read as if it had been typed: an Action.Submit arrives
 * as a message with `value` = the data and no text; an Action.Execute as an `adaptiveCard/action` invoke
 * with the data in `value.action.data`.
 */
export function choiceFromSubmit(activity: Partial<Activity>): string | undefined {
  const value = activity.value as SubmittedChoice | undefined;
  const choice = value?.choice ?? value?.action?.data?.choice;
  return typeof choice === 'string' ? choice : undefined;
}

/** What replaces a card once a choice was made on it: the question and the answer, with no buttons left to tap. */
export function answeredCard(activity: Partial<Activity>): Record<string, unknown> | undefined {
  const choice = choiceFromSubmit(activity);
  if (!choice) return undefined;
  const value = activity.value as SubmittedChoice;
  const prompt = value.action?.data?.prompt ?? value.prompt;
  return {
    type: 'AdaptiveCard',
    $schema: CARD_SCHEMA,
    version: '1.4',
    body: [
      ...(typeof prompt === 'string' ? [{ type: 'TextBlock', text: prompt, wrap: true }] : []),
      { type: 'TextBlock', text: `✓ ${choice}`, wrap: true, weight: 'Bolder' },
    ],
  };
}
