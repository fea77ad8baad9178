import { formatDayTime } from '../language/format';
import type { Language } from '../language/language';
import type { CallbackDocument } from '../booking/callback';
import { isQuestion, objectionIn, productsIn, readFault } from './recognisers';
import type { Claim, HandoffSummary, ModelClaims } from './summarySchema';
import type { TimelineEntryDocument } from './timeline';

const MAX_QUOTE = 200;

function quote(text: string): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean.length > MAX_QUOTE ? `${clean.slice(0, MAX_QUOTE - 1)}…` : clean;
}

function claimFrom(entry: TimelineEntryDocument, text: string): Claim {
  return { text, sources: [entry._id], unverified: entry.assurance === 'claimed' };
}

/** Adds a claim, or its source to an equal claim already there. */
function addTo<C extends Claim>(list: C[], claim: C): void {
  const same = list.find((existing) => existing.text.toLowerCase() === claim.text.toLowerCase());
  if (!same) {
    list.push(claim);
    return;
  }
  same.sources = [...new Set([...same.sources, ...claim.sources])];
  same.unverified = same.unverified && claim.unverified;
}

/**
 * The claims our own recognisers find in new entries, added to the previous ones: products named, faults and
 * objections, questions asked. Promises and callbacks come from records (see recordPromises), not from words.
 */
export function deterministicClaims(previous: ModelClaims, entries: readonly TimelineEntryDocument[]): ModelClaims {
  const next: ModelClaims = structuredClone(previous);
  for (const entry of entries) {
    if (entry.kind !== 'message' || entry.direction !== 'inbound') continue;
    // "el router no funciona" names a product they have, not one they want; "quiero fibra, aunque el router va
    // fatal" names both: the fault is a problem, the rest of the message says what they want.
    const { fault, others } = readFault(entry.text);
    for (const product of productsIn(others.join(' '))) addTo(next.wants, claimFrom(entry, product.label));
    if (fault) addTo(next.problems, { ...claimFrom(entry, quote(fault)), kind: 'problem' as const });
    const objection = others.filter((clause) => objectionIn(clause));
    if (objection.length > 0)
      addTo(next.problems, { ...claimFrom(entry, quote(fault ? objection.join(' … ') : entry.text)), kind: 'objection' as const });
    if (isQuestion(entry.text)) addTo(next.questionsForAgent, claimFrom(entry, quote(entry.text)));
  }
  return next;
}

/** The callback we committed to is a promise with its time, sourced from the booking entries. */
export function recordPromises(
  callbacks: readonly CallbackDocument[],
  entries: ReadonlyMap<string, string[]>,
  language: Language,
): HandoffSummary['promises'] {
  return callbacks
    .filter((callback) => callback.status === 'booked')
    .map((callback) => ({
      text:
        language === 'es'
          ? `Llamarle el ${formatDayTime(callback.startUtc, callback.prospectTimeZone, 'es')} (su hora)`
          : `Call them on ${formatDayTime(callback.startUtc, callback.prospectTimeZone, 'en')} (their time)`,
      when: callback.startUtc.toISOString(),
      sources: entries.get(callback._id) ?? [],
      unverified: false,
    }));
}

const PURPOSE = { es: 'la llamada que nos pidió', en: 'the call you asked us for' };

/** TRLGDCU art. 96.2: the call opens by saying who calls and what for. */
export function openingLine(input: {
  company: string;
  name: string | null;
  language: Language;
  wants: readonly Claim[];
  callbackAt: { instant: Date; zone: string } | null;
}): string {
  const { company, language } = input;
  const topic = input.wants[0]?.text;
  const when = input.callbackAt ? formatDayTime(input.callbackAt.instant, input.callbackAt.zone, language) : null;
  if (language === 'en') {
    return (
      `Hello${input.name ? ` ${input.name}` : ''}, this is <agent> from ${company}. I'm calling about ${PURPOSE.en}` +
      `${when ? ` for ${when}` : ''}${topic ? `, about ${topic}` : ''}. This is a sales call; is now a good time?`
    );
  }
  return (
    `Hola${input.name ? `, ${input.name}` : ''}, soy <agente> de ${company}. Le llamo por ${PURPOSE.es}` +
    `${when ? ` para el ${when}` : ''}${topic ? `, sobre ${topic}` : ''}. Es una llamada comercial; ¿le viene bien ahora?`
  );
}

