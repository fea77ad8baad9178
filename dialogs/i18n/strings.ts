import type { Language } from '../../services/language/language';

type Params = Record<string, string>;
type Text = string | ((p: Params) => string);

/** Everything the bot says, in both languages; a key missing in one language fails type-checking. */
const es = {
  greetingNew:
    '¡Hola! Soy el asistente de llamadas. Conmigo decides cuándo te llamamos, o si prefieres que no lo hagamos. Para no recibir ningún contacto más, escribe «baja» cuando quieras.',
  greetingReturning: '¡Hola de nuevo! Recuerda que si no quieres que te contactemos más, basta con escribir «baja».',
  help: 'Puedo: acordar cuándo te llamamos («mañana por la tarde», «el jueves a las 10»), cambiar o cancelar esa llamada («mejor el viernes», «cancela la llamada»), decirte de dónde sacamos tus datos, enviarte una copia o borrarlos, y dejar de contactarte para siempre («baja»). «empezar de nuevo» reinicia la conversación.',
  startOver: 'De acuerdo, empezamos de nuevo.',
  faultNoted: 'Siento lo que cuentas. Lo he anotado para que la persona que te llame lo sepa antes de hablar contigo.',
  turnError: 'Lo siento, algo ha fallado por nuestra parte y no he podido completar tu petición. ¿Puedes intentarlo de nuevo?',
  askPhone: '¿A qué número te llamamos? Por ejemplo: 612 345 678 o +34 612 345 678.',
  phoneInvalid: (p: Params) =>
    `«${p.input}» no parece un número de teléfono válido, y no lo he guardado. Escríbelo con prefijo, por ejemplo: +34 612 345 678.`,
  customerServiceFallback: 'el teléfono de atención al cliente que aparece en tu factura',
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
  pickWhich: '¿Cuál de estos huecos te viene bien? Pulsa uno o escribe «la primera», «la segunda»…',
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
  reminder: (p: Params) => `Te recordamos que te llamaremos el ${p.when}. ¿La mantenemos?`,
  movedByUs: (p: Params) => `Hemos tenido que cambiar tu llamada: ahora te llamaremos el ${p.when}. ¿Te va bien?`,
  retryPlanned: (p: Params) =>
    `Te hemos llamado y no hemos podido hablar contigo. Volveremos a intentarlo el ${p.when}. Si prefieres otro momento, dímelo.`,
  unreachable:
    'Lo hemos intentado varias veces y no hemos conseguido hablar contigo, así que no volveremos a llamarte por ahora. Si quieres que te llamemos, dime cuándo te viene bien.',
  apology: (p: Params) =>
    `Te prometimos llamarte el ${p.when} y no lo hicimos. Lo sentimos de verdad. ¿Te llamamos en uno de estos momentos?`,
  lateApology: (p: Params) => `Tu llamada era el ${p.when} y aún no te hemos llamado. Lo sentimos. ¿Te llamamos en uno de estos momentos?`,
  returningWithBooking: (p: Params) => `Tienes una llamada el ${p.when}. ¿La mantenemos?`,
  bookedWithOtherTeam: (p: Params) =>
    `Ya tienes una llamada con ${p.team} el ${p.when}, así que no te reservo otra. ¿La mantenemos, la cambiamos de hora o la cancelamos?`,
  keepCallback: 'Mantenerla',
  changeCallback: 'Cambiar la hora',
  cancelCallback: 'Cancelarla',
  kept: (p: Params) => `Perfecto, te llamaremos el ${p.when}.`,
  optedOutEarlier: 'Nos pediste que no te contactáramos. Si ahora quieres que te llamemos, dime «sí» y lo anotamos.',
  optOutDone:
    'Hecho: he registrado que no quieres que te contactemos, por ningún canal. Si algún día cambias de idea, escríbeme «quiero que me llaméis» y lo anotamos.',
  optOutCancelled: (p: Params) => `También he cancelado tu llamada del ${p.when}.`,
  optOutNoRecord: 'Hecho: no te contactaremos. No tenemos tu número guardado, así que no hay nada más que cancelar.',
  optOutFailed:
    'Lo siento: no he podido registrar tu petición ahora mismo, y no quiero decirte que está hecho sin estarlo. Por favor, escríbeme «baja» otra vez en unos minutos.',
  cancelWhich: '¿Qué quieres cancelar?',
  cancelOnlyCall: (p: Params) => `Solo la llamada del ${p.when}`,
  stopAllContact: 'Que no me contactéis más',
  optInDone: 'Anotado: podemos volver a llamarte.',
  provenanceAnswer: (p: Params) =>
    `Tenemos tu número porque ${p.how}, el ${p.date}${p.campaign ? ` (campaña «${p.campaign}»)` : ''}${p.detail ? `: ${p.detail}` : ''}. Si quieres, puedo enviarte una copia de todo lo que tenemos sobre ti («copia de mis datos») o borrarlo («borrad mis datos»).`,
  provenanceUnknown: 'No tenemos tu número ni otros datos tuyos guardados: solo esta conversación.',
  sourceWebForm: 'lo dejaste en un formulario de contacto',
  sourceCampaign: 'nos llegó en una campaña',
  sourceImport: 'lo incorporamos desde una lista de contactos',
  sourceBot: 'nos lo diste tú en este chat',
  sourceAdmin: 'lo registró una persona de nuestro equipo',
  confirmExport: '¿Te envío aquí una copia de todos los datos que tenemos sobre ti?',
  exportReady: 'Aquí tienes una copia de todos los datos que tenemos sobre ti.',
  confirmErase:
    'Esto borrará tus datos, tus llamadas pendientes y lo que recordamos de nuestras conversaciones. Solo guardaremos una huella cifrada de tu número, para no volver a llamarte. ¿Lo borro?',
  eraseDone: 'Hecho: he borrado tus datos. Solo guardamos una huella cifrada de tu número, para asegurarnos de no contactarte.',
  nothingHeld: 'No tenemos datos tuyos guardados.',
  notDone: 'De acuerdo, no hago nada.',
  rightsFailed: 'Lo siento: no he podido completarlo ahora mismo. Inténtalo de nuevo en unos minutos.',
  yes: 'Sí',
  no: 'No',
  optOutNumberAsk: '¿A qué número no debemos llamar? Escríbelo y dejará de recibir llamadas nuestras.',
  optOutNumberDeclined:
    'De acuerdo. Sin el número no puedo dar ninguno de baja; si más adelante quieres hacerlo, escribe «baja» y dime cuál.',
  optOutUndisclosed:
    'Hecho: no llamaremos a ese número. Si el número es tuyo y quieres saber qué teníamos o recibir tus datos, puedo comprobarlo con un código.',
  optOutNotice:
    'Alguien nos ha pedido desde otro canal que no te llamemos más, y lo hemos hecho: no te contactaremos. Si no fuiste tú y quieres seguir recibiendo nuestras llamadas, responde DESHACER.',
  verifyNeeded: 'Para eso necesito comprobar que el número es tuyo.',
  verifyAskPhone: '¿Cuál es tu número? Te enviaré un código para comprobar que es tuyo.',
  verifySent: (p: Params) => `Te he enviado un código de 6 cifras por ${p.channel} al ${p.phone}. Escríbelo aquí (caduca en 10 minutos).`,
  verifyWrong: (p: Params) => `Ese código no es correcto. Te quedan ${p.left} intentos.`,
  verifyExpired: 'Ese código ya no vale (caducado o sin intentos). Si quieres, pídeme uno nuevo más tarde.',
  verifyRateLimited: 'Ya he enviado varios códigos a ese número hace poco. Inténtalo de nuevo dentro de una hora.',
  verifySendFailed: 'No he podido enviar el código ahora mismo. Inténtalo de nuevo en unos minutos.',
  verifyUnavailable: 'Aquí no puedo comprobar que el número es tuyo. Escríbenos por WhatsApp desde ese mismo número y te atenderemos allí.',
  verifyDone: 'Listo: he comprobado que el número es tuyo.',
  verifyNotACode: 'Escribe el código de 6 cifras que te he enviado, o «empezar de nuevo» para dejarlo.',
  heldElsewhere: 'Este número ya tiene algo pendiente con nosotros. Para verlo o cambiarlo necesito comprobar que el número es tuyo.',
  channelSms: 'SMS',
  channelWhatsApp: 'WhatsApp',
  pageTitle: 'Asistente de llamadas',
  pageIntro: 'Dinos cuándo te viene bien que te llamemos, o si prefieres que no lo hagamos.',
  pageStopLine: 'Escribe «baja» en cualquier momento para que no te contactemos más.',
  pageChatLabel: 'Conversación con el asistente de llamadas',
  pageConnectionLost: 'Se ha perdido la conexión. Recarga la página para seguir donde lo dejaste.',
  tenantRefused:
    'Lo siento: este asistente no está disponible para tu organización. Si crees que es un error, habla con el administrador de Teams de tu empresa.',
  problemPending: 'La avería que nos contaste sigue anotada para quien te llame, que la conocerá antes de hablar contigo.',
  whenNotChosen: 'Todavía no has elegido una hora para que te llamemos.',
  whenBooked: (p: Params) => `Te llamaremos el ${p.when}. ¿La mantenemos, o prefieres cambiar la hora o cancelarla?`,
  whenNeedsNumber: 'Para decirte cuándo te llamamos necesito saber quién eres.',
} satisfies Record<string, Text>;

