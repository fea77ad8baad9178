/** One record of a CSV file: its cells, and the 1-based line it starts on (what an error report names). */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/**
 * RFC 4180 as spreadsheets write it: quoted cells (with "" for a quote, and line breaks inside quotes), CRLF or
 * LF, a byte-order mark. The separator is the first line's: a comma, or the semicolon Spanish-locale
 * spreadsheets save with, or a tab. Blank lines, and lines of empty cells (";;;", as spreadsheets end a file), are skipped. An unclosed quote is reported by the line it opened on.
 */
export function readCsv(text: string): { records: CsvRecord[] } | { unclosedQuoteAt: number } {
  const source = text.replace(/^\uFEFF/, '');
  const firstLine = source.split(/\r\n|\n|\r/, 1)[0] ?? '';
  const separator = [',', ';', '\t'].map((s) => ({ s, n: firstLine.split(s).length })).sort((a, b) => b.n - a.n)[0]!.s;
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  let quoteLine = 0;
  const endRecord = () => {
    cells.push(cell);
    if (cells.some((c) => c.trim() !== '')) records.push({ line: recordLine, cells: cells.map((c) => c.trim()) });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < source.length; i += 1) {
    const char = source[i]!;
    if (quoted) {
      if (char === '"' && source[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else {
        if (char === '\n' || (char === '\r' && source[i + 1] !== '\n')) line += 1;
        cell += char;
      }
    } else if (char === '"' && cell.trim() === '') {
      quoted = true;
      quoteLine = line;
      cell = '';
    } else if (char === separator) {
      cells.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && source[i + 1] === '\n') i += 1;
      endRecord();
      line += 1;
      recordLine = line;
    } else cell += char;
  }
  if (quoted) return { unclosedQuoteAt: quoteLine };
  endRecord();
  return { records };
}
