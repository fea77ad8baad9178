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
  // It works, badly: "el router que tengo va fatal", "el wifi va lentísimo", "my broadband keeps cutting out".
  ['va', 'fatal'],
  ['funciona', 'fatal'],
  ['anda', 'fatal'],
  ['va', 'mal'],
  ['funciona', 'mal'],
  ['anda', 'mal'],
  ['va', 'muy', 'mal'],
  ['funciona', 'muy', 'mal'],
  ['va', 'lento'],
  ['va', 'lenta'],
  ['va', 'muy', 'lento'],
  ['va', 'muy', 'lenta'],
  ['va', 'lentisimo'],
  ['va', 'lentisima'],
  ['va', 'a', 'pedales'],
  ['es', 'malisimo'],
  ['es', 'malisima'],
  ['es', 'pesimo'],
  ['es', 'pesima'],
  ['es', 'horrible'],
  ['es', 'un', 'desastre'],
  ['se', 'desconecta'],
  ['se', 'cuelga'],
  ['se', 'me', 'cae'],
  ['se', 'me', 'corta'],
  ['se', 'me', 'va'],
  ['da', 'problemas'],
  ['da', 'fallos'],
  ['tengo', 'cortes'],
  ['hay', 'cortes'],
  ['no', 'para', 'de', 'cortarse'],
  ['is', 'slow'],
  ['so', 'slow'],
  ['really', 'slow'],
  ['very', 'slow'],
  ['too', 'slow'],
  ['been', 'slow'],
  ['is', 'terrible'],
  ['is', 'awful'],
  ['is', 'rubbish'],
  ['is', 'useless'],
  ['is', 'patchy'],
  ['is', 'unreliable'],
  ['been', 'terrible'],
  ['been', 'awful'],
  ['keeps', 'cutting', 'out'],
  ['cuts', 'out'],
  ['keeps', 'disconnecting'],
  ['keeps', 'going', 'down'],
  ['keeps', 'crashing'],
  ['drops', 'out'],
  ['playing', 'up'],
  ['acting', 'up'],
  ['works', 'badly'],
  ['barely', 'works'],
  ['hardly', 'works'],
  ['has', 'been', 'down'],
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

const PRODUCT_WORDS: ReadonlySet<string> = new Set(PRODUCTS.flatMap((product) => product.words));

function containsSequence(words: readonly string[], phrase: readonly string[]): number {
  for (let i = 0; i + phrase.length <= words.length; i++) if (phrase.every((w, k) => words[i + k] === w)) return i;
  return -1;
}

// "Estamos sin línea" is a fault; "fibra sin router" is what someone wants.
const STATE_BEFORE_SIN = new Set([
  'estoy',
  'estamos',
  'esta',
  'estan',
  'sigo',
  'seguimos',
  'sigue',
  'siguen',
  'llevo',
  'llevamos',
  'quedado',
  'quede',
  'quedamos',
  'otra',
  'vez',
]);
const ARTICLES = new Set(['el', 'la', 'los', 'las', 'mi', 'mis']);
// A clause about what might happen is not a report: "si el router falla, ¿venís?", "if the internet goes down".
const CONDITIONALS: ReadonlyArray<readonly string[]> = [['si'], ['if'], ['en', 'caso'], ['por', 'si'], ['in', 'case']];

/** One clause's words: is something of theirs broken? (The clause is the unit, so a want beside it stays a want.) */
function wordsReportFault(words: readonly string[]): boolean {
  if (words.some((word) => STRONG_FAULT_WORDS.has(word))) return true;
  for (let i = 0; i < words.length; i++) {
    if (!SERVICE_NOUNS.has(words[i]!)) continue;
    const before = words.slice(Math.max(0, i - 3), i).join(' ');
    // "no tengo internet", "no me llega la señal", "no hay línea"; "the internet is down"
    if (/(^| )(no tengo|no me llega|no hay|no)( el| la| los| las)?$/.test(before) && !/^(no)$/.test(before)) return true;
    // "sin internet desde ayer", "estamos sin línea"
    const sin = ARTICLES.has(words[i - 1] ?? '') ? i - 2 : i - 1;
    if (words[sin] === 'sin' && (sin === 0 || STATE_BEFORE_SIN.has(words[sin - 1]!))) return true;
    if (words[i + 1] === 'down' || (words[i + 1] === 'is' && words[i + 2] === 'down')) return true;
  }
  for (const phrase of BROKEN_PHRASES) {
    for (let at = 0; at + phrase.length <= words.length; at++) {
      if (!phrase.every((w, k) => words[at + k] === w)) continue;
      // "no va a hacer falta el router": "va a" is what will happen, not what is wrong.
      if (phrase.at(-1) === 'va' && words[at + phrase.length] === 'a') continue;
      // The thing must be named near the complaint: "no funciona" alone may be about a time slot.
      if (words.slice(Math.max(0, at - 4), at + phrase.length + 4).some((word) => SERVICE_NOUNS.has(word))) return true;
    }
  }
  return false;
}

