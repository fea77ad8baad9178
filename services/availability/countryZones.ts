/*
 * Country → IANA zones for countries handled by the default rule. luxon and libphonenumber-js
 * carry no such map, so this is a deliberately small hand-kept table of common countries;
 * a country not listed here needs the person's stated zone, and without one we offer no slot
 * (we cannot show that a time is lawful where the phone rings). Spain and the US are resolved
 * by their own rules in lawfulWindow.ts. Several zones = the number cannot tell them apart.
 */
export const COUNTRY_ZONES: Readonly<Record<string, readonly string[]>> = {
  AT: ['Europe/Vienna'],
  BE: ['Europe/Brussels'],
  CH: ['Europe/Zurich'],
  CO: ['America/Bogota'],
  CZ: ['Europe/Prague'],
  DE: ['Europe/Berlin'],
  DK: ['Europe/Copenhagen'],
  FI: ['Europe/Helsinki'],
  FR: ['Europe/Paris'],
  GB: ['Europe/London'],
  GR: ['Europe/Athens'],
  IE: ['Europe/Dublin'],
  IT: ['Europe/Rome'],
  LU: ['Europe/Luxembourg'],
  NL: ['Europe/Amsterdam'],
  NO: ['Europe/Oslo'],
  PE: ['America/Lima'],
  PL: ['Europe/Warsaw'],
  // Madeira shares Lisbon's clock; the Azores are an hour behind.
  PT: ['Europe/Lisbon', 'Atlantic/Azores'],
  SE: ['Europe/Stockholm'],
};

/** Zones that a +1 number whose country is US may ring in, east to west. */
export const US_ZONES: readonly string[] = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Phoenix',
  'America/Los_Angeles',
  'America/Anchorage',
  'Pacific/Honolulu',
];
