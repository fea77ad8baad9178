import type { Collection } from 'mongodb';
import { isDuplicateKeyError } from '../store/errors';
import type { StatusUpdate } from './webhookPayload';

export interface StatusDocument {
  _id: string;
  wamid: string;
  status: StatusUpdate['status'];
  at: Date;
  errorCodes: number[];
}

/**
 * Meta's statuses of what we sent, one document per message and status: Meta sends them out of order and
 * more than once, so each is an insert keyed by "<wamid>:<status>" and "was it read?" is an `_id` lookup.
 * The recipient's number is not kept.
 */
export class WhatsAppStatuses {
  constructor(private readonly statuses: Collection<StatusDocument>) {}

  async record(update: StatusUpdate, receivedAt: Date): Promise<boolean> {
    try {
      await this.statuses.insertOne({
        _id: `${update.wamid}:${update.status}`,
        wamid: update.wamid,
        status: update.status,
        at: update.at ?? receivedAt,
        errorCodes: update.errorCodes,
      });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async sweep(before: Date): Promise<number> {
    return (await this.statuses.deleteMany({ at: { $lt: before } })).deletedCount;
  }
}
