import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ApiError } from './errors';
import { defineRoute, type RouteDefinition } from './route';
import { findProjectRoot } from '../../services/store/projectRoot';

const ASSETS: Record<string, string> = {
  'console.js': 'application/javascript; charset=utf-8',
  'console.css': 'text/css; charset=utf-8',
};

/**
 * The agent console: a static page and its own script, served by the bot (no CDN, nothing fetched at run time).
 * The page holds no data; everything it shows comes from /api/agent/… with the agent's key.
 */
export function agentConsoleRoutes(webRoot = path.join(findProjectRoot(), 'public', 'agent')): RouteDefinition[] {
  // Read once at start-up: a missing asset fails the start, not an agent's first click.
  const page = readFileSync(path.join(webRoot, 'index.html'));
  const assets = new Map(Object.keys(ASSETS).map((name) => [name, readFileSync(path.join(webRoot, name))]));
  const headers = {
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
  };
  return [
    defineRoute(
      {
        method: 'get',
        path: '/agent',
        summary: "The agent console (the page asks for the agent's key; its data comes from /api/agent/…)",
        tags: ['agent console'],
        auth: 'none',
        responses: { 200: { description: 'the page', contentType: 'text/html' } },
      },
      ({ res }) => {
        res.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' });
        res.end(page);
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/agent/:asset',
        summary: "The console's script and style",
        tags: ['agent console'],
        auth: 'none',
        params: z.object({ asset: z.enum(Object.keys(ASSETS) as [string, ...string[]], { message: 'no such asset' }) }),
        examples: { params: { asset: 'console.js' } },
        responses: { 200: { description: 'the asset' }, 404: { description: 'no such asset' } },
      },
      ({ res, params }) => {
        const body = assets.get(params.asset);
        if (!body) throw ApiError.notFound('no such asset');
        res.writeHead(200, { ...headers, 'content-type': ASSETS[params.asset]! });
        res.end(body);
      },
    ),
  ];
}
