import { Collection } from 'mongodb';
import type { Logger } from '../observability/logger';
import type { ChannelAccountDocument } from '../people/person';
import { channelAccountOnce } from '../people/peopleStore';
import type { ProblemStore } from './problems';
import { readFault } from './recognisers';
import { type EntryAssurance, timelineEntry, type TimelineEntryDocument, TimelineStore } from './timeline';

export interface AccountLink {
  personId: string;
  assurance: 'verified' | 'claimed';
}

export interface TurnMessage {
  direction: 'inbound' | 'outbound';
  text: string;
  name: string | null;
  at: Date;
}

export interface TurnAccount {
  channelId: string;
  accountKey: string;
  conversationId: string | null;
  /** The channel proved the account is the sender (bot/identity/channelAccount.ts). */
  vouched: boolean;
}

/**
 * Writes a turn's messages to the person's timeline. The person is whoever the account links to
 * (`channel_accounts`); turns before any link wait under the account and are attached when it is linked;
 * what an account said while only claiming the number is flagged `claimed` until the link is verified.
 */
export class TranscriptRecorder {
  constructor(
    private readonly timeline: TimelineStore,
    private readonly accounts: Collection<ChannelAccountDocument>,
    private readonly problems: ProblemStore,
    private readonly logger: Logger,
  ) {}

  async linkOf(accountKey: string): Promise<AccountLink | null> {
    const link = await channelAccountOnce(this.accounts, accountKey);
    return link ? { personId: link.personId, assurance: link.assurance ?? 'claimed' } : null;
  }

  /**
   * The end of the turn: the bot's replies, then whatever identification the turn brought (a first link attaches
   * the waiting entries; a verified link lifts the flag), then faults reported, opened as problems.
   */
  async endOfTurn(input: {
    account: TurnAccount;
    start: AccountLink | null;
    inbound: TurnMessage | null;
    outbound: TurnMessage[];
  }): Promise<TimelineEntryDocument[]> {
    const { account, start } = input;
    const end = await this.linkOf(account.accountKey);
    // The person was erased (or unlinked) in this turn: nothing of theirs is written after it.
    if (start && !end) return [];
    const written = [...(input.inbound ? [input.inbound] : []), ...input.outbound].map((message) => this.entry(account, end, message));
    await this.timeline.append(...written);
    if (!end) return written;
    let candidates = written;
    if (!start || start.personId !== end.personId) {
      // What the account said before it was linked now belongs to the person (this turn's entries already do).
      candidates = [
        ...(await this.timeline.attachAccount(
          account.accountKey,
          end.personId,
          end.assurance === 'verified' && account.vouched ? 'verified' : 'claimed',
        )),
        ...written,
      ];
    }
    if (end.assurance === 'verified' && account.vouched && start?.assurance !== 'verified') {
      await this.timeline.promoteAccount(account.accountKey, end.personId);
    }
    for (const entry of candidates) {
      if (entry.direction !== 'inbound' || entry.kind !== 'message') continue;
      // The fault in the person's words, without what else the message said (a want is not part of the problem).
      const { fault } = readFault(entry.text);
      if (fault) await this.problems.openByBot({ personId: end.personId, text: fault, sourceEntryId: entry._id, at: entry.at });
    }
    return written;
  }

  private assurance(link: AccountLink | null, account: TurnAccount): EntryAssurance {
    if (!link) return 'unidentified';
    return link.assurance === 'verified' && account.vouched ? 'verified' : 'claimed';
  }

  private entry(account: TurnAccount, link: AccountLink | null, message: TurnMessage): TimelineEntryDocument {
    return timelineEntry({
      personId: link?.personId ?? null,
      accountKey: account.accountKey,
      conversationId: account.conversationId,
      channelId: account.channelId,
      kind: 'message',
      direction: message.direction,
      text: message.text,
      name: message.name,
      at: message.at,
      assurance: this.assurance(link, account),
    });
  }
}
