import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../../services/observability/logger';
import type { DirectLineActivityStore } from './activityStore';
import { DirectLineTokenError, DirectLineTokens } from './tokens';

const STREAM_PATH = /^\/v3\/directline\/conversations\/([^/]+)\/stream$/;

export interface StreamOptions {
  /** How often a stream looks for activities written by another replica (its own are pushed at once). */
  pollMs?: number;
  /** WebSocket ping interval, so proxies keep an idle stream open and dead peers are noticed. */
  pingMs?: number;
}

/**
 * Direct Line's WebSocket stream: each message is an ActivitySet `{activities, watermark}`. On connect it
 * sends what follows the `watermark` of the streamUrl (everything without one), then every new activity.
 * Activities appended in this process are pushed at once; others (another replica) within `pollMs`.
 */
export class DirectLineStream {
  private readonly sockets = new WebSocketServer({ noServer: true });
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly store: DirectLineActivityStore,
    private readonly tokens: DirectLineTokens,
    private readonly logger: Logger,
    private readonly options: StreamOptions = {},
  ) {}

  attach(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const match = STREAM_PATH.exec(url.pathname);
      if (!match) return; // not ours: another upgrade handler may take it, else the socket times out
      const conversationId = decodeURIComponent(match[1]!);
      const token = url.searchParams.get('t') ?? bearerOf(req);
      const watermarkText = url.searchParams.get('watermark') || null;
      const refusal = this.refusal(token, conversationId, watermarkText);
      if (refusal) {
        socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
        return;
      }
      this.sockets.handleUpgrade(req, socket, head, (ws) =>
        this.serve(ws, conversationId, watermarkText ? Number(watermarkText) : undefined),
      );
    });
  }

  /** Closes every open stream (shutdown). */
  close(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers.clear();
    for (const ws of this.sockets.clients) ws.terminate();
    this.sockets.close();
  }

  private refusal(token: string | null | undefined, conversationId: string, watermark: string | null): string | undefined {
    if (!token) return '401 Unauthorized';
    if (watermark !== null && !/^\d{1,12}$/.test(watermark)) return '400 Bad Request';
    try {
      if (this.tokens.verify(token).conversationId !== conversationId) return '403 Forbidden';
    } catch (error) {
      if (error instanceof DirectLineTokenError) return '403 Forbidden';
      throw error;
    }
    return undefined;
  }

  private serve(ws: WebSocket, conversationId: string, watermark: number | undefined): void {
    let sent = watermark;
    let running = false;
    let again = false;
    const pump = async () => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        do {
          again = false;
          const set = await this.store.after(conversationId, sent);
          if (set.activities.length === 0 || ws.readyState !== WebSocket.OPEN) continue;
          ws.send(JSON.stringify(set));
          sent = Number(set.watermark);
        } while (again && ws.readyState === WebSocket.OPEN);
      } catch (error) {
        this.logger.warn({ err: error, conversationId }, 'direct line stream could not read activities');
      } finally {
        running = false;
      }
    };
    const unsubscribe = this.store.onAppend(conversationId, () => void pump());
    const poll = setInterval(() => void pump(), this.options.pollMs ?? 1_000);
    const ping = setInterval(() => ws.ping(), this.options.pingMs ?? 20_000);
    this.timers.add(poll).add(ping);
    ws.on('close', () => {
      unsubscribe();
      clearInterval(poll);
      clearInterval(ping);
      this.timers.delete(poll);
      this.timers.delete(ping);
    });
    // Clients only listen on this socket; anything they send is ignored.
    void pump();
  }
}

function bearerOf(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
}
