import { foldForMatching } from '../../services/text/matchingText';
import type { Language } from '../../services/language/language';

// How people name the zones a phone number may ring in; the IANA name is what we store.
const ZONE_NAMES: Record<string, Record<Language, string>> = {
  'Europe/Madrid': { es: 'Península y Baleares', en: 'Mainland Spain and Balearics' },
  'Atlantic/Canary': { es: 'Canarias', en: 'Canary Islands' },
  'Africa/Ceuta': { es: 'Ceuta y Melilla', en: 'Ceuta and Melilla' },
  'America/New_York': { es: 'Este (Nueva York)', en: 'Eastern (New York)' },
  'America/Chicago': { es: 'Centro (Chicago)', en: 'Central (Chicago)' },
  'America/Denver': { es: 'Montaña (Denver)', en: 'Mountain (Denver)' },
  'America/Phoenix': { es: 'Arizona (Phoenix)', en: 'Arizona (Phoenix)' },
  'America/Los_Angeles': { es: 'Pacífico (Los Ángeles)', en: 'Pacific (Los Angeles)' },
  'America/Anchorage': { es: 'Alaska', en: 'Alaska' },
  'Pacific/Honolulu': { es: 'Hawái', en: 'Hawaii' },
};

export function zoneTitle(zone: string, language: Language): string {
  return ZONE_NAMES[zone]?.[language] ?? zone.replace(/_/g, ' ').split('/').pop() ?? zone;
}

/**
 * The candidate the person picked, by its title, its IANA name, or its position ("2"), compared as folded text
 * (services/text/matchingText.ts): "peninsula", "CANARIAS" and "Península y Baleares." name the same zone.
 */
export function pickZone(text: string, candidates: readonly string[], language: Language): string | null {
  const wanted = foldForMatching(text);
  const title = (zone: string) => foldForMatching(zoneTitle(zone, language));
  const byTitle = candidates.find((zone) => title(zone) === wanted || foldForMatching(zone) === wanted);
  if (byTitle) return byTitle;
  const partial = candidates.filter((zone) => title(zone).includes(wanted) && wanted.length >= 3);
  if (partial.length === 1) return partial[0] ?? null;
  const position = Number.parseInt(wanted, 10);
  return Number.isInteger(position) && position >= 1 && position <= candidates.length ? (candidates[position - 1] ?? null) : null;
}
