import type { Language } from '../../language/language';

/** What a message asks of us about contact or personal data; the dialogs act on it before anything else. */
export type RightsIntent =
  /** Stop all contact. `matched` is the normalised words that counted, for the consent record. */
  | { kind: 'opt_out'; language: Language; matched: string }
  /** A bare "cancel" while a callback is pending: it may mean that callback or all contact, so ask. */
  | { kind: 'ambiguous_cancel'; language: Language }
  | { kind: 'opt_in'; language: Language }
  | { kind: 'provenance_question'; language: Language }
  | { kind: 'export_request'; language: Language }
  | { kind: 'erasure_request'; language: Language };

export type RightsIntentKind = RightsIntent['kind'];

export interface RecognitionContext {
  hasPendingCallback: boolean;
}
