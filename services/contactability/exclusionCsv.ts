import { normalisePhone } from '../people/phone';
import { readCsv } from '../text/csv';

export interface ParsedExclusionCsv {
  /** Valid numbers, E.164, without duplicates. */
  phones: string[];
  rejected: Array<{ line: number; reason: string }>;
}

/**
 * One number per line, in the first column (read as CSV, services/text/csv.ts); a header line is optional. Numbers
 * without a country prefix are read as `country`'s. A bad line is reported with its line number (1-based) and
 * skipped, never fatal; a line that cannot be read as CSV is reported, and the lines before it kept.
 */
export function parseExclusionCsv(text: string, country: string): ParsedExclusionCsv {
  const phones = new Set<string>();
  const rejected: ParsedExclusionCsv['rejected'] = [];
  const { records, unreadable } = readCsv(text, { anySeparator: true });
  records.forEach(({ line, cells }, index) => {
    const cell = cells[0] ?? '';
    if (cell === '') return;
    const phone = normalisePhone(cell, country);
    if (phone.ok) {
      phones.add(phone.e164);
      return;
    }
    if (index === 0 && /[a-z]/i.test(cell)) return; // a header: "telefono", "phone_e164"
    rejected.push({ line, reason: `"${cell.slice(0, 40)}" is not a valid phone number (read as ${country} when it has no prefix)` });
  });
  if (unreadable) rejected.push({ line: unreadable.line, reason: `cannot be read as CSV: ${unreadable.reason}` });
  return { phones: [...phones], rejected };
}
