import { isQuestion, objectionIn, productsIn, reportsFault } from '../../../services/handoff/recognisers';

describe('fault recogniser (the bot opens a problem)', () => {
  it.each([
    'el router no funciona',
    'El ROUTER no funciona desde ayer',
    'no tengo internet',
    'estamos sin línea desde el lunes',
    'tengo una avería en la fibra',
    'la tele se corta todo el rato',
    'the router is not working',
    'my broadband is down',
    'I have no internet since Monday',
    'el wifi ha dejado de funcionar',
    'sigue sin funcionar el wifi',
    'los decodificadores no funcionan',
    'el wifi no tira',
  ])('«%s» is a fault', (text) => expect(reportsFault(text)).toBe(true));

  it.each([
    'no me llaméis mañana',
    'no funciona para mí ese horario',
    'quiero fibra',
    'no, gracias',
    'no me va bien el jueves',
    'mejor por la tarde',
    'is it down the road?',
    'la llamada de ayer no tira de nada',
    'sigo sin saber cuándo me llamáis',
  ])('«%s» is not', (text) => expect(reportsFault(text)).toBe(false));
});

describe('deterministic summary recognisers', () => {
  it('finds products by their words, accents or not', () => {
    expect(productsIn('me interesa la fibra y dos líneas móviles').map((p) => p.label)).toEqual(['fibra / fibre', 'móvil / mobile']);
    expect(productsIn('I want TV and broadband').map((p) => p.label)).toEqual(['fibra / fibre', 'televisión / TV']);
    expect(productsIn('llamadme el jueves')).toEqual([]);
  });

  it('finds objections and questions', () => {
    expect(objectionIn('es muy caro')).toBe(true);
    expect(objectionIn('ya tengo otra compañía')).toBe(true);
    expect(objectionIn('too expensive for me')).toBe(true);
    expect(objectionIn('me parece bien')).toBe(false);
    expect(isQuestion('¿cuánto cuesta la fibra?')).toBe(true);
    expect(isQuestion('¿sí?')).toBe(false);
  });
});
