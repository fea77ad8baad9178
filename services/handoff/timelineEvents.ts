import type { CallbackDocument } from '../booking/callback';
import type { ConsentEventDocument } from '../consent/ledger';
import type { CallAttemptDocument } from '../contactability/callAttempts';
import type { Logger } from '../observability/logger';
import { timelineEntry, TimelineStore } from './timeline';

export type BookingChange = { action: 'booked' | 'rescheduled' | 'cancelled'; callback: CallbackDocument; reason?: string };

/**
 * What the services that own bookings, consent and call attempts tell the timeline, each through a one-line
 * call where they write. A failure here is logged, never turned into a failure of the write it reports.
 */
export class TimelineEvents {
  private readonly bookedListeners: Array<(callback: CallbackDocument) => void> = [];

  constructor(
    private readonly timeline: TimelineStore,
    private readonly logger: Logger,
  ) {}

  /** Called when a callback has been booked (the Teams card to the agents, for one). */
  whenBooked(listener: (callback: CallbackDocument) => void): void {
    this.bookedListeners.push(listener);
  }

  async bookingChanged(change: BookingChange): Promise<void> {
    const { callback } = change;
    const at = callback.updatedAt;
    const when = `${callback.startUtc.toISOString()} (${callback.prospectTimeZone})`;
    const text =
      change.action === 'booked'
        ? `Callback booked for ${when} on ${callback.channelId}`
        : change.action === 'rescheduled'
          ? `Callback moved to ${when}`
          : `Callback for ${when} cancelled${change.reason ? `: ${change.reason}` : ''}`;
    await this.write(() =>
      this.timeline.append(
        timelineEntry({ personId: callback.personId, channelId: callback.channelId, kind: 'booking', text, at, ref: callback._id }),
      ),
    );
    if (change.action === 'booked') for (const listener of this.bookedListeners) listener(callback);
  }

  async consentRecorded(event: ConsentEventDocument): Promise<void> {
    const text = `Consent ${event.event} (${event.scope}, ${event.source}): “${event.wording}”${event.personWords ? ` — the person wrote “${event.personWords}”` : ''}`;
    await this.write(() =>
      this.timeline.append(
        timelineEntry({
          personId: event.personId,
          channelId: event.channelId ?? event.source,
          kind: 'consent',
          text,
          at: event.at,
          ref: event._id.toHexString(),
        }),
      ),
    );
  }

  async callAttempted(attempt: CallAttemptDocument): Promise<void> {
    if (!attempt.personId) return; // a number we hold no person for has no timeline
    const text = `Call attempt (${attempt.purpose}): ${attempt.outcome.replace('_', ' ')}`;
    await this.write(() =>
      this.timeline.append(
        timelineEntry({ personId: attempt.personId, channelId: 'phone', kind: 'call_attempt', text, at: attempt.at, ref: attempt._id }),
      ),
    );
  }

  private async write(action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (error) {
      this.logger.warn({ err: error }, 'timeline entry not written');
    }
  }
}
