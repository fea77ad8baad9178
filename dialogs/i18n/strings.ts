import type { Language } from './language';

type Params = Record<string, string>;
type Text = string | ((p: Params) => string);

/** Everything the bot says, in both languages; a key missing in one language fails type-checking. */
const es = {
  greetingNew:
    '¡Hola! Soy el asistente de llamadas. Conmigo decides cuándo te llamamos, o si prefieres que no lo hagamos. Para no recibir ningún contacto más, escribe «baja» cuando quieras.',
  greetingReturning: '¡Hola de nuevo! Recuerda que si no quieres que te contactemos más, basta con escribir «baja».',
  help:
    'Puedo: acordar cuándo te llamamos («mañana por la tarde», «el jueves a las 10»), cambiar o cancelar esa llamada («mejor el viernes», «cancela la llamada»), decirte de dónde sacamos tus datos, enviarte una copia o borrarlos, y dejar de contactarte para siempre («baja»). «empezar de nuevo» reinicia la conversación.',
  startOver: 'De acuerdo, empezamos de nuevo.',
  turnError: 'Lo siento, algo ha fallado por nuestra parte y no he podido completar tu petición. ¿Puedes intentarlo de nuevo?',
  askPhone: '¿A qué número te llamamos? Por ejemplo: 612 345 678 o +34 612 345 678.',
  phoneInvalid: (p: Params) => `«${p.input}» no parece un número de teléfono válido, y no lo he guardado. Escríbelo con prefijo, por ejemplo: +34 612 345 678.`,
  existingCustomer: (p: Params) =>
    `Veo que ya eres cliente nuestro, así que no te vamos a llamar para ofrecerte nada. Para cualquier gestión, nuestro servicio de atención al cliente te atiende en ${p.service}.`,
  askConsent: (p: Params) =>
    `¿Nos das permiso para llamarte al ${p.phone} para hablar de nuestras ofertas? Puedes retirarlo cuando quieras escribiendo «baja».`,
  consentYes: 'Sí, podéis llamarme',
  consentNo: 'No, gracias',
  consentDeclined: 'Entendido: no te llamaremos. Si cambias de idea, escríbeme.',
  askZone: '¿En qué zona horaria estás? Así te llamamos a tu hora.',
  askWhen: '¿Cuándo te viene bien que te llamemos? Dímelo con tus palabras: «mañana por la tarde», «el jueves a las 10», «ahora»…',
  whenNotUnderstood: 'No he entendido cuándo. Prueba con algo como «mañana a las 10», «el viernes por la tarde» o «lo antes posible».',
  whenChoiceAsap: 'Lo antes posible',
  whenChoiceTomorrowMorning: 'Mañana por la mañana',
  whenChoiceTomorrowAfternoon: 'Mañana por la tarde',
  offerNear: 'Estos son los huecos libres más cercanos a lo que me pides. ¿Cuál prefieres?',
  offerAsap: 'Lo antes que podemos llamarte es en uno de estos huecos. ¿Cuál prefieres?',
  otherTime: 'Otro momento',
  noSlots: 'Ahora mismo no tengo huecos libres en las próximas semanas. Vuelve a escribirme en unos días y lo buscamos.',
  pickNotUnderstood: 'No sé cuál de los huecos quieres. Pulsa uno, escribe «la primera», «la segunda»… o dime otro momento.',
  outsideLawfulHours: (p: Params) => `No llamamos a esa hora: solo llamamos entre las ${p.hours} (tu hora local).`,
  lawfulRestDay: 'Ese día no hacemos llamadas comerciales: solo de lunes a viernes.',
  lawfulHoliday: 'Ese día es festivo donde estás, y los festivos no llamamos.',
  teamClosed: 'A esa hora no hay nadie del equipo para llamarte.',
  tooSoon: 'Es demasiado pronto: necesitamos un poco de margen para preparar la llamada.',
  beyondHorizon: 'Aún no podemos reservar tan lejos.',
  slotFull: 'Ese hueco ya está completo.',
  slotTaken: 'Vaya, ese hueco se acaba de ocupar.',
  confirmed: (p: Params) =>
    `¡Hecho! Te llamaremos el ${p.when} al ${p.phone}. Si quieres cambiarlo o cancelarlo, escríbemelo aquí cuando quieras («mejor el viernes», «cancela la llamada»).`,
  rescheduled: (p: Params) => `Cambiado: ahora te llamaremos el ${p.when}. La hora anterior ha quedado libre.`,
  cancelled: (p: Params) => `Cancelada: ya no te llamaremos el ${p.when}. Si quieres otra hora, dímela cuando quieras.`,
  nothingToCancel: 'No tienes ninguna llamada pendiente.',
  returningWithBooking: (p: Params) => `Tienes una llamada el ${p.when}. ¿La mantenemos?`,
  keepCallback: 'Mantenerla',
  changeCallback: 'Cambiar la hora',
  cancelCallback: 'Cancelarla',
  kept: (p: Params) => `Perfecto, te llamaremos el ${p.when}.`,
  optedOutEarlier: 'Nos pediste que no te contactáramos. Si ahora quieres que te llamemos, dime «sí» y lo anotamos.',
} satisfies Record<string, Text>;

