import type { Language } from './language';

/** Everything the bot says, in both languages; a key missing in one language fails type-checking. */
export const STRINGS = {
  es: {
    greetingNew:
      '¡Hola! Soy el asistente de llamadas. Conmigo decides cuándo te llamamos, o si prefieres que no lo hagamos. Escribe «ayuda» para ver lo que puedo hacer.',
    greetingReturning: '¡Hola de nuevo! Escribe «ayuda» si quieres ver lo que puedo hacer.',
    help:
      'Puedo ayudarte a elegir cuándo quieres que te llamemos. Escribe en tus palabras lo que necesites. «ayuda» muestra este mensaje.',
    turnError: 'Lo siento, algo ha fallado por nuestra parte y no he podido completar tu petición. ¿Puedes intentarlo de nuevo?',
  },
  en: {
    greetingNew:
      "Hi! I'm the callback assistant. With me you decide when we call you, or whether we call at all. Type \"help\" to see what I can do.",
    greetingReturning: 'Welcome back! Type "help" to see what I can do.',
    help: 'I can help you choose when you would like us to call you. Tell me in your own words what you need. "help" shows this message.',
    turnError: 'Sorry, something went wrong on our side and I could not finish your request. Could you try again?',
  },
} as const satisfies Record<Language, Record<string, string>>;

export type StringKey = keyof (typeof STRINGS)['es'];

export function say(language: Language, key: StringKey): string {
  return STRINGS[language][key];
}
