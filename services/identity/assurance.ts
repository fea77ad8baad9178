/**
 * Identity with an assurance level: the one place that decides what a claimed identity may see or do.
 *
 * A channel *account* is authentic when the channel vouches for it (see bot/identity). A *person* is
 * reached through a link from an account to a phone number; the link is verified only when the channel
 * itself proves the number (WhatsApp: the account is the number) or the person proved it with a one-time
 * code from an authentic account. Otherwise the number was only typed: the link is claimed.
 */
export type Assurance = 'verified' | 'claimed';

export type VerifiedBy = 'whatsapp_number' | 'one_time_code';

/** The account a turn speaks for. `vouched`: the channel proved the account id is the sender. */
export interface ChannelAccountRef {
  channelId: string;
  accountId: string;
  vouched: boolean;
}

export type IdentityAction =
  /** stop all contact: always safe, honoured for the number whoever asks */
  | 'opt_out'
  /** book, move or cancel a callback this same account booked */
  | 'manage_own_callbacks'
  /** see or change callbacks booked from other accounts or by an agent */
  | 'see_others_callbacks'
  /** where we got the number, the export of everything held, erasure, a new consent grant for the number */
  | 'see_provenance'
  | 'export'
  | 'erase'
  | 'opt_in';

const CLAIMED_MAY: ReadonlySet<IdentityAction> = new Set(['opt_out', 'manage_own_callbacks']);

export function mayDo(assurance: Assurance, action: IdentityAction): boolean {
  return assurance === 'verified' || CLAIMED_MAY.has(action);
}

/** Who booked a callback, as the booking records it. */
export interface BookedBy {
  channelId: string;
  accountId: string;
  assurance: Assurance;
}

/** A verified identity sees every callback of the person; a claimed one only those booked from its own account. */
export function maySeeCallback(viewer: { assurance: Assurance; account: ChannelAccountRef }, bookedBy: BookedBy | undefined): boolean {
  if (mayDo(viewer.assurance, 'see_others_callbacks')) return true;
  return bookedBy !== undefined && bookedBy.channelId === viewer.account.channelId && bookedBy.accountId === viewer.account.accountId;
}

/**
 * A problem the person reported (services/handoff/problems.ts): a verified identity may be reminded of every open
 * one; a claimed one only of those reported from its own account (`reportedFrom`: "<channelId>:<account id>").
 */
export function mayHearOfProblem(viewer: { assurance: Assurance; account: ChannelAccountRef }, reportedFrom: readonly string[]): boolean {
  if (mayDo(viewer.assurance, 'see_others_callbacks')) return true;
  return reportedFrom.includes(`${viewer.account.channelId}:${viewer.account.accountId}`);
}
