import enData from './phrases.en.json';
import esData from './phrases.es.json';
import { parsePhraseBook, PhraseBook } from './phraseBookSchema';

/**
 * Parsed at module load: a malformed phrase file must stop the process before the first message,
 * not surface as an opt-out the bot failed to hear. Spanish is consulted first: it is the majority of
 * our traffic, and an English keyword inside a Spanish message is still caught by the English book.
 */
export const PHRASE_BOOKS: readonly PhraseBook[] = [parsePhraseBook(esData, 'es'), parsePhraseBook(enData, 'en')];
