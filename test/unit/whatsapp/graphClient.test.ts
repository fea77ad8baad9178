import { GraphApiError, GraphClient } from '../../../services/whatsapp/graphClient';
import { WhatsAppOneTimeCodeSender } from '../../../services/whatsapp/oneTimeCodeSender';
import { GraphApiServer, startGraphApiServer } from '../../support/graphApiServer';

const settings = { apiVersion: 'v23.0', phoneNumberId: '106540352242922', accessToken: 'token-1' };
const hello = {
  messaging_product: 'whatsapp',
  recipient_type: 'individual',
  to: '34612345678',
  type: 'text',
  text: { body: 'Hola', preview_url: false },
} as const;

describe('the Graph API client', () => {
  let graph: GraphApiServer;
  let waits: number[];
  const client = (random = () => 1) =>
    new GraphClient(
      { ...settings, baseUrl: graph.url },
      {
        retry: { attempts: 4, baseDelayMs: 100, maxDelayMs: 1_000, timeoutMs: 2_000 },
        sleep: (ms) => Promise.resolve(void waits.push(ms)),
        random,
      },
    );

  beforeEach(async () => {
    graph = await startGraphApiServer({ version: settings.apiVersion, phoneNumberId: settings.phoneNumberId, token: settings.accessToken });
    waits = [];
  });
  afterEach(async () => {
    expect(graph.violations()).toEqual([]);
    await graph.close();
  });

  it('posts to {base}/{version}/{phone-number-id}/messages with the Bearer token and returns the message id', async () => {
    expect(await client().send(hello)).toEqual({ messageId: 'wamid.out.1' });
    expect(graph.requests[0]).toMatchObject({ path: '/v23.0/106540352242922/messages', authorization: 'Bearer token-1', body: hello });
  });

  it('retries 429 and 5xx with exponential backoff and full jitter', async () => {
    graph.failNext(1, { status: 429, body: { error: { code: 130429, message: 'rate' } } });
    graph.failNext(1, { status: 500, body: { error: { code: 1 } } });
    graph.failNext(1, { status: 503, body: {} });
    expect(await client(() => 0.5).send(hello)).toEqual({ messageId: 'wamid.out.1' });
    expect(graph.requests).toHaveLength(4);
    // Half of 100, 200, 400 ms: a random share of a ceiling that doubles.
    expect(waits).toEqual([50, 100, 200]);
  });

  it('waits at least what Retry-After asks (up to its ceiling)', async () => {
    graph.failNext(1, { status: 429, body: {}, headers: { 'retry-after': '1' } });
    await client(() => 0).send(hello);
    expect(waits).toEqual([1_000]);
  });

  it('retries a throttling code that comes with a 400 (131056, pair rate limit)', async () => {
    graph.failNext(1, { status: 400, body: { error: { code: 131056, message: 'pair rate limit' } } });
    await client().send(hello);
    expect(graph.requests).toHaveLength(2);
  });

  it('gives up after the last attempt with a retryable error', async () => {
    graph.failNext(4, { status: 502, body: {} });
    const error = await client()
      .send(hello)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphApiError);
    expect(error).toMatchObject({ status: 502, retryable: true, attempts: 4 });
    expect(graph.requests).toHaveLength(4);
  });

  it('does not retry a 4xx, and says why without the number', async () => {
    graph.failNext(1, {
      status: 400,
      body: { error: { code: 131050, message: 'Recipient 34612345678 stopped marketing', fbtrace_id: 'Ab1' } },
    });
    const error = (await client()
      .send(hello)
      .catch((e: unknown) => e)) as GraphApiError;
    expect(error).toMatchObject({ status: 400, metaCode: 131050, retryable: false, attempts: 1 });
    expect(error.message).not.toContain('34612345678');
    expect(graph.requests).toHaveLength(1);
  });

  it('treats no answer as retryable', async () => {
    const dead = new GraphClient(
      { ...settings, baseUrl: 'http://127.0.0.1:9' },
      { retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1, timeoutMs: 500 }, sleep: () => Promise.resolve() },
    );
    await expect(dead.send(hello)).rejects.toMatchObject({ status: 0, retryable: true, attempts: 2 });
  });

  it('sends a one-time code as an authentication template, code in the body and the copy-code button', async () => {
    const sender = new WhatsAppOneTimeCodeSender(client(), { name: 'login_code', languageCodes: { es: 'es', en: 'en_US' } });
    expect(sender.channel).toBe('whatsapp');
    await sender.send({ phoneE164: '+34612345678', code: '482913', language: 'en' });
    expect(graph.requests[0]!.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '34612345678',
      type: 'template',
      template: {
        name: 'login_code',
        language: { code: 'en_US' },
        components: [
          { type: 'body', parameters: [{ type: 'text', text: '482913' }] },
          { type: 'button', sub_type: 'url', index: '0', parameters: [{ type: 'text', text: '482913' }] },
        ],
      },
    });
    graph.failNext(1, { status: 400, body: { error: { code: 131026 } } });
    await expect(sender.send({ phoneE164: '+34612345678', code: '1', language: 'es' })).rejects.toBeInstanceOf(GraphApiError);
  });
});