const OUTCOME_WORDS: Record<string, { es: string; en: string }> = {
  reached: { es: 'contactado', en: 'reached' },
  no_answer: { es: 'no contestó', en: 'no answer' },
  busy: { es: 'comunicaba', en: 'busy' },
  voicemail: { es: 'buzón de voz', en: 'voicemail' },
  reschedule: { es: 'pidió otra hora', en: 'asked for another time' },
  not_interested: { es: 'no le interesa (baja de llamadas)', en: 'not interested (opted out of calls)' },
  wrong_number: { es: 'número equivocado', en: 'wrong number' },
  converted: { es: 'convertido', en: 'converted' },
};

export function outcomeWords(outcome: string, language: Language): string {
  return OUTCOME_WORDS[outcome]?.[language] ?? outcome;
}

/** The agent's paragraph, rendered from the verified summary only, so it can say nothing the claims do not. */
export function paragraph(summary: Omit<HandoffSummary, 'paragraph'>, language: Language): string {
  const es = language === 'es';
  const list = (claims: readonly { text: string }[]) => claims.map((claim) => claim.text).join('; ');
  const parts: string[] = [];
  if (summary.openProblems.length > 0)
    parts.push(`${es ? 'PROBLEMA ABIERTO' : 'OPEN PROBLEM'}: ${summary.openProblems.map((p) => p.text).join('; ')}.`);
  const who = summary.who.name ?? (es ? 'La persona' : 'The person');
  const channels = summary.who.channels.length > 0 ? ` (${summary.who.channels.join(', ')})` : '';
  parts.push(
    summary.wants.length > 0
      ? `${who}${channels} ${es ? 'se interesa por' : 'is interested in'}: ${list(summary.wants)}.`
      : `${who}${channels} ${es ? 'no ha dicho aún qué le interesa.' : 'has not said yet what they want.'}`,
  );
  const objections = summary.problems.filter((p) => p.kind === 'objection');
  const faults = summary.problems.filter((p) => p.kind === 'problem');
  if (faults.length > 0) parts.push(`${es ? 'Problemas' : 'Problems'}: ${list(faults)}.`);
  if (objections.length > 0) parts.push(`${es ? 'Objeciones' : 'Objections'}: ${list(objections)}.`);
  if (summary.promises.length > 0) parts.push(`${es ? 'Prometido' : 'Promised'}: ${list(summary.promises)}.`);
  const consent = {
    granted: es ? 'dio su consentimiento a las llamadas' : 'consented to calls',
    withdrawn: es ? 'RETIRÓ su consentimiento: no llamar' : 'WITHDREW consent: do not call',
    none: es ? 'sin consentimiento registrado' : 'no consent recorded',
  }[summary.consent.status];
  parts.push(`${es ? 'Consentimiento' : 'Consent'}: ${consent}.`);
  const done = summary.callbacks.filter((callback) => callback.outcome);
  if (done.length > 0)
    parts.push(
      `${es ? 'Llamadas anteriores' : 'Earlier calls'}: ${done
        .map((c) => `${outcomeWords(c.outcome!, language)}${c.note ? ` («${c.note}»)` : ''}`)
        .join('; ')}.`,
    );
  if (summary.questionsForAgent.length > 0) parts.push(`${es ? 'Pregunta' : 'Asks'}: ${list(summary.questionsForAgent)}.`);
  return parts.join(' ');
}