// Where one clause ends and the next starts: punctuation, and the words that join clauses ("aunque", "but").
const CLAUSE_BOUNDARY =
  /[.,;:!?¡¿()\n]+|(?<![\p{L}\p{N}])(?:aunque|pero|sino|porque|pues|ya que|adem[aá]s|although|though|but|because|however|y|e|and)(?![\p{L}\p{N}])/giu;
// A clause of only these is a piece of a longer subject ("mi fibra y mi teléfono no funcionan"), not a clause.
const FRAGMENT_WORDS = new Set(['el', 'la', 'los', 'las', 'mi', 'mis', 'tu', 'su', 'the', 'my', 'our', 'your', 'a', 'an', 'un', 'una']);

interface Clause {
  start: number;
  end: number;
  words: string[];
}

function clausesOf(text: string): Clause[] {
  const pieces: Clause[] = [];
  let from = 0;
  const cut = (to: number) => {
    const piece = text.slice(from, to);
    const lead = piece.length - piece.trimStart().length;
    const words = normaliseWords(piece);
    if (words.length > 0) pieces.push({ start: from + lead, end: from + piece.trimEnd().length, words });
  };
  for (const match of text.matchAll(CLAUSE_BOUNDARY)) {
    cut(match.index);
    from = match.index + match[0].length;
  }
  cut(text.length);
  const fragment = (clause: Clause) =>
    clause.words.every((word) => FRAGMENT_WORDS.has(word) || SERVICE_NOUNS.has(word) || PRODUCT_WORDS.has(word));
  const clauses: Clause[] = [];
  for (const piece of pieces) {
    const last = clauses.at(-1);
    if (last && fragment(last)) clauses[clauses.length - 1] = { start: last.start, end: piece.end, words: [...last.words, ...piece.words] };
    else clauses.push(piece);
  }
  const last = clauses.at(-1);
  const beforeLast = clauses.at(-2);
  if (last && beforeLast && fragment(last))
    clauses.splice(-2, 2, { start: beforeLast.start, end: last.end, words: [...beforeLast.words, ...last.words] });
  return clauses;
}

function isConditional(clause: Clause): boolean {
  return CONDITIONALS.some((opening) => opening.every((word, k) => clause.words[k] === word));
}

/**
 * A message read for a fault: the fault in the person's own words (from the first clause that reports it to the
 * last), and the clauses around it, which keep their own meaning: in "quiero pasarme a vuestra fibra, aunque el
 * router que tengo va fatal" the fibre is wanted and the router is the fault. A fault that only shows across
 * clauses ("el router, desde ayer, no funciona") is the whole message.
 */
export function readFault(text: string): { fault: string | null; others: string[] } {
  const clauses = clausesOf(text);
  const stated = clauses.filter((clause) => !isConditional(clause));
  const faulty = stated.filter((clause) => wordsReportFault(clause.words));
  if (faulty.length > 0) {
    const start = faulty[0]!.start;
    const end = faulty.at(-1)!.end;
    return {
      fault: text.slice(start, end),
      others: clauses.filter((c) => c.end <= start || c.start >= end).map((c) => text.slice(c.start, c.end)),
    };
  }
  if (wordsReportFault(stated.flatMap((clause) => clause.words))) return { fault: text.trim(), others: [] };
  return { fault: null, others: [text] };
}

/** "el router no funciona", "no tengo internet", "avería en la línea", "my broadband is down", said anywhere in the message. */
export function reportsFault(text: string): boolean {
  return readFault(text).fault !== null;
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
