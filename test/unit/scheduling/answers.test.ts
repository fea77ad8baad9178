import { asksWhenWeCall, isPlainYes, yesOrNo } from '../../../dialogs/scheduling/answers';

describe('a yes, a no, and a yes with nothing else', () => {
  // [what the person types, yesOrNo, isPlainYes]: a plain yes takes the offered time that is exactly the
  // one asked for; a yes with more in it ("sí, la segunda", "ok but tomorrow") is read for that more.
  it.each([
    ['sí', true, true],
    ['Sí.', true, true],
    ['vale', true, true],
    ['ok', true, true],
    ['OK!', true, true],
    ['perfecto', true, true],
    ['de acuerdo', true, true],
    ['genial', true, true],
    ['me va bien', true, true],
    ['vale, gracias', true, true],
    ['sí, esa', true, true],
    ['sí por favor', true, true],
    ['claro que sí', true, true],
    ['sí, la segunda', true, false],
    ['vale, pero mejor el viernes', true, false],
    ['sí, a las 10:30', true, false],
    ['no', false, false],
    ['no, gracias', false, false],
    ['ya vale', null, false],
    ['la primera', null, false],
  ])('es %p → %p, plain %p', (text, yes, plain) => {
    expect(yesOrNo(text)).toBe(yes);
    expect(isPlainYes(text)).toBe(plain);
  });

  it.each([
    ['yes', true, true],
    ['Yes please', true, true],
    ['yeah', true, true],
    ['sure', true, true],
    ['fine', true, true],
    ['perfect', true, true],
    ['sounds good', true, true],
    ['ok thanks', true, true],
    ["ok, that's fine", true, true],
    ['yep, that one', true, true],
    ['sure, the second one', true, false],
    ['ok but tomorrow', true, false],
    ['yes, at 11', true, false],
    ['no', false, false],
    ['no thanks', false, false],
    ['not sure', null, false],
    ['the first', null, false],
  ])('en %p → %p, plain %p', (text, yes, plain) => {
    expect(yesOrNo(text)).toBe(yes);
    expect(isPlainYes(text)).toBe(plain);
  });
});

describe('"when will you call me?": asking what is booked, not giving a time', () => {
  it.each([
    '¿Cuándo me vais a llamar?',
    'cuando me vais a llamar',
    '¿Cuándo me llamáis?',
    '¿y cuándo me llamaréis?',
    '¿Cuándo me van a llamar?',
    '¿cuándo me llaman?',
    'Oye, ¿cuándo me llamas?',
    '¿Cuándo podéis llamarme?',
    '¿A qué hora me llamáis?',
    '¿a qué hora me vais a llamar?',
    '¿Qué día me llamáis?',
    '¿Cuándo es la llamada?',
    '¿para cuándo es mi cita?',
    '¿A qué hora era la llamada?',
    '¿Tengo alguna llamada pendiente?',
    'sigo sin saber cuándo me llamáis',
    'When will you call me?',
    'when are you going to call me',
    'When are you calling?',
    'So when do you call me?',
    'What time will you call?',
    'What day are you calling me?',
    "When's my call?",
    'when is my callback',
    'What time is the call?',
    'When will I get a call?',
    'when am I getting my callback?',
    'When can I expect a call?',
    'Do I have a call booked?',
  ])('«%s» asks', (text) => expect(asksWhenWeCall(text)).toBe(true));

  it.each([
    'llamadme cuando queráis',
    'cuando me llaméis, preguntad por Ana',
    'llámame mañana a las 10',
    '¿me podéis llamar el jueves?',
    '¿cuándo cerráis?',
    'quiero que me llaméis',
    'call me when you can',
    'when you call, ask for Ana',
    'call me tomorrow at 10',
    'when do you open?',
    'what time do you close?',
  ])('«%s» does not', (text) => expect(asksWhenWeCall(text)).toBe(false));
});
