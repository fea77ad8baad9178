import { recogniseRightsIntent } from '../../../../services/consent/recogniser';

const nothingPending = { hasPendingCallback: false };

/**
 * A negated call with a time, a place or "better/mejor/instead" is a reschedule; a negated opt-out is
 * not an opt-out; a keyword inside a longer sentence is not the keyword. These go to the scheduling
 * dialog (null) or to another right, never to opt-out.
 */
const notOptOuts: [string, string | null][] = [
  ['no me llaméis mañana, mejor el jueves', null],
  ['no me llames por la mañana', null],
  ['no me llaméis antes de las 6', null],
  ['no me llames hoy', null],
  ['no me llamen al trabajo, llamadme al móvil', null],
  ['no me llames ahora, estoy conduciendo', null],
  ['no me llaméis más tarde de las 8', null],
  ['no quiero que me llaméis por la tarde', null],
  ['dejad de llamarme al fijo, mejor al móvil', null],
  ['¿me podéis llamar más tarde?', null],
  ['no quiero cancelar la llamada', null],
  ['no me des de baja', null],
  ['no quiero darme de baja', null],
  ['No me quiero dar de baja', null],
  ['estoy de baja por maternidad', null],
  ['baja la voz', null],
  ['¿por qué no me llamáis?', null],
  ['mejor el viernes por la tarde', null],
  ['llámame el lunes', null],
  ['darme de alta', 'opt_in'],
  ["don't call me before 6pm", null],
  ["don't call me tomorrow, Friday is better", null],
  ['do not call me at work', null],
  ['please dont call me in the morning', null],
  ["don't call me now, I'm driving", null],
  ['do not call me again until Monday', null],
  ['stop calling me at work, call my mobile', null],
  ['can you stop by the office?', null],
  ['the bus stop is near', null],
  ["I don't want to unsubscribe", null],
  ["I didn't mean to opt out", null],
  ['end of the week works', null],
  ['call me at the end of the day', null],
  ["I'll end up busy tomorrow", null],
  ['quit my job last week, call me whenever', null],
  ["don't call me sir", null],
  ["why don't you call me tomorrow", null],
  ['call me tomorrow', null],
  ['cancel the call', null],
  ['por favor no me llamen a la hora de comer', null],
  ['no me llaméis en horario laboral', null],
  ['no me llames tan temprano', null],
  ['no quiero que me llames el viernes', null],
  ['estoy de baja hasta el lunes, llamadme el martes', null],
  ['no, mejor mañana', null],
  // "no más" answers "¿algo más?" as often as it refuses calls; the dialog's own question settles it.
  ['no más', null],
  ["don't call again before friday", null],
  ["don't call me on weekends", null],
  ["don't call so early", null],
  ['stop at 5', null],
  ["I'd like to end the call", null],
  ['stop sending me messages on whatsapp, call instead', null],
  ['hola', null],
  ['', null],
  ['👍', null],
];

describe('near-misses that are not opt-outs', () => {
  it.each(notOptOuts)('%p → %p', (text, kind) => {
    expect(recogniseRightsIntent(text, nothingPending)?.kind ?? null).toBe(kind);
  });
});