const en: Record<keyof typeof es, Text> = {
  greetingNew:
    'Hi! I\'m the callback assistant. With me you decide when we call you, or whether we call at all. To stop all contact, type "stop" at any time.',
  greetingReturning: 'Welcome back! Remember: if you do not want us to contact you any more, just type "stop".',
  help: 'I can: arrange when we call you ("tomorrow afternoon", "Thursday at 10"), change or cancel that call ("Friday would be better", "cancel the call"), tell you where we got your details, send you a copy or erase them, and stop contacting you for good ("stop"). "start over" restarts the conversation.',
  startOver: "OK, let's start over.",
  faultNoted: "I'm sorry to hear that. I've noted it, so whoever calls you knows about it before they speak to you.",
  turnError: 'Sorry, something went wrong on our side and I could not finish your request. Could you try again?',
  askPhone: 'Which number should we call? For example: +1 212 555 0100 or +34 612 345 678.',
  phoneInvalid: (p) =>
    `"${p.input}" does not look like a valid phone number, and I have not stored it. Please write it with the country code, for example: +1 212 555 0100.`,
  customerServiceFallback: 'the customer service number on your bill',
  existingCustomer: (p) =>
    `I see you are already a customer of ours, so we will not call you with offers. For anything you need, customer service is at ${p.service}.`,
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
  pickWhich: 'Which of these times suits you? Tap one or type "the first", "the second"…',
  outsideLawfulHours: (p) => `We do not call at that time: we only call between ${p.hours} (your local time).`,
  lawfulRestDay: 'We do not make sales calls on that day: Monday to Friday only.',
  lawfulHoliday: 'That day is a public holiday where you are, and we do not call on holidays.',
  teamClosed: 'Nobody from the team is available to call you at that time.',
  tooSoon: 'That is too soon: we need a little time to prepare the call.',
  beyondHorizon: 'We cannot book that far ahead yet.',
  slotFull: 'That time is already fully booked.',
  slotTaken: 'Sorry, that time was just taken.',
  confirmed: (p) =>
    `Done! We will call you on ${p.when} on ${p.phone}. To change or cancel it, just tell me here at any time ("Friday would be better", "cancel the call").`,
  rescheduled: (p) => `Changed: we will now call you on ${p.when}. The previous time has been released.`,
  cancelled: (p) => `Cancelled: we will no longer call you on ${p.when}. If you want another time, just tell me.`,
  nothingToCancel: 'You have no pending call.',
  reminder: (p) => `A reminder: we will call you on ${p.when}. Shall we keep it?`,
  movedByUs: (p) => `We had to move your call: we will now call you on ${p.when}. Does that work for you?`,
  retryPlanned: (p) => `We called you and could not reach you. We will try again on ${p.when}. If another time suits you better, tell me.`,
  unreachable:
    'We tried several times and could not reach you, so we will not call again for now. If you would like a call, tell me when suits you.',
  apology: (p) => `We promised to call you on ${p.when} and we did not. We are truly sorry. Shall we call you at one of these times?`,
  lateApology: (p) =>
    `Your call was due on ${p.when} and we have not called you yet. We are sorry. Shall we call you at one of these times?`,
  returningWithBooking: (p) => `You have a call on ${p.when}. Shall we keep it?`,
  bookedWithOtherTeam: (p) =>
    `You already have a call with ${p.team} on ${p.when}, so I will not book another. Shall we keep it, change the time or cancel it?`,
  keepCallback: 'Keep it',
  changeCallback: 'Change the time',
  cancelCallback: 'Cancel it',
  kept: (p) => `Great, we will call you on ${p.when}.`,
  optedOutEarlier: 'You asked us not to contact you. If you now want us to call you, say "yes" and we will note it.',
  optOutDone:
    'Done: I have recorded that you do not want us to contact you, on any channel. If you ever change your mind, write "you can call me again" and we will note it.',
  optOutCancelled: (p) => `I have also cancelled your call on ${p.when}.`,
  optOutNoRecord: 'Done: we will not contact you. We do not hold your number, so there is nothing else to cancel.',
  optOutFailed:
    'Sorry: I could not record your request right now, and I will not tell you it is done when it is not. Please write "stop" again in a few minutes.',
  cancelWhich: 'What would you like to cancel?',
  cancelOnlyCall: (p) => `Only the call on ${p.when}`,
  stopAllContact: 'Stop all contact',
  optInDone: 'Noted: we may call you again.',
  provenanceAnswer: (p) =>
    `We have your number because ${p.how}, on ${p.date}${p.campaign ? ` (campaign "${p.campaign}")` : ''}${p.detail ? `: ${p.detail}` : ''}. If you like, I can send you a copy of everything we hold about you ("copy of my data") or erase it ("delete my data").`,
  provenanceUnknown: 'We do not hold your number or any other data of yours: only this conversation.',
  sourceWebForm: 'you left it in a contact form',
  sourceCampaign: 'it came to us in a campaign',
  sourceImport: 'we imported it from a contact list',
  sourceBot: 'you gave it to us in this chat',
  sourceAdmin: 'someone in our team recorded it',
  confirmExport: 'Shall I send you here a copy of all the data we hold about you?',
  exportReady: 'Here is a copy of all the data we hold about you.',
  confirmErase:
    'This erases your data, your pending calls and what we remember of our conversations. We keep only an encrypted fingerprint of your number, so that we never call it again. Shall I erase it?',
  eraseDone: 'Done: your data is erased. We keep only an encrypted fingerprint of your number, to make sure we do not contact you.',
  nothingHeld: 'We do not hold any data of yours.',
  notDone: 'OK, I will leave things as they are.',
  rightsFailed: 'Sorry: I could not complete that right now. Please try again in a few minutes.',
  yes: 'Yes',
  no: 'No',
  optOutNumberAsk: 'Which number should we not call? Type it and it will get no more calls from us.',
  optOutNumberDeclined: 'All right. Without the number I cannot stop calls to it; if you want to later, type "stop" and tell me which one.',
  optOutUndisclosed:
    'Done: we will not call that number. If the number is yours and you want to know what we held or get your data, I can check it with a code.',
  optOutNotice:
    'Someone asked us on another channel to stop calling you, and we have: we will not contact you. If it was not you and you still want our calls, reply UNDO.',
  verifyNeeded: 'For that I need to check that the number is yours.',
  verifyAskPhone: 'What is your number? I will send you a code to check that it is yours.',
  verifySent: (p) => `I have sent a 6-digit code by ${p.channel} to ${p.phone}. Type it here (it expires in 10 minutes).`,
  verifyWrong: (p) => `That code is not right. You have ${p.left} tries left.`,
  verifyExpired: 'That code is no longer valid (expired or out of tries). Ask me for a new one later if you like.',
  verifyRateLimited: 'I have sent several codes to that number recently. Please try again in an hour.',
  verifySendFailed: 'I could not send the code right now. Please try again in a few minutes.',
  verifyUnavailable:
    'I cannot check here that the number is yours. Write to us on WhatsApp from that same number and we will help you there.',
  verifyDone: 'Done: I have checked that the number is yours.',
  verifyNotACode: 'Type the 6-digit code I sent you, or "start over" to leave it.',
  heldElsewhere: 'This number already has something pending with us. To see or change it I need to check that the number is yours.',
  channelSms: 'SMS',
  channelWhatsApp: 'WhatsApp',
  pageTitle: 'Callback assistant',
  pageIntro: 'Tell us when you would like us to call you, or whether we should not call at all.',
  pageStopLine: 'Type "stop" at any time and we will not contact you again.',
  pageChatLabel: 'Conversation with the callback assistant',
  pageConnectionLost: 'The connection was lost. Reload the page to carry on where you left off.',
  tenantRefused:
    "Sorry: this assistant is not available to your organisation. If you think this is a mistake, ask your company's Teams administrator.",
  problemPending: 'The fault you told us about is still noted for whoever calls you, so they know about it before they speak to you.',
  whenNotChosen: 'You have not chosen a time yet for us to call you.',
  whenBooked: (p) => `We will call you on ${p.when}. Shall we keep it, or would you rather change the time or cancel it?`,
  whenNeedsNumber: 'To tell you when we call, I need to know who you are.',
};

export const STRINGS: Record<Language, Record<StringKey, Text>> = { es, en };
export type StringKey = keyof typeof es;

export function say(language: Language, key: StringKey, params: Params = {}): string {
  const text = STRINGS[language][key];
  return typeof text === 'function' ? text(params) : text;
}
