export type RightsLanguage = 'es' | 'en';

/** What a message asks of us about contact or personal data; the dialogs act on it before anything else. */
export type RightsIntent =
  /** Stop all contact. `matched` is the normalised words that counted, for the consent record. */
  | { kind: 'opt_out'; language: RightsLanguage; matched: string }
  /** A bare "cancel" while a callback is pending: it may mean that callback or all contact, so ask. */
  | { kind: 'ambiguous_cancel'; language: RightsLanguage }
  | { kind: 'opt_in'; language: RightsLanguage }
  | { kind: 'provenance_question'; language: RightsLanguage }
  | { kind: 'export_request'; language: RightsLanguage }
  | { kind: 'erasure_request'; language: RightsLanguage };

export type RightsIntentKind = RightsIntent['kind'];

export interface RecognitionContext {
  hasPendingCallback: boolean;
}
