import http from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * A local stand-in for Meta's Graph API messages endpoint. It checks every request the bot sends against
 * Meta's documented shape and limits (written out here on their own, not borrowed from the product's
 * schema, so a mistake there shows up here), and the Bearer token; records what it got; and can be told
 * to fail (429, 5xx, a Meta error code) or to hold requests unanswered.
 */
export interface CapturedUpload {
  authorization: string | undefined;
  type: string;
  filename: string;
  content: string;
  violations: string[];
}

export interface CapturedRequest {
  path: string;
  authorization: string | undefined;
  body: Record<string, any>;
  violations: string[];
  /** Answered 200 to a sender still there to read it (a sender killed while its request was held never learns). */
  accepted?: boolean;
}

type Failure = { status: number; body: unknown; headers?: Record<string, string> };

export interface GraphApiServer {
  url: string;
  requests: CapturedRequest[];
  uploads: CapturedUpload[];
  /** Every limit broken by any request so far. */
  violations(): string[];
  /** The next `count` requests are answered with this failure. */
  failNext(count: number, failure: Failure): void;
  /** Requests to this recipient fail with this failure, always. */
  failFor(to: string, failure: Failure): void;
  /** Requests are kept unanswered until release(). */
  hold(): void;
  release(): void;
  /** Resolves when at least `count` requests have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<CapturedRequest[]>;
  close(): Promise<void>;
}

const len = (value: unknown) => (typeof value === 'string' ? [...value].length : -1);

export function checkMessage(body: Record<string, any>): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  need(body.messaging_product === 'whatsapp', 'messaging_product must be "whatsapp"');
  need(typeof body.to === 'string' && /^\d{5,20}$/.test(body.to), 'to must be the wa_id, digits only');
  switch (body.type) {
    case 'text':
      need(len(body.text?.body) >= 1 && len(body.text?.body) <= 4096, 'text.body must be 1..4096 characters');
      break;
    case 'interactive': {
      const interactive = body.interactive ?? {};
      need(len(interactive.body?.text) >= 1 && len(interactive.body?.text) <= 1024, 'interactive.body.text must be 1..1024 characters');
      if (interactive.type === 'button') {
        const buttons: any[] = interactive.action?.buttons ?? [];
        need(buttons.length >= 1 && buttons.length <= 3, `at most 3 reply buttons (got ${buttons.length})`);
        for (const button of buttons) {
          need(button.type === 'reply', 'button type must be "reply"');
          need(
            len(button.reply?.title) >= 1 && len(button.reply?.title) <= 20,
            `button title over 20 characters: "${button.reply?.title}"`,
          );
          need(len(button.reply?.id) >= 1 && len(button.reply?.id) <= 256, 'button id must be 1..256 characters');
        }
        need(new Set(buttons.map((b) => b.reply?.id)).size === buttons.length, 'button ids must be unique');
      } else if (interactive.type === 'list') {
        need(len(interactive.action?.button) >= 1 && len(interactive.action?.button) <= 20, 'list button text must be 1..20 characters');
        const sections: any[] = interactive.action?.sections ?? [];
        need(sections.length >= 1 && sections.length <= 10, 'a list has 1..10 sections');
        if (sections.length > 1)
          need(
            sections.every((s) => len(s.title) >= 1 && len(s.title) <= 24),
            'section titles required, ≤ 24',
          );
        const rows: any[] = sections.flatMap((s) => s.rows ?? []);
        need(rows.length >= 1 && rows.length <= 10, `a list has at most 10 rows (got ${rows.length})`);
        for (const row of rows) {
          need(len(row.title) >= 1 && len(row.title) <= 24, `row title over 24 characters: "${row.title}"`);
          need(len(row.id) >= 1 && len(row.id) <= 200, 'row id must be 1..200 characters');
          if (row.description !== undefined) need(len(row.description) <= 72, `row description over 72 characters: "${row.description}"`);
        }
        need(new Set(rows.map((r) => r.id)).size === rows.length, 'row ids must be unique');
      } else {
        problems.push(`unexpected interactive type ${interactive.type}`);
      }
      break;
    }
    case 'document': {
      const document = body.document ?? {};
      need(typeof document.id === 'string' || /^https:\/\//.test(document.link ?? ''), 'document needs a media id or an https link');
      need(len(document.filename) >= 1, 'document needs a filename');
      if (document.caption !== undefined) need(len(document.caption) <= 1024, 'document caption over 1024 characters');
      break;
    }
    case 'template':
      need(typeof body.template?.name === 'string' && /^[a-z0-9_]+$/.test(body.template.name), 'template.name must be a template name');
      need(typeof body.template?.language?.code === 'string', 'template.language.code required');
      for (const component of body.template?.components ?? []) {
        for (const parameter of component.parameters ?? []) {
          need(parameter.type === 'text' && len(parameter.text) >= 1, 'template parameters are non-empty text');
          need(!/[\n\t]| {5,}/.test(parameter.text ?? ''), 'template parameters may hold no newlines, tabs or more than 4 spaces');
        }
      }
      break;
    default:
      problems.push(`unexpected message type ${body.type}`);
  }
  return problems;
}

export async function startGraphApiServer(options: {
  version: string;
  phoneNumberId: string;
  token: string;
  /** Other business numbers of the same account the token may write from (a team's own number). */
  otherPhoneNumberIds?: string[];
}): Promise<GraphApiServer> {
  const numbers = [options.phoneNumberId, ...(options.otherPhoneNumberIds ?? [])];
  const requests: CapturedRequest[] = [];
  const uploads: CapturedUpload[] = [];
  const failures: Failure[] = [];
  const failing = new Map<string, Failure>();
  const held: Array<() => void> = [];
  let holding = false;
  let sequence = 0;
  const waiters: Array<() => void> = [];

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (numbers.some((number) => req.url === `/${options.version}/${number}/media`)) return void upload(req, Buffer.concat(chunks), res);
      let body: Record<string, any> = {};
      const violations: string[] = [];
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        violations.push('body is not JSON');
      }
      const expectedPaths = numbers.map((number) => `/${options.version}/${number}/messages`);
      if (req.method !== 'POST' || !expectedPaths.includes(req.url ?? ''))
        violations.push(`expected POST ${expectedPaths.join(' or ')}, got ${req.method} ${req.url}`);
      if (req.headers.authorization !== `Bearer ${options.token}`) violations.push('Authorization must be the Bearer access token');
      if (!String(req.headers['content-type']).startsWith('application/json')) violations.push('content-type must be application/json');
      violations.push(...checkMessage(body));
      const captured: CapturedRequest = { path: req.url ?? '', authorization: req.headers.authorization, body, violations };
      requests.push(captured);
      waiters.splice(0).forEach((wake) => wake());
      const answer = () => {
        if (violations.length > 0) return send(res, 400, { error: { message: violations.join('; '), type: 'OAuthException', code: 100 } });
        const failure = failing.get(body.to) ?? failures.shift();
        if (failure) return send(res, failure.status, failure.body, failure.headers);
        sequence += 1;
        captured.accepted = !req.socket.destroyed;
        send(res, 200, {
          messaging_product: 'whatsapp',
          contacts: [{ input: body.to, wa_id: body.to }],
          messages: [{ id: `wamid.out.${sequence}` }],
        });
      };
      if (holding) held.push(answer);
      else answer();
    });
  });
  // Meta's media upload: multipart/form-data with messaging_product, type and the file.
  const upload = async (req: http.IncomingMessage, raw: Buffer, res: http.ServerResponse) => {
    const violations: string[] = [];
    if (req.headers.authorization !== `Bearer ${options.token}`) violations.push('Authorization must be the Bearer access token');
    const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': String(req.headers['content-type']) } })
      .formData()
      .catch(() => undefined);
    if (!form) violations.push('media upload must be multipart/form-data');
    const file = form?.get('file');
    if (form?.get('messaging_product') !== 'whatsapp') violations.push('media upload needs messaging_product=whatsapp');
    const typed = form?.get('type');
    const type = typeof typed === 'string' ? typed : '';
    const supported = ['text/plain', 'application/pdf', 'application/msword', 'application/vnd.ms-excel'];
    if (!supported.includes(type)) violations.push(`document type ${type} is not one Meta accepts`);
    if (!(file instanceof Blob)) violations.push('media upload needs a file');
    const filename = file instanceof File ? file.name : '';
    const content = file instanceof Blob ? await file.text() : '';
    uploads.push({ authorization: req.headers.authorization, type, filename, content, violations });
    if (violations.length > 0) return send(res, 400, { error: { message: violations.join('; '), code: 100 } });
    send(res, 200, { id: `media.${uploads.length}` });
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    requests,
    uploads,
    violations: () => [...requests, ...uploads].flatMap((r) => r.violations),
    failNext: (count, failure) => {
      for (let i = 0; i < count; i += 1) failures.push(failure);
    },
    failFor: (to, failure) => failing.set(to, failure),
    hold: () => {
      holding = true;
    },
    release: () => {
      holding = false;
      held.splice(0).forEach((answer) => answer());
    },
    waitFor: async (count, timeoutMs = 15_000) => {
      const deadline = Date.now() + timeoutMs;
      while (requests.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} Graph API requests, got ${requests.length}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
      return requests.slice(0, count);
    },
    close: () =>
      new Promise<void>((resolve) => {
        held.splice(0);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
