import type { Activity, Middleware, TurnContext } from 'botbuilder';
import type { Logger } from '../../services/observability/logger';
import { channelAccountKey } from '../../services/people/person';
import type { AccountLink, TranscriptRecorder, TurnAccount, TurnMessage } from '../../services/handoff/transcriptRecorder';
import { channelAccountOf } from '../identity/channelAccount';

/**
 * Every message in and out, on every adapter, onto the person's timeline (services/handoff): the message
 * received and the replies sent, written in one batch when the turn ends (one write per turn; a turn that
 * throws is still recorded). A timeline that cannot be written is logged and the turn goes on: an opt-out
 * must never wait on a transcript.
 */
export class TranscriptMiddleware implements Middleware {
  constructor(
    private readonly recorder: TranscriptRecorder,
    private readonly clock: () => Date,
    private readonly logger: Logger,
    /** Conversations that are not a prospect's (the agents' Teams channels). */
    private readonly excluded: (conversationId: string | undefined, channelId: string) => Promise<boolean> = () => Promise.resolve(false),
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { activity } = context;
    if ((await this.excluded(activity.conversation?.id, activity.channelId)) || !activity.from?.id) return next();
    const ref = channelAccountOf(context);
    const account: TurnAccount = {
      channelId: ref.channelId,
      accountKey: channelAccountKey(ref.channelId, ref.accountId),
      conversationId: activity.conversation?.id ?? null,
      vouched: ref.vouched,
    };
    // Who the account was at the start, read while the turn runs; everything is written in one batch at its end.
    const start = this.recorder.linkOf(account.accountKey).catch((error: unknown): AccountLink | null | 'unknown' => {
      this.logger.warn({ err: error, conversationId: account.conversationId }, 'account link not read');
      return 'unknown';
    });
    const text = activity.type === 'message' ? inboundText(activity) : '';
    const inbound: TurnMessage | null = text
      ? { direction: 'inbound', text, name: activity.from.name?.trim() || null, at: this.clock() }
      : null;

    const outbound: TurnMessage[] = [];
    context.onSendActivities(async (_context, activities, sendNext) => {
      const responses = await sendNext();
      for (const sent of activities) {
        const text = sent.type === 'message' ? outboundText(sent) : '';
        if (text) outbound.push({ direction: 'outbound', text, name: null, at: this.clock() });
      }
      return responses;
    });
    try {
      await next();
    } finally {
      // Never a `return` in here: it would swallow the turn's own error (and its apology, a failed opt-out's above all).
      const before = await start;
      if (before !== 'unknown') {
        await this.recorder.endOfTurn({ account, start: before, inbound, outbound }).catch((error: unknown) => {
          this.logger.warn({ err: error, conversationId: account.conversationId }, 'turn not recorded on the timeline');
        });
      }
    }
  }
}

function inboundText(activity: Activity): string {
  if (activity.text?.trim()) return activity.text.trim();
  // A button on a card sends a value instead of text.
  return activity.value !== undefined ? JSON.stringify(activity.value) : '';
}

interface CardContent {
  body?: Array<{ type?: string; text?: string; items?: unknown[] }>;
  actions?: Array<{ title?: string }>;
}

/** What the person saw: the text, the card's text blocks, and the buttons offered. */
function outboundText(activity: Partial<Activity>): string {
  const parts: string[] = [];
  if (activity.text?.trim()) parts.push(activity.text.trim());
  for (const attachment of activity.attachments ?? []) {
    if (attachment.contentType !== 'application/vnd.microsoft.card.adaptive') continue;
    const card = attachment.content as CardContent | undefined;
    for (const block of card?.body ?? []) if (block.text) parts.push(block.text);
    const titles = (card?.actions ?? []).map((action) => action.title).filter(Boolean);
    if (titles.length > 0) parts.push(`[${titles.join(' | ')}]`);
  }
  const choices = (activity.suggestedActions?.actions ?? []).map((action) => action.title).filter(Boolean);
  if (choices.length > 0) parts.push(`[${choices.join(' | ')}]`);
  return parts.join('\n');
}
