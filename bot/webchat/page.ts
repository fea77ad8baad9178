import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defineRoute, type RouteDefinition } from '../http/route';
import { type Language, LANGUAGES, languageFromLocale } from '../../services/language/language';
import { say, StringKey } from '../../dialogs/i18n/strings';
import { findProjectRoot } from '../../services/store/projectRoot';

export interface WebChatPageOptions {
  /** Where the page asks for a token: our local Direct Line, or the route that exchanges the Azure secret. */
  tokenUrl: string;
  /** The Direct Line base the page talks to; empty means this server's own /v3/directline. */
  directLineDomain: string;
}

const PAGE_STRINGS = [
  'pageTitle',
  'pageIntro',
  'pageStopLine',
  'pageChatLabel',
  'pageConnectionLost',
] as const satisfies readonly StringKey[];
// Browser assets live outside the program's folders: the browser loads them, Node never does.
const PUBLIC_DIR = path.join(findProjectRoot(), 'public', 'webchat');
// Microsoft's Web Chat bundle, served from the installed package: no CDN, the version the lock file pins.
const WEBCHAT_BUNDLE = path.join(findProjectRoot(path.dirname(require.resolve('botframework-webchat'))), 'dist', 'webchat.js');

/**
 * GET / : the Web Chat page in the product's look, in Spanish or English by the browser's language, with
 * the line that says how to stop all contact always visible above the conversation.
 */
export function webChatPageRoutes(options: WebChatPageOptions): RouteDefinition[] {
  const assets = new Map<string, { body: Buffer; type: string }>();
  const asset = (file: string, type: string) => {
    let cached = assets.get(file);
    if (!cached) assets.set(file, (cached = { body: readFileSync(file), type }));
    return cached;
  };
  const file = (path: string, summary: string, source: string, type: string) =>
    defineRoute(
      { method: 'get', path, summary, tags: ['web chat'], auth: 'none', responses: { 200: { description: summary, contentType: type } } },
      ({ res }) => {
        const { body, type: contentType } = asset(source, type);
        res.setHeader('content-type', contentType);
        res.setHeader('cache-control', 'public, max-age=3600');
        res.sendRaw(200, body);
      },
    );
  return [
    defineRoute(
      {
        method: 'get',
        path: '/',
        summary: "The Web Chat page, in Spanish or English by the browser's language",
        tags: ['web chat'],
        auth: 'none',
        responses: { 200: { description: 'the page', contentType: 'text/html' } },
      },
      ({ req, res }) => {
        const language = preferredLanguage(req.header('accept-language'));
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.setHeader('cache-control', 'no-store');
        res.setHeader('x-content-type-options', 'nosniff');
        res.setHeader('referrer-policy', 'no-referrer');
        res.sendRaw(200, Buffer.from(pageHtml(language, options)));
      },
    ),
    file('/webchat/webchat.js', "Microsoft's Web Chat bundle, from node_modules", WEBCHAT_BUNDLE, 'text/javascript; charset=utf-8'),
    file('/webchat/app.js', "The page's script", path.join(PUBLIC_DIR, 'app.js'), 'text/javascript; charset=utf-8'),
    file('/webchat/style.css', "The page's look", path.join(PUBLIC_DIR, 'style.css'), 'text/css; charset=utf-8'),
  ];
}

/** The first of our languages the browser lists; Spanish when it lists neither. */
export function preferredLanguage(acceptLanguage: string | undefined): Language {
  for (const part of (acceptLanguage ?? '').split(',')) {
    const found = languageFromLocale(part.split(';')[0]?.trim());
    if (found) return found;
  }
  return 'es';
}

function pageHtml(language: Language, options: WebChatPageOptions): string {
  const strings = Object.fromEntries(LANGUAGES.map((lang) => [lang, Object.fromEntries(PAGE_STRINGS.map((key) => [key, say(lang, key)]))]));
  // JSON inside <script type="application/json">: "<" escaped so no text can close the element.
  const config = JSON.stringify({ ...options, strings }).replace(/</g, '\\u003c');
  const t = (key: (typeof PAGE_STRINGS)[number]) => escapeHtml(say(language, key));
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${t('pageTitle')}</title>
<link rel="stylesheet" href="/webchat/style.css">
</head>
<body>
<div class="shell">
  <header class="masthead">
    <h1 id="title">${t('pageTitle')}</h1>
    <p id="intro">${t('pageIntro')}</p>
    <p id="stop-line" class="stop-line">${t('pageStopLine')}</p>
  </header>
  <main id="webchat" class="chat" aria-label="${t('pageChatLabel')}"></main>
  <p id="connection" class="connection" role="status" hidden>${t('pageConnectionLost')}</p>
</div>
<script type="application/json" id="webchat-config">${config}</script>
<script src="/webchat/webchat.js"></script>
<script src="/webchat/app.js"></script>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
