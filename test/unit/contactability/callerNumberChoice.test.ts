import { callerNumberChoice } from '../../../services/contactability/callerNumbers';

const ruleSet = {
  callerNumbers: [
    { callType: 'commercial' as const, country: 'ES', number: '+34400111222' },
    { callType: 'service' as const, country: 'ES', number: '+34911000000' },
    { callType: 'commercial' as const, country: 'PT', number: '+351210000000' },
  ],
};

describe('the number an agent calls from', () => {
  it.each([
    ['a sales call to a Spanish mobile', 'acquisition', '+34612345678', { callType: 'commercial', country: 'ES', number: '+34400111222' }],
    ['an upsell is commercial too', 'upsell', '+34915550100', { callType: 'commercial', country: 'ES', number: '+34400111222' }],
    ['a service call', 'service', '+34612345678', { callType: 'service', country: 'ES', number: '+34911000000' }],
    ['a Portuguese number', 'acquisition', '+351912345678', { callType: 'commercial', country: 'PT', number: '+351210000000' }],
    ['no service number for Portugal', 'service', '+351912345678', { callType: 'service', country: 'PT', number: null }],
    ['a country with none', 'acquisition', '+12125550100', { callType: 'commercial', country: 'US', number: null }],
  ] as const)('%s', (_case, purpose, phone, expected) => {
    expect(callerNumberChoice(ruleSet.callerNumbers, purpose, phone)).toEqual(expected);
  });

  it('does not offer a Spanish commercial number outside the range Ley 10/2025 reserves', () => {
    const outside = [{ callType: 'commercial' as const, country: 'ES', number: '+34900111222' }];
    expect(callerNumberChoice(outside, 'acquisition', '+34612345678').number).toBeNull();
  });

  it('says none is configured when the rule set names no numbers at all', () => {
    expect(callerNumberChoice([], 'acquisition', '+34612345678')).toEqual({
      callType: 'commercial',
      country: 'ES',
      number: null,
    });
  });
});
