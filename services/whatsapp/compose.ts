import { LIMITS, OutboundMessage, checkedMessage } from './outboundMessage';

/** A reply's id carries the choice's full text, so a tapped row answers exactly what typing it would. */
const CHOICE_ID_PREFIX = 'c:';

export interface ComposeInput {
  to: string;
  text: string;
  choices: readonly string[];
  /** Words of our own on the list's button and for a question without text. */
  wording: { listButton: string; choose: string };
}

/**
 * A bot message as WhatsApp messages, inside Meta's limits: plain text (split at paragraph, line or word
 * boundaries beyond 4,096 characters); with choices, reply buttons when there are at most 3 and every title
 * fits in 20 characters, else an interactive list (10 rows at most, titles shortened to 24 characters by
 * rule with the full text in the row's description); more choices than a list holds are written out as
 * text, since a typed answer works as well as a tap.
 */
export function composeMessages(input: ComposeInput): OutboundMessage[] {
  const text = input.text.trim();
  const envelope = { messaging_product: 'whatsapp', recipient_type: 'individual', to: input.to } as const;
  const asText = (body: string): OutboundMessage => ({ ...envelope, type: 'text', text: { body, preview_url: false } });
  const choices = unique(input.choices.map((choice) => choice.trim()).filter(Boolean));

  if (choices.length === 0 || choices.length > LIMITS.listRows) {
    const all = choices.length === 0 ? text : [text, ...choices.map((choice, i) => `${i + 1}. ${choice}`)].filter(Boolean).join('\n');
    return splitText(all, LIMITS.textBody).map(asText).map(checkedMessage);
  }

  // The question goes in the interactive body; whatever does not fit goes first, as text.
  const [before, body] = text ? questionLast(text, LIMITS.interactiveBody) : ['', input.wording.choose];
  const leading = before ? splitText(before, LIMITS.textBody).map(asText) : [];
  const fitsButtons = choices.length <= LIMITS.buttons && choices.every((choice) => [...choice].length <= LIMITS.buttonTitle);
  const interactive: OutboundMessage = fitsButtons
    ? {
        ...envelope,
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: body },
          action: {
            buttons: choices.map((choice) => ({ type: 'reply', reply: { id: choiceId(choice, LIMITS.buttonId), title: choice } })),
          },
        },
      }
    : {
        ...envelope,
        type: 'interactive',
        interactive: {
          type: 'list',
          body: { text: body },
          action: { button: shorten(input.wording.listButton, LIMITS.listButton), sections: [{ rows: choices.map(listRow) }] },
        },
      };
  return [...leading, interactive].map(checkedMessage);
}

/** The text's last paragraph (the question) as the interactive body when it fits, the rest before it. */
function questionLast(text: string, max: number): [before: string, body: string] {
  if ([...text].length <= max) return ['', text];
  const cut = text.lastIndexOf('\n\n');
  if (cut > 0 && [...text.slice(cut + 2).trim()].length <= max && text.slice(cut + 2).trim()) {
    return [text.slice(0, cut).trim(), text.slice(cut + 2).trim()];
  }
  const parts = splitText(text, max);
  const body = parts.pop()!;
  return [parts.join(' '), body];
}

function listRow(choice: string): { id: string; title: string; description?: string } {
  const id = choiceId(choice, LIMITS.rowId);
  if ([...choice].length <= LIMITS.rowTitle) return { id, title: choice };
  return { id, title: shorten(choice, LIMITS.rowTitle), description: shorten(choice, LIMITS.rowDescription) };
}

function choiceId(choice: string, max: number): string {
  return [...`${CHOICE_ID_PREFIX}${choice}`].slice(0, max).join('');
}

/** The text a tapped button or row stands for: the full choice when the id is ours, else what it showed. */
export function choiceFromReply(replyId: string | undefined, title: string | undefined): string | undefined {
  if (replyId?.startsWith(CHOICE_ID_PREFIX)) return replyId.slice(CHOICE_ID_PREFIX.length);
  return title;
}

/**
 * Shortens to at most `max` characters (code points, as Meta counts): at the last word boundary that keeps
 * at least half the room, else mid-word, ending in "…".
 */
export function shorten(text: string, max: number): string {
  const chars = [...text.trim()];
  if (chars.length <= max) return chars.join('');
  const room = chars.slice(0, max - 1).join('');
  const boundary = room.search(/[\s,;:.·-]+\S*$/);
  const cut = boundary >= Math.floor((max - 1) / 2) ? room.slice(0, boundary) : room;
  return `${cut.replace(/[\s,;:.·-]+$/, '')}…`;
}

/** Splits text into pieces of at most `max` characters, at paragraph, then line, then word boundaries. */
export function splitText(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text.trim();
  while ([...rest].length > max) {
    const window = [...rest].slice(0, max).join('');
    const at = [window.lastIndexOf('\n\n'), window.lastIndexOf('\n'), window.lastIndexOf(' ')].find((i) => i > max / 4) ?? window.length;
    pieces.push(window.slice(0, at).trim());
    rest = rest.slice(at).trim();
  }
  if (rest) pieces.push(rest);
  return pieces;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
