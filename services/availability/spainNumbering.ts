/**
 * What a Spanish national number (9 digits, no +34) tells about where it rings.
 * Geographic numbers start 8 or 9 followed by a provincial indicative; the 8xx range mirrors
 * the 9xx one (828 and 928 are both Las Palmas). Mobiles (6, 7) and non-geographic ranges
 * (80x, 90x) say nothing about location.
 */
export interface SpanishLine {
  readonly kind: 'geographic' | 'mobile' | 'non-geographic';
  /** Autonomous-community code as date-holidays spells it (ES-xx without "ES-"). */
  readonly region?: string;
  readonly zone?: 'Europe/Madrid' | 'Atlantic/Canary';
}

/*
 * Provincial indicatives (Plan Nacional de Numeración Telefónica) mapped to autonomous
 * communities. 952 and 956 are left out on purpose: Melilla shares 952 with Málaga and Ceuta
 * 956 with Cádiz, so the prefix alone cannot give the region's holidays.
 */
const REGION_BY_INDICATIVE: Readonly<Record<string, string>> = {
  '91': 'MD',
  '93': 'CT',
  '920': 'CL',
  '921': 'CL',
  '922': 'CN',
  '923': 'CL',
  '924': 'EX',
  '925': 'CM',
  '926': 'CM',
  '927': 'EX',
  '928': 'CN',
  '941': 'RI',
  '942': 'CB',
  '943': 'PV',
  '944': 'PV',
  '945': 'PV',
  '946': 'PV',
  '947': 'CL',
  '948': 'NC',
  '949': 'CM',
  '950': 'AN',
  '951': 'AN',
  '953': 'AN',
  '954': 'AN',
  '955': 'AN',
  '957': 'AN',
  '958': 'AN',
  '959': 'AN',
  '960': 'VC',
  '961': 'VC',
  '962': 'VC',
  '963': 'VC',
  '964': 'VC',
  '965': 'VC',
  '966': 'VC',
  '967': 'CM',
  '968': 'MC',
  '969': 'CM',
  '971': 'IB',
  '972': 'CT',
  '973': 'CT',
  '974': 'AR',
  '975': 'CL',
  '976': 'AR',
  '977': 'CT',
  '978': 'AR',
  '979': 'CL',
  '980': 'CL',
  '981': 'GA',
  '982': 'GA',
  '983': 'CL',
  '984': 'AS',
  '985': 'AS',
  '986': 'GA',
  '987': 'CL',
  '988': 'GA',
};

export function describeSpanishLine(nationalNumber: string): SpanishLine {
  const first = nationalNumber[0];
  if (first === '6' || first === '7') return { kind: 'mobile' };
  const second = nationalNumber[1];
  const geographic = (first === '8' || first === '9') && second !== undefined && second >= '1' && second <= '8';
  if (!geographic) return { kind: 'non-geographic' };
  // 8xx geographic numbers share the province of the matching 9xx indicative.
  const asNine = `9${nationalNumber.slice(1)}`;
  const region = REGION_BY_INDICATIVE[asNine.slice(0, 3)] ?? REGION_BY_INDICATIVE[asNine.slice(0, 2)];
  const zone = region === 'CN' ? 'Atlantic/Canary' : 'Europe/Madrid';
  return region === undefined ? { kind: 'geographic', zone } : { kind: 'geographic', region, zone };
}
