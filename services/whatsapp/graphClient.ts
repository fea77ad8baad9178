import { z } from 'zod';
import { maskContactDetails } from '../observability/logger';
import type { OutboundMessage } from './outboundMessage';

export interface GraphSettings {
  baseUrl: string;
  apiVersion: string;
  phoneNumberId: string;
  accessToken: string;
}

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 300, maxDelayMs: 8_000, timeoutMs: 10_000 };

// Meta's throttling codes, which may come with a 400 rather than a 429: worth another try later.
// 4 app rate limit, 80007 account rate limit, 130429 throughput, 131056 pair rate limit, 131000/131016 Meta-side failures.
const RETRYABLE_META_CODES = new Set([4, 80007, 130429, 131056, 131000, 131016]);

const errorBody = z.looseObject({
  error: z.looseObject({
    code: z.number().optional(),
    error_subcode: z.number().optional(),
    message: z.string().optional(),
    fbtrace_id: z.string().optional(),
  }),
});

const sentBody = z.looseObject({ messages: z.array(z.looseObject({ id: z.string().min(1) })).min(1) });
const uploadedBody = z.looseObject({ id: z.string().min(1) });

/** A send Meta refused, or that never got an answer. Carries no recipient and no message text. */
export class GraphApiError extends Error {
  readonly code = 'WHATSAPP_GRAPH_ERROR';
  constructor(
    /** HTTP status; 0 when no answer came (network error, timeout). */
    readonly status: number,
    /** Meta's own error code (`error.code`), when it gave one. */
    readonly metaCode: number | undefined,
    readonly retryable: boolean,
    readonly attempts: number,
    detail: string,
  ) {
    super(
      `Graph API send failed (${status || 'no answer'}${metaCode ? `, code ${metaCode}` : ''}) after ${attempts} attempt(s): ${detail}`,
    );
    this.name = 'GraphApiError';
  }
}

export interface GraphClientOptions {
  retry?: RetryPolicy;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Called before each retry: what failed and how long we wait. */
  onRetry?: (failure: { status: number; metaCode?: number; attempt: number; delayMs: number }) => void;
}

/**
 * The Graph API's messages endpoint, for the installation's phone number id (WHATSAPP_PHONE_NUMBER_ID) and any other
 * business number of the same account the access token may write from (a team's, answering who wrote to it).
 */
export class GraphClient {
  private readonly retry: RetryPolicy;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(
    private readonly settings: GraphSettings,
    private readonly options: GraphClientOptions = {},
  ) {
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
  }

  get phoneNumberId(): string {
    return this.settings.phoneNumberId;
  }

  /** `POST /{version}/{phone-number-id}/{edge}`: the number written from, the installation's unless said. */
  private urlOf(edge: 'messages' | 'media', phoneNumberId = this.settings.phoneNumberId): string {
    return `${this.settings.baseUrl.replace(/\/+$/, '')}/${this.settings.apiVersion}/${encodeURIComponent(phoneNumberId)}/${edge}`;
  }

  /** Sends one message; 429, 5xx, throttling codes and no answer are retried with backoff and full jitter. */
  async send(message: OutboundMessage, fromPhoneNumberId?: string): Promise<{ messageId: string }> {
    const { id } = await this.withRetries(
      () => ({
        url: this.urlOf('messages', fromPhoneNumberId),
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(message),
      }),
      (json) => {
        const sent = sentBody.safeParse(json);
        return sent.success ? sent.data.messages[0]!.id : undefined;
      },
    );
    return { messageId: id };
  }

  /** Uploads a file (`POST /{phone-number-id}/media`) for a document message; Meta keeps it 30 days. */
  async uploadMedia(bytes: Buffer, mimeType: string, filename: string, fromPhoneNumberId?: string): Promise<{ mediaId: string }> {
    const { id } = await this.withRetries(
      () => {
        const form = new FormData();
        form.set('messaging_product', 'whatsapp');
        form.set('type', mimeType);
        form.set('file', new Blob([new Uint8Array(bytes)], { type: mimeType }), filename);
        return { url: this.urlOf('media', fromPhoneNumberId), headers: {}, body: form };
      },
      (json) => {
        const uploaded = uploadedBody.safeParse(json);
        return uploaded.success ? uploaded.data.id : undefined;
      },
    );
    return { mediaId: id };
  }

  private async withRetries(
    request: () => { url: string; headers: Record<string, string>; body: string | FormData },
    idOf: (json: unknown) => string | undefined,
  ): Promise<{ id: string }> {
    for (let attempt = 1; ; attempt += 1) {
      const outcome = await this.attempt(request(), idOf);
      if ('id' in outcome) return outcome;
      const { status, metaCode, retryAfterMs, detail } = outcome;
      const retryable = status === 0 || status === 429 || status >= 500 || (metaCode !== undefined && RETRYABLE_META_CODES.has(metaCode));
      if (!retryable || attempt >= this.retry.attempts) throw new GraphApiError(status, metaCode, retryable, attempt, detail);
      // Full jitter (a random wait up to the exponential ceiling), so replicas retrying together spread out.
      const ceiling = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
      const delayMs = Math.max(Math.round(this.random() * ceiling), Math.min(retryAfterMs ?? 0, this.retry.maxDelayMs));
      this.options.onRetry?.({ status, metaCode, attempt, delayMs });
      await this.sleep(delayMs);
    }
  }

  private async attempt(
    request: { url: string; headers: Record<string, string>; body: string | FormData },
    idOf: (json: unknown) => string | undefined,
  ): Promise<{ id: string } | { status: number; metaCode?: number; retryAfterMs?: number; detail: string }> {
    let response: Response;
    try {
      response = await fetch(request.url, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.settings.accessToken}`, ...request.headers },
        body: request.body,
        signal: AbortSignal.timeout(this.retry.timeoutMs),
      });
    } catch (error) {
      return { status: 0, detail: error instanceof Error ? error.name : 'network error' };
    }
    const text = await response.text().catch(() => '');
    const json = safeJson(text);
    if (response.ok) {
      const id = idOf(json);
      if (id) return { id };
      return { status: response.status, detail: 'answer without an id' };
    }
    const error = errorBody.safeParse(json);
    const retryAfter = Number(response.headers.get('retry-after'));
    return {
      status: response.status,
      metaCode: error.success ? error.data.error.code : undefined,
      retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
      // Meta's message names the problem ("Invalid parameter"), not the person; the trace id helps Meta's support.
      detail: maskContactDetails(
        error.success
          ? `${error.data.error.message ?? 'error'}${error.data.error.fbtrace_id ? ` [${error.data.error.fbtrace_id}]` : ''}`
          : text.slice(0, 200),
      ),
    };
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
