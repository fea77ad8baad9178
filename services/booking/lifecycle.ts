import type { CallPurpose } from '../contactability/callAttempts';

/**
 * A promised callback's life, written once. Every caller (the chat, the agents' console and Teams card, the
 * jobs) moves a callback only along these edges, through `CallbackLifecycle` (or, for a seat change, the
 * booking service), so a state nobody planned cannot happen.
 *
 *   booked ─→ due ─→ reached | converted | not_interested | wrong_number        (the promise kept)
 *      │       ├──→ retrying ─→ due … ─→ unreachable                          (no answer, busy, voicemail)
 *      │       └──→ missed ─→ repaired | lapsed                               (nobody called: we apologise)
 *      └─ (any open state) ─→ cancelled
 */
export const CALLBACK_STATUSES = [
  'booked',
  'due',
  'retrying',
  'reached',
  'converted',
  'not_interested',
  'wrong_number',
  'missed',
  'repaired',
  'lapsed',
  'cancelled',
  'unreachable',
  // Written before the lifecycle existed for every closing outcome; read as "reached" by the report.
  'completed',
] as const;
export type CallbackStatus = (typeof CALLBACK_STATUSES)[number];

/** States that hold a seat of their slot and are the person's one active callback. */
export const OPEN_STATUSES = ['booked', 'due', 'retrying'] as const satisfies readonly CallbackStatus[];
export type OpenStatus = (typeof OPEN_STATUSES)[number];

/** What an agent's call ended in, when it closes the promise. */
export const REACHED_STATUSES = ['reached', 'converted', 'not_interested', 'wrong_number'] as const satisfies readonly CallbackStatus[];

const AFTER_A_CALL = [...REACHED_STATUSES, 'retrying', 'unreachable'] as const;

export const TRANSITIONS: Readonly<Record<CallbackStatus, readonly CallbackStatus[]>> = {
  booked: ['due', ...AFTER_A_CALL, 'missed', 'cancelled'],
  due: [...AFTER_A_CALL, 'missed', 'cancelled'],
  retrying: ['due', ...AFTER_A_CALL, 'missed', 'cancelled'],
  missed: ['repaired', 'lapsed', 'cancelled'],
  reached: [],
  converted: [],
  not_interested: [],
  wrong_number: [],
  repaired: [],
  lapsed: [],
  cancelled: [],
  unreachable: [],
  completed: [],
};

export function isOpen(status: CallbackStatus): status is OpenStatus {
  return (OPEN_STATUSES as readonly CallbackStatus[]).includes(status);
}

export function mayMove(from: CallbackStatus, to: CallbackStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Sales or service: what the person was promised a call about (attempts and the frequency cap count it so). */
export type CallbackPurpose = CallPurpose;
export const DEFAULT_CALLBACK_PURPOSE: CallbackPurpose = 'acquisition';
