import { type CallbackStatus, isOpen } from '../../services/booking/lifecycle';
import type { DueCallback, SlotView } from '../../services/handoff/agentDesk';
import type { AgentDocument } from '../../services/handoff/agents';
import { outcomeWords } from '../../services/handoff/deterministicSummary';
import { CALLBACK_OUTCOMES } from '../../services/handoff/timeline';

import { formatShortDayTime } from '../../services/language/format';
import { inEveryLanguage, type Language } from '../../services/language/language';

const WORDS = inEveryLanguage({
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
    callNow: 'Llamar ahora',
    callFrom: 'Llamar desde',
    noCallerNumber: 'ninguno configurado',
    release: 'Liberar',
    reassign: 'Pasar a otro agente',
    reassignTo: 'Pasar a',
    anotherTime: 'Otra hora',
    move: 'Mover a esta hora',
    late: { missed: 'PERDIDA', overdue: 'ATRASADA' },
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
    callNow: 'Call now',
    callFrom: 'Call from',
    noCallerNumber: 'none configured',
    release: 'Release',
    reassign: 'Hand to another agent',
    reassignTo: 'Hand to',
    anotherTime: 'Another time',
    move: 'Move to this time',
    late: { missed: 'MISSED', overdue: 'OVERDUE' },
  },
});

/** A callback's lifecycle status as agents read it (services/booking/lifecycle.ts). */
const STATUS_WORDS: Record<CallbackStatus, Record<Language, string>> = {
  booked: { es: 'reservada', en: 'booked' },
  due: { es: 'toca llamar', en: 'due' },
  retrying: { es: 'reintentando', en: 'retrying' },
  reached: { es: 'contactado', en: 'reached' },
  converted: { es: 'convertida', en: 'converted' },
  not_interested: { es: 'no le interesa', en: 'not interested' },
  wrong_number: { es: 'número equivocado', en: 'wrong number' },
  missed: { es: 'perdida: nadie llamó', en: 'missed: nobody called' },
  repaired: { es: 'reparada con otra cita', en: 'repaired with a new booking' },
  lapsed: { es: 'caducada sin reparar', en: 'lapsed unrepaired' },
  cancelled: { es: 'cancelada', en: 'cancelled' },
  unreachable: { es: 'ilocalizable', en: 'unreachable' },
  completed: { es: 'contactado', en: 'reached' },
};

/** What the card offers besides the callback itself: free slots to move it to, agents to hand it to. */
export interface CardChoices {
  slots: readonly SlotView[];
  agents: ReadonlyArray<Pick<AgentDocument, '_id' | 'name'>>;
}

/**
 * Words a prospect wrote (a name, a quote, a summary that quotes them), as literal text in a card. Teams renders
 * Markdown in TextBlock and in Fact.Value, so "[verify your account](https://…)" would put a worded link in front
 * of an agent. Backslash escapes are not honoured alike by Teams clients (Adaptive Cards renderers have shown the
 * backslash, or formatted anyway), so the syntax is taken away instead of escaped: the characters of emphasis,
 * links, autolinks, code and escapes become their full-width forms (the same sign to an agent's eye, and nothing
 * any renderer parses), line breaks become spaces, and a leading list or heading marker takes its full-width
 * form too.
 */
