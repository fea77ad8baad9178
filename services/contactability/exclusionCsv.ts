import { normalisePhone } from '../people/phone';

export interface ParsedExclusionCsv {
  /** Valid numbers, E.164, without duplicates. */
  phones: string[];
  rejected: Array<{ line: number; reason: string }>;
}

/**
 * One number per line, in the first column; a header line is optional. Numbers without a country prefix are
 * read as `country`'s. A bad line is reported with its line number (1-based) and skipped, never fatal.
 */
export function parseExclusionCsv(text: string, country: string): ParsedExclusionCsv {
  const phones = new Set<string>();
  const rejected: ParsedExclusionCsv['rejected'] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .forEach((line, index) => {
      const cell = firstCell(line);
      if (cell === '') return;
      const phone = normalisePhone(cell, country);
      if (phone.ok) {
        phones.add(phone.e164);
        return;
      }
      if (index === 0 && /[a-z]/i.test(cell)) return; // a header: "telefono", "phone_e164"
      rejected.push({
        line: index + 1,
        reason: `"${cell.slice(0, 40)}" is not a valid phone number (read as ${country} when it has no prefix)`,
      });
    });
  return { phones: [...phones], rejected };
}

function firstCell(line: string): string {
  const trimmed = line.trim();
  if (trimmed.startsWith('"')) {
    const close = trimmed.indexOf('"', 1);
    return (close === -1 ? trimmed.slice(1) : trimmed.slice(1, close)).trim();
  }
  return (trimmed.split(/[,;\t]/)[0] ?? '').trim();
}
