import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Request, Response, Server } from 'restify';
import { findProjectRoot } from '../../services/store/projectRoot';

const ASSETS: Record<string, string> = {
  'console.js': 'application/javascript; charset=utf-8',
  'console.css': 'text/css; charset=utf-8',
};

/**
 * The agent console: a static page and its own script, served by the bot (no CDN, nothing fetched at run time).
 * The page holds no data; everything it shows comes from /api/agent/… with the agent's key.
 */
export function registerAgentConsoleRoutes(server: Server, webRoot = path.join(findProjectRoot(), 'bot', 'web', 'agent')): void {
  // Read once at start-up: a missing asset fails the start, not an agent's first click.
  const page = readFileSync(path.join(webRoot, 'index.html'));
  const assets = new Map(Object.keys(ASSETS).map((name) => [name, readFileSync(path.join(webRoot, name))]));
  const headers = {
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
  };

  server.get('/agent', async (_req: Request, res: Response) => {
    res.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' });
    res.end(page);
  });
  server.get('/agent/:asset', async (req: Request, res: Response) => {
    const name = String(req.params?.asset ?? '');
    const body = assets.get(name);
    if (!body) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { ...headers, 'content-type': ASSETS[name]! });
    res.end(body);
  });
}
