import type { RunningApp } from '../../bot/app';
import { ApiKeyStore } from '../../services/auth/apiKeys';
import { conversationWith, type Reply, startTestApp } from '../support/app';
import { type BotConnectorAuthority, startBotConnectorAuthority, TEST_APP_ID } from '../support/botConnectorAuthority';
import { uniqueDatabaseName } from '../support/database';
import { SMS_TOKEN, type SmsGateway, startSmsGateway } from '../support/smsGateway';
import type { Language } from '../../services/language/language';

/*
 * RGPD art. 7.1: the ledger must show what the person saw. Every path that records a consent event, in both
 * languages, through the real server: the text the bot sent is compared with the wording kept with the event.
 */
const NOW = new Date('2026-11-24T08:15:00Z'); // Tuesday, 09:15 in Madrid

interface LedgerEvent {
  event: 'granted' | 'withdrawn';
  scope: string;
  wording: string;
  personWords: string | null;
  source: string;
}

const WORDS = {
  es: {
    hello: 'hola',
    yes: 'sí',
    no: 'no, gracias',
    stop: 'no me llaméis más',
    callMe: 'podéis volver a llamarme',
    schedule: 'quiero que me llaméis',
    where: '¿De dónde habéis sacado mi número?',
  },
  en: {
    hello: 'hello',
    yes: 'yes',
    no: 'no thanks',
    stop: 'stop calling me',
    callMe: 'you can call me again',
    schedule: 'I want you to call me',
    where: 'where did you get my number?',
  },
} as const;
const LOCALE = { es: 'es-ES', en: 'en-GB' } as const;

