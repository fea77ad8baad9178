import { normaliseWords } from '../language/normalise';

/**
 * Small word-level recognisers for the deterministic summary and for faults the bot opens as problems.
 * They work on normalised words (lowercase, no accents), so "avería" and "averia" are one word. Each
 * answers the span of the person's own text it matched, so a claim quotes what was said.
 */

// Things that break, and words saying they are broken. A fault needs both, or one of the strong words.
const SERVICE_NOUNS = new Set([
  'router',
  'wifi',
  'internet',
  'fibra',
  'adsl',
  'linea',
  'telefono',
  'movil',
  'tele',
  'tv',
  'television',
  'decodificador',
  'conexion',
  'senal',
  'cobertura',
  'red',
  'modem',
  'line',
  'phone',
  'connection',
  'signal',
  'coverage',
  'network',
  'broadband',
  'fiber',
  'fibre',
  'landline',
  'mobile',
  // "no funcionan" has a plural subject.
  'lineas',
  'telefonos',
  'moviles',
  'decodificadores',
  'routers',
  'lines',
  'phones',
]);
const BROKEN_PHRASES = [
  ['no', 'funciona'],
  ['no', 'me', 'funciona'],
  ['no', 'va'],
  ['no', 'me', 'va'],
  ['se', 'corta'],
  ['se', 'cae'],
  ['roto'],
  ['rota'],
  ['estropeado'],
  ['fallando'],
  ['falla'],
  ['doesnt', 'work'],
  ['does', 'not', 'work'],
  ['not', 'working'],
  ['isnt', 'working'],
  ['broken'],
  ['keeps', 'dropping'],
  ['stopped', 'working'],
  ['dejado', 'de', 'funcionar'],
  ['sin', 'funcionar'],
  ['no', 'funcionan'],
  ['no', 'tira'],
];
const STRONG_FAULT_WORDS = new Set(['averia', 'averiado', 'averiada', 'incidencia', 'outage']);

const OBJECTIONS: ReadonlyArray<readonly string[]> = [
  ['caro'],
  ['cara'],
  ['muy', 'caro'],
  ['precio'],
  ['permanencia'],
  ['no', 'me', 'interesa'],
  ['ya', 'tengo'],
  ['no', 'me', 'fio'],
  ['expensive'],
  ['price'],
  ['not', 'interested'],
  ['already', 'have'],
  ['contract'],
  ['commitment'],
  ['too', 'much'],
];

/** Products and services a prospect may mention, with the label the agent reads. */
const PRODUCTS: ReadonlyArray<{ label: string; words: readonly string[] }> = [
  { label: 'fibra / fibre', words: ['fibra', 'fibre', 'fiber', 'internet', 'wifi', 'adsl', 'broadband'] },
  { label: 'móvil / mobile', words: ['movil', 'moviles', 'mobile', 'lineas', 'linea', 'datos', 'gigas', 'sim', 'line', 'lines'] },
  { label: 'televisión / TV', words: ['tv', 'tele', 'television', 'futbol', 'series', 'netflix', 'canales', 'channels'] },
  { label: 'fijo / landline', words: ['fijo', 'landline'] },
  { label: 'router', words: ['router', 'modem'] },
  { label: 'portabilidad / number transfer', words: ['portabilidad', 'portar', 'port', 'porting'] },
  { label: 'tarifa / plan', words: ['tarifa', 'tarifas', 'plan', 'oferta', 'ofertas', 'promocion', 'offer', 'deal', 'paquete', 'bundle'] },
  { label: 'alarma / alarm', words: ['alarma', 'alarm'] },
  { label: 'seguro / insurance', words: ['seguro', 'insurance'] },
];

function containsSequence(words: readonly string[], phrase: readonly string[]): number {
  for (let i = 0; i + phrase.length <= words.length; i++) if (phrase.every((w, k) => words[i + k] === w)) return i;
  return -1;
}

/** "el router no funciona", "no tengo internet", "avería en la línea", "my broadband is down". */
export function reportsFault(text: string): boolean {
  const words = normaliseWords(text);
  if (words.some((word) => STRONG_FAULT_WORDS.has(word))) return true;
  for (let i = 0; i < words.length; i++) {
    if (!SERVICE_NOUNS.has(words[i]!)) continue;
    const before = words.slice(Math.max(0, i - 3), i).join(' ');
    // "sin internet", "no tengo línea", "no me llega la señal"; "the internet is down"
    if (/(^| )(sin|no tengo|no me llega|no hay|no)( el| la| los| las)?$/.test(before) && !/^(no)$/.test(before)) return true;
    if (words[i + 1] === 'down' || (words[i + 1] === 'is' && words[i + 2] === 'down')) return true;
  }
  for (const phrase of BROKEN_PHRASES) {
    const at = containsSequence(words, phrase);
    // The thing must be named near the complaint: "no funciona" alone may be about a time slot.
    if (at >= 0 && words.slice(Math.max(0, at - 4), at + phrase.length + 4).some((word) => SERVICE_NOUNS.has(word))) return true;
  }
  return false;
}

export function objectionIn(text: string): boolean {
  const words = normaliseWords(text);
  return OBJECTIONS.some((phrase) => containsSequence(words, phrase) >= 0);
}

/** The products named, by label, each with the word that named it. */
export function productsIn(text: string): Array<{ label: string; word: string }> {
  const words = new Set(normaliseWords(text));
  const found: Array<{ label: string; word: string }> = [];
  for (const product of PRODUCTS) {
    const word = product.words.find((candidate) => words.has(candidate));
    if (word) found.push({ label: product.label, word });
  }
  return found;
}

/** A question the prospect asked, for the agent to answer on the call. */
export function isQuestion(text: string): boolean {
  return /[?¿]/.test(text) && normaliseWords(text).length >= 3;
}
