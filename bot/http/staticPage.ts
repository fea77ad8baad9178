import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ApiError } from './errors';
import { defineRoute, type RouteDefinition } from './route';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

export interface StaticPage {
  /** Where the page is served: `/agent` serves index.html there and its assets at `/agent/<file>`. */
  path: string;
  /** The folder under public/ holding index.html and its scripts and styles. */
  webRoot: string;
  summary: string;
  assetSummary: string;
  tags: string[];
}

/**
 * A page the bot serves from public/ (the agent console, the admin page): its index and every script and style
 * beside it, read once at start-up (a missing file fails the start, not a user's first click), nothing from a
 * CDN, and a CSP that lets the page load only its own files. The page holds no data; it calls the documented API.
 */
export function staticPageRoutes(page: StaticPage): RouteDefinition[] {
  const index = readFileSync(path.join(page.webRoot, 'index.html'));
  const names = readdirSync(page.webRoot)
    .filter((name) => CONTENT_TYPES[path.extname(name)] !== undefined)
    .sort();
  if (names.length === 0) throw new Error(`${page.webRoot} has no script or style: the page would be empty`);
  const assets = new Map(names.map((name) => [name, readFileSync(path.join(page.webRoot, name))]));
  const headers = {
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
  };
  return [
    defineRoute(
      {
        method: 'get',
        path: page.path,
        summary: page.summary,
        tags: page.tags,
        auth: 'none',
        responses: { 200: { description: 'the page', contentType: 'text/html' } },
      },
      ({ res }) => {
        res.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' });
        res.end(index);
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: `${page.path}/:asset`,
        summary: page.assetSummary,
        tags: page.tags,
        auth: 'none',
        params: z.object({ asset: z.enum(names as [string, ...string[]], { message: 'no such asset' }) }),
        examples: { params: { asset: names[0]! } },
        responses: { 200: { description: 'the asset' }, 404: { description: 'no such asset' } },
      },
      ({ res, params }) => {
        const body = assets.get(params.asset);
        if (!body) throw ApiError.notFound('no such asset');
        res.writeHead(200, { ...headers, 'content-type': CONTENT_TYPES[path.extname(params.asset)]! });
        res.end(body);
      },
    ),
  ];
}