describe('the consent ledger keeps the wording the person was shown', () => {
  let app: RunningApp;
  let authority: BotConnectorAuthority;
  let sms: SmsGateway;
  let admin: string;
  beforeAll(async () => {
    authority = await startBotConnectorAuthority();
    sms = await startSmsGateway();
    app = await startTestApp(
      uniqueDatabaseName('wording'),
      {
        MicrosoftAppId: TEST_APP_ID,
        MicrosoftAppPassword: 'test-password',
        BOT_CONNECTOR_OPENID_METADATA_URL: authority.metadataUrl,
        SMS_WEBHOOK_URL: sms.url,
        SMS_WEBHOOK_TOKEN: SMS_TOKEN,
      },
      () => NOW,
    );
    admin = (await new ApiKeyStore(app.database.apiKeys).create('admin', 'test')).key;
  });
  afterAll(async () => {
    await app.database.db.dropDatabase();
    await app.close();
    await sms.close();
    await authority.close();
  });

  /** A Teams account, vouched for by the Bot Connector's JWT: a typed number is a claim until the code proves it. */
  const chat = (userId: string, language: Language, channelId = 'msteams') =>
    conversationWith(app.url, { userId, locale: LOCALE[language], channelId, authorize: (a) => authority.authorize(a) });
  /** Web Chat through Azure's Direct Line: plain text and suggested actions, so the text compared is the text sent. */
  const webChat = (userId: string, language: Language) => chat(userId, language, 'webchat');
  const events = async (phone: string): Promise<LedgerEvent[]> => {
    const response = await fetch(`${app.url}/api/admin/people/${encodeURIComponent(phone)}/consent`, { headers: { 'x-api-key': admin } });
    return ((await response.json()) as { events: LedgerEvent[] }).events;
  };
  const texts = (replies: Reply[]) => replies.map((reply) => reply.text);

  describe.each(['es', 'en'] as const)('in %s', (language) => {
    const words = WORDS[language];
    // One number per case and language: 91555 08xx in Spanish, 91555 09xx in English.
    const phone = (n: number) => `+3491555${language === 'es' ? '08' : '09'}${String(n).padStart(2, '0')}`;
    // Typed with its prefix: an English speaker's bare number would be read as British.
    const typed = (e164: string) => e164;

    it('an answer to the consent question keeps the question as shown, yes and no', async () => {
      for (const [n, answer, event] of [
        [1, words.yes, 'granted'],
        [2, words.no, 'withdrawn'],
      ] as const) {
        const say = webChat(`consent-${language}-${n}`, language);
        await say(words.hello);
        const [question] = texts(await say(typed(phone(n))));
        await say(answer);
        expect((await events(phone(n))).at(-1)).toMatchObject({ event, scope: 'callbacks', wording: question, personWords: answer });
      }
    });

    it('an opt-out from an account that only claimed the number (typed in Web Chat) keeps the words it was answered with', async () => {
      const say = webChat(`claimed-${language}`, language);
      await say(words.hello);
      await say(typed(phone(3)));
      const shown = texts(await say(words.stop));
      expect(shown).toHaveLength(1);
      expect((await events(phone(3))).at(-1)).toMatchObject({
        event: 'withdrawn',
        scope: 'all',
        wording: shown[0],
        personWords: words.stop,
      });
    });

    it('an opt-out that first asks which number keeps the words it was answered with', async () => {
      // The number belongs to someone we hold (an earlier conversation), so the opt-out is an event of theirs.
      const owner = webChat(`owner-${language}`, language);
      await owner(words.hello);
      await owner(typed(phone(4)));
      const stranger = chat(`stranger-${language}`, language);
      await stranger(words.stop);
      const shown = texts(await stranger(typed(phone(4))));
      expect(shown).toHaveLength(1);
      expect((await events(phone(4))).at(-1)).toMatchObject({ event: 'withdrawn', scope: 'all', wording: shown[0] });
    });

    it('a verified opt-out that cancels a call keeps the confirmation; the cancelled call is said on its own', async () => {
      const say = chat(`verified-${language}`, language);
      await say(words.hello);
      await say(typed(phone(5)));
      await say(words.yes);
      const offered = await say(language === 'es' ? 'mañana a las 10' : 'tomorrow at 10');
      const slot = offered.flatMap((reply) => reply.choices).find((choice) => /10:00/.test(choice));
      expect(slot).toBeDefined();
      await say(slot!);
      await say(words.where);
      await say(sms.codeFor(phone(5)));

      const shown = texts(await say(words.stop));
      expect(shown).toHaveLength(2);
      expect(shown[1]).toMatch(
        language === 'es' ? /^También he cancelado tu llamada del miércoles 25/ : /^I have also cancelled your call on Wednesday 25/,
      );
      expect((await events(phone(5))).at(-1)).toMatchObject({ event: 'withdrawn', scope: 'all', wording: shown[0] });

      // Asking for a call after opting out is asked for consent again, with a reminder before the question: both kept.
      const [question] = texts(await say(words.schedule));
      expect(question).toMatch(language === 'es' ? /^Nos pediste que no te contactáramos/ : /^You asked us not to contact you/);
      await say(words.yes);
      expect((await events(phone(5))).at(-1)).toMatchObject({
        event: 'granted',
        scope: 'callbacks',
        wording: question,
        personWords: words.yes,
      });

      // And a verified "call me again" after another opt-out keeps the words of the grant as shown.
      const again = texts(await say(words.stop));
      expect((await events(phone(5))).at(-1)).toMatchObject({ event: 'withdrawn', wording: again[0] });
      const granted = texts(await say(words.callMe));
      expect((await events(phone(5))).at(-1)).toMatchObject({
        event: 'granted',
        scope: 'callbacks',
        wording: granted[0],
        personWords: words.callMe,
      });
    });
  });

  it('an event recorded through the admin API keeps the wording the operator sent', async () => {
    const wording = 'Baja registrada por teléfono el 23 de noviembre: «no quiero más llamadas».';
    const response = await fetch(`${app.url}/api/admin/consent`, {
      method: 'POST',
      headers: { 'x-api-key': admin, 'content-type': 'application/json' },
      body: JSON.stringify({ phone: '+34915550899', event: 'withdrawn', scope: 'all', wording }),
    });
    expect(response.status).toBe(201);
    expect((await events('+34915550899')).at(-1)).toMatchObject({ event: 'withdrawn', source: 'admin_api', wording });
  });
});
