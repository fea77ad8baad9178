import { randomUUID } from 'node:crypto';
import { messageActivity } from './app';

/*
 * The burst of issue 16: people who each hold an offer on screen tap the same 2-seat slot at the same moment
 * (/api/messages, expectReplies), then a newcomer says hello. Shared by test/reliability/burst.test.ts and the
 * benchmark. On the bots' pinned clock (botProcess.ts: Tuesday 24 Nov 2026, 08:15 UTC), "mañana por la tarde" offers
 * Wednesday 25 Nov from 15:30 first; "la primera" taps it.
 */
export interface OfferBurst {
  people: number;
  /** Taps answered with a 200 and a reply. */
  answered: number;
  booked: number;
  /** Taps told the slot was just taken, with other slots offered: the right answer for all but two. */
  toldTaken: number;
  /** Any other answer (an apology, a 5xx, none), by its first 80 characters: what went wrong, if anything did. */
  otherAnswers: Record<string, number>;
  /** From the first tap sent to the last answer. */
  wallMs: number;
  /** The newcomer's first turn after the burst; null when it got no answer within NEWCOMER_WAIT_MS. */
  newcomerMs: number | null;
}

const BOOKED = /¡Hecho! Te llamaremos el miércoles 25 de noviembre a las 15:30/;
const TAKEN = /^Vaya, ese hueco se acaba de ocupar\. \| mié 25 nov, 16:00/;
/** What a wedged database looks like from outside: a turn that never ends. Far beyond any healthy answer. */
const NEWCOMER_WAIT_MS = 20_000;

async function say(url: string, conversation: string, text: string, signal?: AbortSignal): Promise<{ status: number; text: string }> {
  const response = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(
      messageActivity({ text, locale: 'es-ES', userId: `u-${conversation}`, conversationId: conversation, channelId: 'webchat' }),
    ),
    signal,
  });
  const body = (await response.json().catch(() => ({}))) as {
    activities?: Array<{ text?: string; suggestedActions?: { actions?: Array<{ title: string }> } }>;
  };
  // The text and the choices offered with it.
  const said = (body.activities ?? [])
    .map((a) => [a.text ?? '', ...(a.suggestedActions?.actions ?? []).map((c) => c.title)].filter(Boolean).join(' | '))
    .join('\n');
  return { status: response.status, text: said };
}

/** Brings one conversation to the offer: the same five messages the replica tests send, each answered as expected. */
async function toOffer(url: string, conversation: string, phone: string): Promise<void> {
  const steps: Array<[string, RegExp]> = [
    ['hola', /¿A qué número te llamamos\?/],
    [phone, /¿Nos das permiso para llamarte al \+34 612/],
    ['sí', /zona horaria|Península/],
    ['Península y Baleares', /¿Cuándo te viene bien/],
    ['mañana por la tarde', /mié 25 nov, 15:30/],
  ];
  for (const [text, expected] of steps) {
    const answer = await say(url, conversation, text);
    if (answer.status !== 200 || !expected.test(answer.text)) {
      throw new Error(`${conversation}: "${text}" was answered ${answer.status} "${answer.text.slice(0, 200)}"`);
    }
  }
}

/** `people` conversations on a fresh database brought to the offer (32 at a time), then all tap it at once. */
export async function offerBurst(url: string, people: number): Promise<OfferBurst> {
  const run = randomUUID().slice(0, 8);
  const conversations = Array.from({ length: people }, (_, i) => ({ id: `burst-${run}-${i}`, phone: `612${String(i).padStart(6, '0')}` }));
  for (let i = 0; i < conversations.length; i += 32) {
    await Promise.all(conversations.slice(i, i + 32).map((c) => toOffer(url, c.id, c.phone)));
  }
  const started = Date.now();
  const taps = await Promise.all(conversations.map((c) => say(url, c.id, 'la primera').catch(() => ({ status: 0, text: '' }))));
  const wallMs = Date.now() - started;
  const newcomerStarted = Date.now();
  const newcomer = await say(url, `newcomer-${run}`, 'hola', AbortSignal.timeout(NEWCOMER_WAIT_MS)).catch(() => ({ status: 0, text: '' }));
  const otherAnswers: Record<string, number> = {};
  for (const tap of taps.filter((t) => !BOOKED.test(t.text) && !TAKEN.test(t.text))) {
    const kind = `${tap.status} ${tap.text.slice(0, 80)}`;
    otherAnswers[kind] = (otherAnswers[kind] ?? 0) + 1;
  }
  return {
    people,
    answered: taps.filter((t) => t.status === 200 && t.text !== '').length,
    booked: taps.filter((t) => BOOKED.test(t.text)).length,
    toldTaken: taps.filter((t) => TAKEN.test(t.text)).length,
    otherAnswers,
    wallMs,
    newcomerMs: newcomer.status === 200 && newcomer.text !== '' ? Date.now() - newcomerStarted : null,
  };
}