export function literal(text: string): string {
  return text
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .trim()
    .replace(/[\\*_[\]<>`~]/g, fullWidth)
    .replace(/^([-+#]|\d+[.)])(?=\s|$)/, (marker) => marker.replace(/[-+#.)]/, fullWidth));
}

/** U+FF01–U+FF5E mirror ASCII ! to ~ at a fixed distance. */
function fullWidth(c: string): string {
  return String.fromCharCode(c.charCodeAt(0) + 0xfee0);
}

function format(iso: string, zone: string, language: Language): string {
  return formatShortDayTime(new Date(iso), zone, language);
}

/**
 * The card the agents' Teams conversation gets for a booked callback: open problems first, then when, who, the
 * number to call from, the summary paragraph and the opening line; buttons to claim, release or hand it on, to
 * move it to another free slot (a picker of the slots the chat would offer) and to record the outcome with a
 * note, which the bot handles (bot/teams/agentChannel.ts) and answers by updating this same card.
 */
export function handoffCard(
  callback: DueCallback,
  language: Language,
  agentZone: string,
  choices: CardChoices = { slots: [], agents: [] },
): Record<string, unknown> {
  const w = WORDS[language];
  const summary = callback.summary?.summary ?? null;
  const open = isOpen(callback.status);
  const body: Array<Record<string, unknown>> = [];
  if (callback.late) {
    body.push({ type: 'TextBlock', text: `⏰ ${w.late[callback.late]}`, color: 'attention', weight: 'bolder', wrap: true });
  }
  for (const problem of summary?.openProblems ?? []) {
    body.push({ type: 'TextBlock', text: `⚠ ${w.problem}: ${literal(problem.text)}`, color: 'attention', weight: 'bolder', wrap: true });
  }
  body.push({
    type: 'TextBlock',
    size: 'medium',
    weight: 'bolder',
    wrap: true,
    text: `${w.newCall}: ${format(callback.startUtc, agentZone, language)} (${format(callback.startUtc, callback.prospectTimeZone, language)} ${w.their})`,
  });
  const facts: Array<{ title: string; value: string }> = [
    { title: w.person, value: callback.person.name ? literal(callback.person.name) : '—' },
    { title: w.phone, value: callback.person.phoneE164 || '—' },
    { title: w.callFrom, value: callback.callFrom.number ?? w.noCallerNumber },
    { title: w.status, value: STATUS_WORDS[callback.status][language] },
    { title: w.summary, value: summary ? w[summary.kind] : '—' },
    { title: w.claimedBy, value: callback.claim?.agentName ?? w.nobody },
  ];
  if (open) {
    facts.push({
      title: w.callNow,
      value: callback.contactability.allowed
        ? w.canCall
        : `${w.cannotCall}: ${callback.contactability.reasons.map((r) => r.code).join(', ')}`,
    });
  }
  body.push({ type: 'FactSet', facts });
  if (summary) {
    body.push({ type: 'TextBlock', text: literal(summary.paragraph[language]), wrap: true });
    body.push({ type: 'TextBlock', text: `${w.opening}: ${literal(summary.openingLine)}`, wrap: true, isSubtle: true });
  }
  const actions: Array<Record<string, unknown>> = [];
  const data = (handoff: string) => ({ handoff, callbackId: callback.callbackId });
  if (open) {
    if (!callback.claim) {
      actions.push({ type: 'Action.Submit', title: w.claim, data: data('claim') });
    } else {
      actions.push({ type: 'Action.Submit', title: w.release, data: data('release') });
      const others = choices.agents.filter((agent) => agent._id !== callback.claim?.agentId);
      if (others.length > 0) {
        actions.push(
          picker(
            w.reassign,
            w.reassignTo,
            'agentId',
            others.map((agent) => ({ title: agent.name, value: agent._id })),
            {
              title: w.reassign,
              data: data('reassign'),
            },
          ),
        );
      }
    }
    if (choices.slots.length > 0) {
      const slotChoices = choices.slots.map((slot) => ({
        title: `${format(slot.startUtc, agentZone, language)} (${format(slot.startUtc, callback.prospectTimeZone, language)} ${w.their})`,
        value: slot.startUtc,
      }));
      actions.push(picker(w.anotherTime, w.anotherTime, 'startUtc', slotChoices, { title: w.move, data: data('move') }));
    }
    actions.push({
      type: 'Action.ShowCard',
      title: w.outcome,
      card: {
        type: 'AdaptiveCard',
        version: CARD_VERSION,
        body: [
          {
            type: 'Input.ChoiceSet',
            id: 'outcome',
            style: 'compact',
            value: 'reached',
            // "Another time" is the picker above: an outcome alone would move nothing.
            choices: CALLBACK_OUTCOMES.filter((outcome) => outcome !== 'reschedule').map((outcome) => ({
              title: outcomeWords(outcome, language),
              value: outcome,
            })),
          },
          { type: 'Input.Text', id: 'note', isMultiline: true, maxLength: 2000, placeholder: w.note },
        ],
        actions: [{ type: 'Action.Submit', title: w.save, data: data('outcome') }],
      },
    });
  }
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: CARD_VERSION,
    fallbackText: `${w.newCall}: ${callback.startUtc} ${callback.person.phoneE164}`,
    body,
    actions,
  };
}

// The version the prospects' cards on Teams use too (dialogs/rendering); Input.ChoiceSet and Action.ShowCard are older.
const CARD_VERSION = '1.4';

/** A button that opens a choice (compact, first one chosen) and a submit that sends it with the action's data. */
function picker(
  title: string,
  label: string,
  id: string,
  choices: Array<{ title: string; value: string }>,
  submit: { title: string; data: Record<string, string> },
): Record<string, unknown> {
  return {
    type: 'Action.ShowCard',
    title,
    card: {
      type: 'AdaptiveCard',
      version: CARD_VERSION,
      body: [
        { type: 'TextBlock', text: label, weight: 'bolder', wrap: true },
        { type: 'Input.ChoiceSet', id, style: 'compact', value: choices[0]?.value ?? '', choices },
      ],
      actions: [{ type: 'Action.Submit', title: submit.title, data: submit.data }],
    },
  };
}
