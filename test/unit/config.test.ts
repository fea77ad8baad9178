import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'dotenv';
import { configSchema, ConfigError, loadConfig } from '../../bot/config';

describe('configuration from the environment', () => {
  it('applies documented defaults', () => {
    const config = loadConfig({});
    expect(config.MONGODB_URI).toBeUndefined();
    expect(config).toMatchObject({ PORT: 3978, EMBEDDED_DB: 'auto', LOG_MESSAGE_TEXT: false, MicrosoftAppId: '' });
  });

  it.each([
    [{ PORT: 'abc' }, /PORT: expected a port number.*\(got "abc"\)/],
    [{ PORT: '70000' }, /PORT:/],
    [{ MONGODB_URI: 'postgres://x' }, /MONGODB_URI: expected a mongodb:\/\//],
    [{ EMBEDDED_DB: 'sqlite' }, /EMBEDDED_DB:/],
    [{ LOG_MESSAGE_TEXT: 'maybe' }, /LOG_MESSAGE_TEXT: expected true or false/],
    [{ MicrosoftAppId: 'abc' }, /MicrosoftAppPassword: required when MicrosoftAppId is set/],
    [{ MicrosoftAppType: 'SingleTenant' }, /MicrosoftAppTenantId: required/],
    [{ WHATSAPP_PHONE_NUMBER_ID: '106540352242922' }, /WHATSAPP_APP_SECRET: required when any WHATSAPP_ credential is set/],
    [{ WHATSAPP_GRAPH_API_VERSION: '23' }, /WHATSAPP_GRAPH_API_VERSION: expected a Graph API version like v23.0/],
  ])('stops on %j with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never echoes a secret value back', () => {
    expect(() => loadConfig({ MONGODB_URI: 'mysql://user:hunter2@host' })).toThrow(/^(?![\s\S]*hunter2)/);
  });
});

describe('.env.example', () => {
  const env = parse(readFileSync(path.resolve(__dirname, '../../.env.example')));

  it('documents every variable the bot reads', () => {
    expect(Object.keys(env).sort()).toEqual(Object.keys(configSchema.shape).sort());
  });

  it('is a valid configuration as shipped, so copying it to .env just works', () => {
    expect(() => loadConfig(env)).not.toThrow();
  });
});
