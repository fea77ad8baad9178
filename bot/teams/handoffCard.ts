import { DateTime } from 'luxon';
import type { DueCallback } from '../../services/handoff/agentDesk';
import { outcomeWords } from '../../services/handoff/deterministicSummary';
import { CALLBACK_OUTCOMES } from '../../services/handoff/timeline';

type Language = 'es' | 'en';

const WORDS = {
  es: {
    newCall: 'Llamada',
    their: 'su hora',
    person: 'Persona',
    phone: 'Teléfono',
    summary: 'Resumen',
    claimedBy: 'Reclamada por',
    nobody: 'nadie todavía',
    model: 'modelo',
    deterministic: 'automático (sin modelo)',
    problem: 'PROBLEMA ABIERTO',
    opening: 'Para empezar',
    claim: 'Reclamar',
    outcome: 'Registrar resultado',
    note: 'Nota (opcional)',
    save: 'Guardar',
    canCall: 'Se puede llamar ahora',
    cannotCall: 'No llamar ahora',
    status: 'Estado',
    done: 'cerrada',
  },
  en: {
    newCall: 'Callback',
    their: 'their time',
    person: 'Person',
    phone: 'Phone',
    summary: 'Summary',
    claimedBy: 'Claimed by',
    nobody: 'nobody yet',
    model: 'model',
    deterministic: 'automatic (no model)',
    problem: 'OPEN PROBLEM',
    opening: 'To open',
    claim: 'Claim',
    outcome: 'Record outcome',
    note: 'Note (optional)',
    save: 'Save',
    canCall: 'May call now',
    cannotCall: 'Do not call now',
    status: 'Status',
    done: 'closed',
  },
} as const;

function format(iso: string, zone: string, language: Language): string {
  return DateTime.fromISO(iso, { zone })
    .setLocale(language === 'es' ? 'es-ES' : 'en-GB')
    .toFormat('ccc d LLL, HH:mm');
}

/**
 * The card the agents' Teams conversation gets for a booked callback: open problems first, then when, who, the
 * summary paragraph and the opening line; buttons to claim it and to record the outcome with a note, which the
 * bot handles (bot/teams/agentChannel.ts) and answers by updating this same card.
 */
export function handoffCard(callback: DueCallback, language: Language, agentZone: string): Record<string, unknown> {
  const w = WORDS[language];
  const summary = callback.summary?.summary ?? null;
  const body: Array<Record<string, unknown>> = [];
  for (const problem of summary?.openProblems ?? []) {
    body.push({ type: 'TextBlock', text: `⚠ ${w.problem}: ${problem.text}`, color: 'attention', weight: 'bolder', wrap: true });
  }
  body.push({
    type: 'TextBlock',
    size: 'medium',
    weight: 'bolder',
    wrap: true,
    text: `${w.newCall}: ${format(callback.startUtc, agentZone, language)} (${format(callback.startUtc, callback.prospectTimeZone, language)} ${w.their})`,
  });
  const facts = [
    { title: w.person, value: callback.person.name ?? '—' },
    { title: w.phone, value: callback.person.phoneE164 || '—' },
    { title: w.summary, value: summary ? w[summary.kind] : '—' },
    { title: w.claimedBy, value: callback.claim?.agentName ?? w.nobody },
    {
      title: w.status,
      value:
        callback.status === 'booked'
          ? callback.contactability.allowed
            ? w.canCall
            : `${w.cannotCall}: ${callback.contactability.reasons.map((r) => r.code).join(', ')}`
          : w.done,
    },
  ];
  body.push({ type: 'FactSet', facts });
  if (summary) {
    body.push({ type: 'TextBlock', text: summary.paragraph[language], wrap: true });
    body.push({ type: 'TextBlock', text: `${w.opening}: ${summary.openingLine}`, wrap: true, isSubtle: true });
  }
  const actions: Array<Record<string, unknown>> = [];
  if (callback.status === 'booked') {
    if (!callback.claim) {
      actions.push({ type: 'Action.Submit', title: w.claim, data: { handoff: 'claim', callbackId: callback.callbackId } });
    }
    actions.push({
      type: 'Action.ShowCard',
      title: w.outcome,
      card: {
        type: 'AdaptiveCard',
        version: '1.2',
        body: [
          {
            type: 'Input.ChoiceSet',
            id: 'outcome',
            style: 'compact',
            value: 'reached',
            choices: CALLBACK_OUTCOMES.map((outcome) => ({ title: outcomeWords(outcome, language), value: outcome })),
          },
          { type: 'Input.Text', id: 'note', isMultiline: true, maxLength: 2000, placeholder: w.note },
        ],
        actions: [{ type: 'Action.Submit', title: w.save, data: { handoff: 'outcome', callbackId: callback.callbackId } }],
      },
    });
  }
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.2',
    fallbackText: `${w.newCall}: ${callback.startUtc} ${callback.person.phoneE164}`,
    body,
    actions,
  };
}
