import { EventEmitter } from 'node:events';
import type { Collection } from 'mongodb';
import { z } from 'zod';
import type { DirectLineActivityDocument, DirectLineConversationDocument } from '../../services/store/database';
import { isDuplicateKeyError } from '../../services/store/errors';

/** A Bot Framework activity as it travels on Direct Line; only what we read is typed. */
export const storedActivitySchema = z
  .object({ id: z.string(), type: z.string(), from: z.object({ id: z.string() }).passthrough() })
  .passthrough();
export type DirectLineActivity = z.infer<typeof storedActivitySchema>;

export interface ActivitySet {
  activities: DirectLineActivity[];
  watermark: string;
}

const MAX_APPEND_ATTEMPTS = 50;

function activityId(conversationId: string, seq: number): string {
  return `${conversationId}|${String(seq).padStart(7, '0')}`;
}
const PAGE = 500;

/** The conversations and activities of the local Direct Line, in MongoDB, so any replica can serve any page. */
export class DirectLineActivityStore {
  private readonly appended = new EventEmitter();
  // The last seq this process saw per conversation: a hint only; the unique _id decides.
  private readonly lastSeq = new Map<string, number>();

  constructor(
    private readonly conversations: Collection<DirectLineConversationDocument>,
    private readonly activities: Collection<DirectLineActivityDocument>,
    private readonly clock: () => Date,
  ) {
    this.appended.setMaxListeners(0);
  }

  /** True when this call started the conversation, false when it had already been started. */
  async startConversation(conversationId: string, userId: string): Promise<boolean> {
    try {
      await this.conversations.insertOne({ _id: conversationId, userId, startedAt: this.clock() });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async conversation(conversationId: string): Promise<DirectLineConversationDocument | null> {
    return this.conversations.findOne({ _id: conversationId });
  }

  /** Stores the activity with the next watermark of its conversation and the id derived from it. */
  async append(conversationId: string, activity: Record<string, unknown>): Promise<DirectLineActivity> {
    let seq = (this.lastSeq.get(conversationId) ?? (await this.highestSeq(conversationId))) + 1;
    for (let attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt += 1) {
      const id = activityId(conversationId, seq);
      const stored = storedActivitySchema.parse({ ...activity, id, timestamp: this.clock().toISOString() });
      try {
        await this.activities.insertOne({ _id: id, conversationId, seq, activity: JSON.stringify(stored), at: this.clock() });
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        seq = Math.max(seq, await this.highestSeq(conversationId)) + 1; // another writer took it
        continue;
      }
      this.lastSeq.set(conversationId, Math.max(seq, this.lastSeq.get(conversationId) ?? 0));
      this.appended.emit(conversationId);
      return stored;
    }
    throw new Error(`could not append to Direct Line conversation ${conversationId} after ${MAX_APPEND_ATTEMPTS} attempts`);
  }

  /** The activities after `watermark` (all of them without one), oldest first, and the new watermark. */
  async after(conversationId: string, watermark: number | undefined): Promise<ActivitySet> {
    const from = watermark ?? 0;
    // Watermarks are dense (each append takes highest + 1), so "anything new?" is one _id lookup: the idle
    // poll of a stream costs the same in a long conversation as in a short one.
    const next = await this.activities.findOne({ _id: activityId(conversationId, from + 1) }, { projection: { _id: 1 } });
    if (!next) return { activities: [], watermark: String(from) };
    const documents = await this.activities
      .find({ conversationId, seq: { $gt: from } })
      .sort({ seq: 1 })
      .limit(PAGE)
      .toArray();
    const last = documents.at(-1)?.seq ?? from;
    return {
      activities: documents.map((document) => storedActivitySchema.parse(JSON.parse(document.activity))),
      watermark: String(last),
    };
  }

  /**
   * Everything kept of one Web Chat user's conversations (erasure): their conversations are found by the
   * token's user id, then their activities by conversation. Returns the number of activities removed.
   */
  async eraseUser(userId: string): Promise<number> {
    const conversations = await this.conversations.find({ userId }, { projection: { _id: 1 } }).toArray();
    let removed = 0;
    for (const { _id } of conversations) {
      removed += (await this.activities.deleteMany({ conversationId: _id })).deletedCount;
      await this.conversations.deleteOne({ _id });
      this.lastSeq.delete(_id);
    }
    return removed;
  }

  /** Calls `listener` whenever this process appends to the conversation; returns the unsubscribe. */
  onAppend(conversationId: string, listener: () => void): () => void {
    this.appended.on(conversationId, listener);
    return () => this.appended.off(conversationId, listener);
  }

  private async highestSeq(conversationId: string): Promise<number> {
    const [last] = await this.activities.find({ conversationId }).sort({ seq: -1 }).limit(1).toArray();
    return last?.seq ?? 0;
  }
}
