import { lawfulWindowFor } from '../../../services/availability/lawfulWindow';

describe('lawfulWindowFor: Spain (TRLGDCU art. 96.2)', () => {
  it('a Madrid landline: Europe/Madrid, region MD, 09:00–21:00 on weekdays, national and regional holidays', () => {
    const w = lawfulWindowFor({ phoneE164: '+34912345678' });
    expect(w).toMatchObject({
      jurisdiction: 'ES',
      ruleName: 'TRLGDCU art. 96.2',
      candidateZones: ['Europe/Madrid'],
      zoneAmbiguous: false,
      holidayCalendar: { country: 'ES', region: 'MD' },
    });
    expect(w.dailyRanges.mon).toEqual([{ start: '09:00', end: '21:00' }]);
    expect(w.dailyRanges.sat).toEqual([]);
    expect(w.dailyRanges.sun).toEqual([]);
  });

  it.each([
    ['+34928123456', 'Las Palmas 928'],
    ['+34828123456', 'Las Palmas 828'],
    ['+34922123456', 'Santa Cruz de Tenerife 922'],
    ['+34822123456', 'Santa Cruz de Tenerife 822'],
  ])('a Canary landline %s (%s) rings on Atlantic/Canary time', (phoneE164) => {
    expect(lawfulWindowFor({ phoneE164 })).toMatchObject({
      candidateZones: ['Atlantic/Canary'],
      zoneAmbiguous: false,
      holidayCalendar: { country: 'ES', region: 'CN' },
    });
  });

  it('a mobile is ambiguous between the peninsula and the Canaries, with national holidays only', () => {
    expect(lawfulWindowFor({ phoneE164: '+34612345678' })).toMatchObject({
      candidateZones: ['Europe/Madrid', 'Atlantic/Canary'],
      zoneAmbiguous: true,
      holidayCalendar: { country: 'ES' },
    });
  });

  it('a known region or a stated zone settles a mobile', () => {
    expect(lawfulWindowFor({ phoneE164: '+34612345678', region: 'ES-CN' })).toMatchObject({
      candidateZones: ['Atlantic/Canary'],
      holidayCalendar: { country: 'ES', region: 'CN' },
    });
    expect(lawfulWindowFor({ phoneE164: '+34712345678', statedTimeZone: 'Europe/Madrid', region: 'MD' })).toMatchObject({
      candidateZones: ['Europe/Madrid'],
      zoneAmbiguous: false,
      holidayCalendar: { country: 'ES', region: 'MD' },
    });
  });

  it('a stated zone that contradicts a landline joins it instead of replacing it', () => {
    expect(lawfulWindowFor({ phoneE164: '+34928123456', statedTimeZone: 'Europe/Madrid' })).toMatchObject({
      candidateZones: ['Atlantic/Canary', 'Europe/Madrid'],
      zoneAmbiguous: true,
    });
  });

  it('ignores a stated zone that is not an IANA name', () => {
    expect(lawfulWindowFor({ phoneE164: '+34612345678', statedTimeZone: '+01:00' }).candidateZones).toEqual([
      'Europe/Madrid',
      'Atlantic/Canary',
    ]);
  });
});

describe('lawfulWindowFor: United States (47 CFR 64.1200(c)(1))', () => {
  it('without a stated zone every US zone is a candidate, 08:00–21:00 every day, no holidays', () => {
    const w = lawfulWindowFor({ phoneE164: '+12125550123' });
    expect(w).toMatchObject({ jurisdiction: 'US', zoneAmbiguous: true, holidayCalendar: null });
    expect(w.candidateZones).toEqual([
      'America/New_York',
      'America/Chicago',
      'America/Denver',
      'America/Phoenix',
      'America/Los_Angeles',
      'America/Anchorage',
      'Pacific/Honolulu',
    ]);
    expect(w.dailyRanges.sun).toEqual([{ start: '08:00', end: '21:00' }]);
  });
  it('a stated zone is the only candidate', () => {
    expect(lawfulWindowFor({ phoneE164: '+14155552671', statedTimeZone: 'America/Los_Angeles' })).toMatchObject({
      candidateZones: ['America/Los_Angeles'],
      zoneAmbiguous: false,
    });
  });
});

describe('lawfulWindowFor: other countries (default policy)', () => {
  it('France: Europe/Paris from the small table, 09:00–20:00 weekdays, French holidays', () => {
    const w = lawfulWindowFor({ phoneE164: '+33123456789' });
    expect(w).toMatchObject({ jurisdiction: 'FR', candidateZones: ['Europe/Paris'], holidayCalendar: { country: 'FR' } });
    expect(w.dailyRanges.fri).toEqual([{ start: '09:00', end: '20:00' }]);
  });
  it('a country with no zone on file needs the stated zone, else no candidate (and no slot)', () => {
    expect(lawfulWindowFor({ phoneE164: '+525512345678' }).candidateZones).toEqual([]);
    expect(lawfulWindowFor({ phoneE164: '+525512345678', statedTimeZone: 'America/Mexico_City' }).candidateZones).toEqual([
      'America/Mexico_City',
    ]);
  });
  it('refuses text that is not a phone number', () => {
    expect(() => lawfulWindowFor({ phoneE164: 'call me' })).toThrow('not a phone number');
  });
});
