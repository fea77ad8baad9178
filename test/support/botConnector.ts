import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CapturingConnector {
  /** The serviceUrl to give activities, with its trailing slash as Teams sends it. */
  url: string;
  /** What the bot posted (replies and proactive messages), in order. */
  posted: Array<{ url: string; body: any }>;
  /** The next `count` posts are refused with a 400, as the Bot Connector refuses a bad activity. */
  failNext(count: number): void;
  close(): Promise<void>;
}

/** The Bot Connector as Teams serves it, on loopback: records what the adapter posts to the serviceUrl. */
export async function startCapturingConnector(): Promise<CapturingConnector> {
  const posted: CapturingConnector['posted'] = [];
  let failures = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      if (failures > 0) {
        failures -= 1;
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'BadArgument', message: 'refused by the test' } }));
        return;
      }
      posted.push({ url: req.url ?? '', body: JSON.parse(body || '{}') });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `sent-${posted.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    posted,
    failNext: (count) => void (failures = count),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
