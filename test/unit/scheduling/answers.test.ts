import { isPlainYes, yesOrNo } from '../../../dialogs/scheduling/answers';

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
