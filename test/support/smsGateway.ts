import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const SMS_TOKEN = 'sms-gateway-test-token';

/** An SMS gateway of the test's own: checks what the bot sends (bearer token, {to, text}) and keeps each message. */
export interface SmsGateway {
  url: string;
  sent: Array<{ to: string; text: string }>;
  /** The newest 6-digit code sent to this number. */
  codeFor(phoneE164: string): string;
  close(): Promise<void>;
}

export async function startSmsGateway(): Promise<SmsGateway> {
  const sent: SmsGateway['sent'] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const parsed = JSON.parse(body || '{}') as { to?: unknown; text?: unknown };
      const ok =
        req.method === 'POST' &&
        req.headers.authorization === `Bearer ${SMS_TOKEN}` &&
        req.headers['content-type'] === 'application/json' &&
        typeof parsed.to === 'string' &&
        /^\+\d{8,15}$/.test(parsed.to) &&
        typeof parsed.text === 'string';
      if (ok) sent.push({ to: parsed.to as string, text: parsed.text as string });
      res.statusCode = ok ? 202 : 400;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`,
    sent,
    codeFor(phoneE164) {
      const last = sent.filter((m) => m.to === phoneE164).at(-1);
      const code = last ? /\b(\d{6})\b/.exec(last.text)?.[1] : undefined;
      if (!code) throw new Error(`no code was sent to ${phoneE164}`);
      return code;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
