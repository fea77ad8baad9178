function normalise(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

// The one list of ways to say yes, for every yes/no question and for taking an offered time.
const YES_WORDS =
  'si|sip|vale|ok|okay|okey|claro|claro que si|de acuerdo|perfecto|genial|muy bien|me vale|me va bien|por supuesto|adelante|yes|yeah|yep|sure|fine|perfect|great|sounds good|of course|go ahead|si podeis llamarme|yes you may call me|si por favor|yes please';
const YES = new RegExp(String.raw`^(${YES_WORDS})\b`);
const NO = /^(no|nope|no gracias|no thanks|para nada|ni hablar|mejor no|no no)\b/;
// Words that add nothing to a yes: "sí, gracias", "ok, that one", "vale pues".
const AROUND_YES =
  'por favor|porfa|gracias|muchas gracias|please|thanks|thank you|pues|entonces|then|esa|ese|esa misma|esa hora|that one|that time|that s fine|esta bien';
// Removed word by word, longest phrase first ("claro que si" before "claro"): one linear pass, with no
// nested repetition for a long message to backtrack through.
const LONGEST_FIRST = `${YES_WORDS}|${AROUND_YES}`.split('|').sort((a, b) => b.length - a.length);
const YES_OR_AROUND = new RegExp(String.raw`\b(?:${LONGEST_FIRST.join('|')})\b`, 'g');

/** A plain yes or no; null when the answer is neither. */
export function yesOrNo(text: string): boolean | null {
  const t = normalise(text);
  if (NO.test(t)) return false;
  if (YES.test(t)) return true;
  return null;
}

/** A yes and nothing else ("sí", "vale, gracias", "ok perfect"): assent to what was just offered, not a choice or a new time. */
export function isPlainYes(text: string): boolean {
  return yesOrNo(text) === true && normalise(text).replace(YES_OR_AROUND, '').trim() === '';
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

/** The country to read a national number in: the locale's region, else the deployment default. */
export function phoneCountryFor(locale: string | undefined, fallback: string): string {
  const region = locale?.split(/[-_]/)[1]?.toUpperCase();
  return region && /^[A-Z]{2}$/.test(region) ? region : fallback;
}

/** "10:30", "a las 4", "4pm", "16h": a time with no day. */
export function isBareClock(text: string): boolean {
  return /^(a las |at )?\d{1,2}([:.h]\d{2})?\s*(am|pm|h)?$/.test(text.trim().toLowerCase());
}
