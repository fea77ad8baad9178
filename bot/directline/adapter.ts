import { Activity, CloudAdapter, ConversationReference, Middleware, TurnContext } from 'botbuilder';
import {
  AuthenticateRequestResult,
  BotFrameworkAuthentication,
  ClaimsIdentity,
  ConnectorClient,
  ConnectorFactory,
  UserTokenClient,
} from 'botframework-connector';
import { markChannelVouched } from '../identity/channelAccount';
import type { DirectLineActivityStore } from './activityStore';

/** The serviceUrl of local Direct Line activities; nothing is fetched from it (see LocalConnectorFactory). */
export const LOCAL_DIRECTLINE_SERVICE_URL = 'urn:callback-bot:directline';
export const DIRECTLINE_CHANNEL_ID = 'directline';
const TOKEN_CLAIM = 'callbackBot:directlineUser';

/**
 * Runs local Direct Line turns through a CloudAdapter of their own, with the same turn middleware as every
 * other adapter. The person's token was checked by the route before `processActivity` is called, so the
 * turn is marked vouched; the bot's replies are written straight into the conversation's store by the
 * connector below, which is what a Bot Connector channel does with the adapter's REST calls.
 *
 * Why a connector factory of our own rather than a serviceUrl pointing back at our own HTTP routes: the bot
 * need not know its own public address (HOST may be one interface, a load balancer may front it), there is
 * no extra endpoint to guard, and proactive messages from any replica land in the same store.
 */
export class DirectLineAdapter {
  readonly cloud: LocalDirectLineCloudAdapter;
  private readonly connectorFactory: LocalConnectorFactory;

  constructor(store: DirectLineActivityStore, turnMiddleware: readonly Middleware[], onTurnError: CloudAdapter['onTurnError']) {
    this.connectorFactory = new LocalConnectorFactory(store);
    this.cloud = new LocalDirectLineCloudAdapter(new LocalDirectLineAuthentication(this.connectorFactory));
    this.cloud.use(new VouchForTokenHolder(this.cloud), ...turnMiddleware);
    this.cloud.onTurnError = onTurnError;
  }

  /** One turn for an activity whose sender the route has proven with a token. */
  async processActivity(activity: Partial<Activity>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const result: AuthenticateRequestResult = {
      audience: '',
      claimsIdentity: new ClaimsIdentity([{ type: TOKEN_CLAIM, value: activity.from?.id ?? '' }], false),
      connectorFactory: this.connectorFactory,
    };
    await this.cloud.processVerified(result, activity as Activity, logic);
  }

  /** A proactive turn in a stored conversation (a reminder, an agent's message). */
  async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    await this.cloud.continueConversationAsync(new ClaimsIdentity([], false), reference, logic);
  }
}

/** CloudAdapter's own pipeline, entered with an authentication result we computed (its entry is protected). */
class LocalDirectLineCloudAdapter extends CloudAdapter {
  async processVerified(result: AuthenticateRequestResult, activity: Activity, logic: (context: TurnContext) => Promise<void>) {
    await this.processActivity(result, activity, logic);
  }
}

class VouchForTokenHolder implements Middleware {
  constructor(private readonly adapter: CloudAdapter) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const identity = context.turnState.get<ClaimsIdentity | undefined>(this.adapter.BotIdentityKey);
    const tokenUser = identity?.getClaimValue(TOKEN_CLAIM);
    if (tokenUser && tokenUser === context.activity.from?.id) markChannelVouched(context, 'directline_token');
    await next();
  }
}

class LocalConnectorFactory extends ConnectorFactory {
  constructor(private readonly store: DirectLineActivityStore) {
    super();
  }

  override create(): Promise<ConnectorClient> {
    return Promise.resolve(localConnectorClient(this.store));
  }
}

/**
 * The four conversation operations CloudAdapter calls on a connector (send, reply, update, delete), served
 * by the activity store. The rest of the Bot Connector API is not part of the Direct Line subset.
 */
function localConnectorClient(store: DirectLineActivityStore): ConnectorClient {
  const conversations = {
    async sendToConversation(conversationId: string, activity: Partial<Activity>) {
      const stored = await store.append(conversationId, plain(activity));
      return { id: stored.id };
    },
    async replyToActivity(conversationId: string, activityId: string, activity: Partial<Activity>) {
      return conversations.sendToConversation(conversationId, { ...activity, replyToId: activityId });
    },
    updateActivity(): Promise<never> {
      return Promise.reject(new Error('the local Direct Line does not update activities'));
    },
    deleteActivity(): Promise<never> {
      return Promise.reject(new Error('the local Direct Line does not delete activities'));
    },
  };
  return { conversations } as unknown as ConnectorClient;
}

/** JSON round trip: drops undefined fields and class instances, as the wire would. */
function plain(activity: Partial<Activity>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(activity)) as Record<string, unknown>;
}

class LocalDirectLineAuthentication extends BotFrameworkAuthentication {
  constructor(private readonly connectorFactory: ConnectorFactory) {
    super();
  }

  authenticateRequest(): Promise<AuthenticateRequestResult> {
    return Promise.reject(new Error('local Direct Line requests are authenticated by their token, in the route'));
  }

  authenticateStreamingRequest(): Promise<AuthenticateRequestResult> {
    return Promise.reject(new Error('the local Direct Line has no streaming extensions'));
  }

  createConnectorFactory(): ConnectorFactory {
    return this.connectorFactory;
  }

  createUserTokenClient(): Promise<UserTokenClient> {
    return Promise.resolve(new NoSignIn());
  }
}

/** The local Direct Line has no OAuth sign-in service; the bot never asks for one. */
class NoSignIn extends UserTokenClient {
  private refuse(): Promise<never> {
    return Promise.reject(new Error('no OAuth sign-in on the local Direct Line'));
  }
  getUserToken() {
    return this.refuse();
  }
  getSignInResource() {
    return this.refuse();
  }
  signOutUser() {
    return this.refuse();
  }
  getTokenStatus() {
    return this.refuse();
  }
  getAadTokens() {
    return this.refuse();
  }
  exchangeToken() {
    return this.refuse();
  }
}
