import { createSign, generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Stands in for Azure Bot Service's token authority: serves OpenID metadata and a signing key of its own,
 * and signs channel tokens the way the Bot Connector does (issuer https://api.botframework.com, audience the
 * bot's app id, the serviceUrl claim). The bot validates them with botbuilder's own JWT code, unchanged.
 */
export interface BotConnectorAuthority {
  metadataUrl: string;
  /** The Authorization header the Bot Connector would send with this activity. */
  authorize(activity: { serviceUrl?: unknown }): Record<string, string>;
  close(): Promise<void>;
}

export const TEST_APP_ID = '00000000-0000-4000-8000-00000000b07a';

export async function startBotConnectorAuthority(): Promise<BotConnectorAuthority> {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomUUID();
  const jwk = publicKey.export({ format: 'jwk' });
  let base = '';
  const server: Server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/v1/.well-known/openidconfiguration') {
      res.end(
        JSON.stringify({
          issuer: 'https://api.botframework.com',
          jwks_uri: `${base}/v1/keys`,
          id_token_signing_alg_values_supported: ['RS256'],
        }),
      );
    } else if (req.url === '/v1/keys') {
      res.end(
        JSON.stringify({
          keys: [{ ...jwk, kid, use: 'sig', alg: 'RS256', endorsements: ['msteams', 'webchat', 'emulator', 'directline'] }],
        }),
      );
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return {
    metadataUrl: `${base}/v1/.well-known/openidconfiguration`,
    authorize(activity) {
      const now = Math.floor(Date.now() / 1000);
      const header = encode({ alg: 'RS256', typ: 'JWT', kid });
      const payload = encode({
        iss: 'https://api.botframework.com',
        aud: TEST_APP_ID,
        serviceurl: String(activity.serviceUrl),
        nbf: now - 60,
        iat: now - 60,
        exp: now + 3600,
      });
      const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(privateKey).toString('base64url');
      return { authorization: `Bearer ${header}.${payload}.${signature}` };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
