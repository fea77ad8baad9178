import { ActionTypes, Activity, ActivityTypes, Attachment, CardFactory, InputHints } from 'botbuilder';

export interface Choice {
  /** What the button shows, and what comes back as the person's message when pressed. */
  title: string;
}

/**
 * The one place that knows how each channel shows a question with choices, so dialogs never branch
 * on channel: an Adaptive Card on Teams (its buttons post the title back as the person's message),
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

function teamsCard(text: string, choices: readonly Choice[]): Attachment {
  return CardFactory.adaptiveCard({
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.4',
    body: [{ type: 'TextBlock', text, wrap: true }],
    actions: choices.map((choice) => ({
      type: 'Action.Submit',
      title: choice.title,
      // imBack makes Teams post the title as the person's own message, so typed and tapped answers are one path.
      data: { msteams: { type: 'imBack', value: choice.title }, choice: choice.title },
    })),
  });
}

/** Teams posts an Action.Submit without imBack as a message with `value` and no text: read the choice from it. */
export function choiceFromSubmit(activity: Partial<Activity>): string | undefined {
  const value = activity.value as { choice?: unknown } | undefined;
  return typeof value?.choice === 'string' ? value.choice : undefined;
}
