import { Activity, ActivityTypes, Middleware, TurnContext } from 'botbuilder';
import { chooseLanguage } from '../../dialogs/i18n/language';
import { say } from '../../dialogs/i18n/strings';
import type { Logger } from '../../services/observability/logger';

const FORBIDDEN = 403;

/** The Microsoft Entra tenant a Teams activity comes from. */
export function teamsTenantOf(activity: Partial<Activity>): string | undefined {
  const fromChannelData = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  const tenant = activity.conversation?.tenantId ?? (typeof fromChannelData === 'string' ? fromChannelData : undefined);
  return tenant?.toLowerCase();
}

/**
 * Teams activities from tenants outside TEAMS_ALLOWED_TENANTS (when set) go no further than this: a message
 * is told plainly that the assistant is not available to that organisation, an invoke gets a 403, and
 * nothing is stored or run for them. Other channels pass.
 */
export class TeamsTenantGate implements Middleware {
  private readonly allowed: ReadonlySet<string>;

  constructor(
    allowedTenants: readonly string[],
    private readonly logger: Logger,
  ) {
    this.allowed = new Set(allowedTenants.map((tenant) => tenant.toLowerCase()));
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { activity } = context;
    if (this.allowed.size === 0 || activity.channelId !== 'msteams') return next();
    const tenant = teamsTenantOf(activity);
    if (tenant && this.allowed.has(tenant)) return next();
    this.logger.warn({ tenant: tenant ?? null, activityType: activity.type }, 'teams activity from a tenant that is not allowed');
    const refusal = say(chooseLanguage({ text: activity.text, locale: activity.locale }), 'tenantRefused');
    if (activity.type === String(ActivityTypes.Invoke)) {
      await context.sendActivity({
        type: ActivityTypes.InvokeResponse,
        value: {
          status: FORBIDDEN,
          body: { statusCode: FORBIDDEN, type: 'application/vnd.microsoft.error', value: { code: 'TenantNotAllowed', message: refusal } },
        },
      });
    } else if (activity.type === String(ActivityTypes.Message)) {
      await context.sendActivity(refusal);
    }
  }
}
