import type { Language } from '../i18n/language';

function normalise(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const YES =
  /^(si|sip|vale|ok|okay|claro|de acuerdo|por supuesto|adelante|yes|yeah|yep|sure|of course|go ahead|si podeis llamarme|yes you may call me|si por favor|yes please)\b/;
const NO = /^(no|nope|no gracias|no thanks|para nada|ni hablar|mejor no|no no)\b/;

/** A plain yes or no; null when the answer is neither. */
export function yesOrNo(text: string): boolean | null {
  const t = normalise(text);
  if (NO.test(t)) return false;
  if (YES.test(t)) return true;
  return null;
}

// Cancelling this one call, said plainly. A bare "cancel" is left to the rights recogniser, which asks.
const CANCEL_CALLBACK =
  /\b(cancela|cancelar|cancelad|cancelame|anula|anular|anulad|borra|quita)\b.*\b(llamada|cita)\b|\bcancel\b.*\b(call|callback|appointment)\b|^(cancelala|cancelarla|anulala)$/;

export function asksToCancelCallback(text: string): boolean {
  return CANCEL_CALLBACK.test(normalise(text));
}

const KEEP = /^(mantenerla|mantener|mantenla|la mantenemos|si mantenla|keep it|keep|keep the call)$/;
const CHANGE = /^(cambiar la hora|cambiar|cambiarla|change the time|change it|change|reschedule)$/;

export function manageChoice(text: string): 'keep' | 'change' | 'cancel' | null {
  const t = normalise(text);
  if (KEEP.test(t) || yesOrNo(t) === true) return 'keep';
  if (CHANGE.test(t)) return 'change';
  if (/^(cancelarla|cancelala|cancel it|cancelar|cancel)$/.test(t)) return 'cancel';
  return null;
}

export function asksForOtherTime(text: string): boolean {
  return /^(otro momento|otra hora|otro dia|another time|other time|a different time|none of these|ninguno|ninguna)$/.test(normalise(text));
}

export function isStartOver(text: string): boolean {
  return /^(empezar de nuevo|volver a empezar|reiniciar|empezar otra vez|start over|restart|start again)$/.test(normalise(text));
}

/**
 * The country to read a national number in. A client's locale says how its menus are set up, not where
 * the person's phone is (Teams and the Agents Playground send en-US to people writing Spanish from Spain):
 * its region counts only when its language is the one the person is writing in ("es-MX" for a Spanish
 * conversation, "en-US" for an English one); otherwise the deployment's DEFAULT_PHONE_COUNTRY.
 */
export function phoneCountryFor(language: Language, locale: string | undefined, fallback: string): string {
  const [localeLanguage, region] = (locale ?? '').split(/[-_]/);
  const upper = region?.toUpperCase();
  return localeLanguage?.toLowerCase() === language && upper && /^[A-Z]{2}$/.test(upper) ? upper : fallback;
}

/** "10:30", "a las 4", "4pm", "16h": a time with no day. */
export function isBareClock(text: string): boolean {
  return /^(a las |at )?\d{1,2}([:.h]\d{2})?\s*(am|pm|h)?$/.test(text.trim().toLowerCase());
}
