import type { Activity, Middleware, TurnContext } from 'botbuilder';
import { IANAZone } from 'luxon';

/**
 * Teams says where the person is in a `clientInfo` entity (`timezone`: an IANA name) rather than in the
 * activity's `localTimezone`, which is where the dialogs read it. Copy it there when the client left it
 * empty, so every channel feeds the person's zone through the same field.
 */
export class ClientInfoTimeZone implements Middleware {
  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const zone = clientInfoTimeZone(context.activity);
    if (zone && !context.activity.localTimezone) context.activity.localTimezone = zone;
    await next();
  }
}

export function clientInfoTimeZone(activity: Partial<Activity>): string | undefined {
  for (const entity of activity.entities ?? []) {
    const timezone = (entity as { type?: unknown; timezone?: unknown }).timezone;
    if (entity.type === 'clientInfo' && typeof timezone === 'string' && IANAZone.isValidZone(timezone)) return timezone;
  }
  return undefined;
}
