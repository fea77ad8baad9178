import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: {
    model: string;
    messages: Array<{ role: string; content: string }>;
    response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema: Record<string, unknown> } };
  };
}

export type ChatReply = { status: number; body: unknown; headers?: Record<string, string> } | { content: string } | { hang: true };

/**
 * A local server speaking the chat-completions shape (POST …/chat/completions), for tests: it keeps every
 * request so the test can check what we sent, and answers what the test's handler says.
 */
export async function startChatCompletionsServer(handler: (request: ChatRequest) => ChatReply | Promise<ChatReply>) {
  const requests: ChatRequest[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      void (async () => {
        const request: ChatRequest = { path: req.url ?? '', headers: req.headers, body: JSON.parse(raw || '{}') as ChatRequest['body'] };
        requests.push(request);
        const reply = await handler(request);
        if ('hang' in reply) return; // never answers: the client's timeout must fire
        if ('content' in reply) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              id: `chatcmpl-${requests.length}`,
              object: 'chat.completion',
              created: 1_764_000_000,
              model: request.body.model,
              choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: reply.content, refusal: null } }],
              usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
            }),
          );
          return;
        }
        res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
        res.end(JSON.stringify(reply.body));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The JSON data we send as the user message. */
export function userData(request: ChatRequest): {
  previousSummary: Record<string, unknown>;
  newEntries: Array<{ ref: string; from: string; kind: string; text: string; channel: string }>;
} {
  const user = request.body.messages.find((message) => message.role === 'user');
  return JSON.parse(user?.content ?? '{}');
}