const en: Record<keyof typeof es, Text> = {
  greetingNew:
    "Hi! I'm the callback assistant. With me you decide when we call you, or whether we call at all. To stop all contact, type \"stop\" at any time.",
  greetingReturning: 'Welcome back! Remember: if you do not want us to contact you any more, just type "stop".',
  help:
    'I can: arrange when we call you ("tomorrow afternoon", "Thursday at 10"), change or cancel that call ("Friday would be better", "cancel the call"), tell you where we got your details, send you a copy or erase them, and stop contacting you for good ("stop"). "start over" restarts the conversation.',
  startOver: "OK, let's start over.",
  turnError: 'Sorry, something went wrong on our side and I could not finish your request. Could you try again?',
  askPhone: 'Which number should we call? For example: +1 212 555 0100 or +34 612 345 678.',
  phoneInvalid: (p) => `"${p.input}" does not look like a valid phone number, and I have not stored it. Please write it with the country code, for example: +1 212 555 0100.`,
  existingCustomer: (p) => `I see you are already a customer of ours, so we will not call you with offers. For anything you need, customer service is at ${p.service}.`,
  askConsent: (p) => `May we call you on ${p.phone} to talk about our offers? You can withdraw this at any time by typing "stop".`,
  consentYes: 'Yes, you may call me',
  consentNo: 'No, thanks',
  consentDeclined: 'Understood: we will not call you. If you change your mind, just write to me.',
  askZone: 'Which time zone are you in? So we call you at your time.',
  askWhen: 'When would you like us to call you? Say it in your own words: "tomorrow afternoon", "Thursday at 10", "now"…',
  whenNotUnderstood: 'I did not catch when. Try something like "tomorrow at 10", "Friday afternoon" or "as soon as possible".',
  whenChoiceAsap: 'As soon as possible',
  whenChoiceTomorrowMorning: 'Tomorrow morning',
  whenChoiceTomorrowAfternoon: 'Tomorrow afternoon',
  offerNear: 'These are the free times nearest to what you asked for. Which one suits you?',
  offerAsap: 'The soonest we can call you is at one of these times. Which one suits you?',
  otherTime: 'Another time',
  noSlots: 'I have no free times in the coming weeks right now. Write to me again in a few days and we will find one.',
  pickNotUnderstood: 'I am not sure which time you want. Tap one, type "the first", "the second"… or tell me another time.',
  outsideLawfulHours: (p) => `We do not call at that time: we only call between ${p.hours} (your local time).`,
  lawfulRestDay: 'We do not make sales calls on that day: Monday to Friday only.',
  lawfulHoliday: 'That day is a public holiday where you are, and we do not call on holidays.',
  teamClosed: 'Nobody from the team is available to call you at that time.',
  tooSoon: 'That is too soon: we need a little time to prepare the call.',
  beyondHorizon: 'We cannot book that far ahead yet.',
  slotFull: 'That time is already fully booked.',
  slotTaken: 'Sorry, that time was just taken.',
  confirmed: (p) => `Done! We will call you on ${p.when} on ${p.phone}. To change or cancel it, just tell me here at any time ("Friday would be better", "cancel the call").`,
  rescheduled: (p) => `Changed: we will now call you on ${p.when}. The previous time has been released.`,
  cancelled: (p) => `Cancelled: we will no longer call you on ${p.when}. If you want another time, just tell me.`,
  nothingToCancel: 'You have no pending call.',
  returningWithBooking: (p) => `You have a call on ${p.when}. Shall we keep it?`,
  keepCallback: 'Keep it',
  changeCallback: 'Change the time',
  cancelCallback: 'Cancel it',
  kept: (p) => `Great, we will call you on ${p.when}.`,
  optedOutEarlier: 'You asked us not to contact you. If you now want us to call you, say "yes" and we will note it.',
};

export const STRINGS: Record<Language, Record<StringKey, Text>> = { es, en };
export type StringKey = keyof typeof es;

export function say(language: Language, key: StringKey, params: Params = {}): string {
  const text = STRINGS[language][key];
  return typeof text === 'function' ? text(params) : text;
}
