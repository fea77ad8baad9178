import type { Language } from '../../services/language/language';

/**
 * The WhatsApp adapter's own few words, in es and en, in this one place: what the dialogs say comes from
 * dialogs/i18n/strings.ts; these are only what the channel adds (the list's button, a question without
 * text, the answer to a photo or a voice note, which never reaches the dialogs).
 */
export const WHATSAPP_WORDING: Record<Language, { listButton: string; choose: string; textOnly: string }> = {
  es: {
    listButton: 'Ver opciones',
    choose: 'Elige una opción:',
    textOnly: 'Perdona, solo puedo leer mensajes de texto. ¿Me lo escribes?',
  },
  en: {
    listButton: 'See options',
    choose: 'Choose one:',
    textOnly: 'Sorry, I can only read text messages. Could you type it?',
  },
};

// Country calling codes where Spanish is the language: a person we have not read yet is answered in it.
const SPANISH_SPEAKING = [
  '34',
  '52',
  '54',
  '56',
  '57',
  '51',
  '58',
  '593',
  '502',
  '53',
  '591',
  '504',
  '595',
  '503',
  '505',
  '506',
  '507',
  '598',
  '240',
  '1809',
  '1829',
  '1849',
  '1787',
  '1939',
];

/** For a message with no words to read: what we remember of the person, else their number's country. */
export function languageForNumber(waId: string, remembered: Language | undefined): Language {
  if (remembered) return remembered;
  return SPANISH_SPEAKING.some((code) => waId.startsWith(code)) ? 'es' : 'en';
}
