/** One thing that stops a call, with a code a dialer can branch on and words an agent can read. */
export interface ContactabilityReason {
  code: string;
  message: string;
}

export interface ContactabilityAnswer {
  allowed: boolean;
  reasons: ContactabilityReason[];
  /** When the only obstacles are time (the lawful window, the frequency cap): the first instant all are clear, ISO UTC. */
  nextAllowedAt: string | null;
  /** The number to dial from for this call type and the number's country, as the applicable rule set names it. */
  callerNumber: string | null;
}

// Time-bound reasons clear by themselves; any other reason means "not this person, not for this purpose".
const TIME_BOUND = new Set(['outside_lawful_window', 'lawful_holiday', 'frequency_cap']);

export function onlyTimeBound(reasons: readonly ContactabilityReason[]): boolean {
  return reasons.length > 0 && reasons.every((reason) => TIME_BOUND.has(reason.code));
}

export function refused(code: string, message: string): ContactabilityAnswer {
  return { allowed: false, reasons: [{ code, message }], nextAllowedAt: null, callerNumber: null };
}
