import { CsvError, type Options, parse } from 'csv-parse/sync';

/** One record of a CSV file: its cells, and the 1-based line it starts on (what an error report names). */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/**
 * A CSV file as spreadsheets write it, read by csv-parse: quoted cells (with "" for a quote, and line breaks inside
 * quotes), CRLF or LF, a byte-order mark. The separator is the first line's: a comma, or the semicolon
 * Spanish-locale spreadsheets save with, or a tab (`anySeparator`: any of the three, anywhere, for files of which only
 * the first column matters). Line endings may be mixed. Blank lines, and lines of empty cells (";;;", as spreadsheets end
 * a file), are skipped. A line it cannot read (a quote that never closes, text after a closing quote) ends the
 * reading: the records before it, and that line with the reason.
 */
export function readCsv(
  text: string,
  { anySeparator = false } = {},
): { records: CsvRecord[]; unreadable?: { line: number; reason: string } } {
  const source = text.replace(/^\uFEFF/, '');
  const firstLine = source.split(/\r\n|\n|\r/, 1)[0] ?? '';
  const delimiter = [',', ';', '\t'].map((s) => ({ s, n: firstLine.split(s).length })).sort((a, b) => b.n - a.n)[0]!.s;
  const bytes = Buffer.from(source, 'utf8');
  const records: CsvRecord[] = [];
  let endOfLastRecord = 0;
  const options: Options = {
    delimiter: anySeparator ? [',', ';', '\t'] : delimiter,
    record_delimiter: ['\r\n', '\n', '\r'],
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
    trim: true,
    raw: true,
    // csv-parse counts bytes exactly: a record starts where its raw text ends minus its length. With raw: true it
    // hands { record, raw }, which its types do not model.
    on_record: (({ record, raw }: { record: string[]; raw: string }, { bytes: end }: { bytes: number }) => {
      records.push({ line: lineOf(bytes, end - Buffer.byteLength(raw, 'utf8')), cells: record });
      endOfLastRecord = end;
      return null;
    }) as unknown as Options['on_record'],
  };
  try {
    parse(source, options);
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
      // The quote that never closes is the first one after the last whole record.
      return {
        records,
        unreadable: { line: lineOf(bytes, bytes.indexOf('"', endOfLastRecord)), reason: 'a quote opened here is never closed' },
      };
    }
    const line = Number((error as CsvError & { lines?: number }).lines) || lineOf(bytes, endOfLastRecord) + 1;
    return { records, unreadable: { line, reason: error.message.split(' at line ')[0]! } };
  }
  return { records };
}

/** The 1-based line the byte at `offset` is on. */
function lineOf(bytes: Buffer, offset: number): number {
  return (
    (bytes
      .subarray(0, Math.max(0, offset))
      .toString('utf8')
      .match(/\r\n|\n|\r/g)?.length ?? 0) + 1
  );
}
