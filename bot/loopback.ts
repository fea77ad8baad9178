import { isIP } from 'node:net';

/**
 * What "on this machine" means for anonymous mode (no MicrosoftAppId): the loopback interface. Used for the
 * address the bot listens on and for the serviceUrl an anonymous activity may name.
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || /^::ffff:127\./.test(bare);
  return false;
}

/** An http(s) URL whose host is on loopback (the Emulator's and the Agents Playground's serviceUrl). */
export function isLoopbackUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHost(url.hostname);
}
