import { readCsv } from '../../../services/text/csv';

describe('readCsv', () => {
  it('reads quoted cells, doubled quotes and line breaks inside quotes, and keeps each record on the line it starts', () => {
    expect(readCsv('phone,detail\r\n+34915550501,"dijo ""llamad""\ntarde"\r\n\r\n+34915550502,x\r\n')).toEqual({
      records: [
        { line: 1, cells: ['phone', 'detail'] },
        { line: 2, cells: ['+34915550501', 'dijo "llamad"\ntarde'] },
        { line: 5, cells: ['+34915550502', 'x'] },
      ],
    });
  });

  it('takes the separator from the header line', () => {
    expect(readCsv('phone;campaign\n+34915550501;otoño, Canarias')).toEqual({
      records: [
        { line: 1, cells: ['phone', 'campaign'] },
        { line: 2, cells: ['+34915550501', 'otoño, Canarias'] },
      ],
    });
    expect(readCsv('phone\tregion\n612345678\tMD\n')).toMatchObject({ records: [{}, { cells: ['612345678', 'MD'] }] });
  });

  it('names a line it cannot read, keeping the records before it', () => {
    const read = readCsv('phone,detail\n1,"ok"x\n2,y\n');
    expect(read.records).toEqual([{ line: 1, cells: ['phone', 'detail'] }]);
    expect(read.unreadable).toEqual({ line: 2, reason: expect.stringMatching(/quote/i) });
  });

  it('names the line a quote that never closes opened on', () => {
    expect(readCsv('phone,detail\n1,"ok"\n2,"never\n3,x\n')).toEqual({
      records: [
        { line: 1, cells: ['phone', 'detail'] },
        { line: 2, cells: ['1', 'ok'] },
      ],
      unreadable: { line: 3, reason: 'a quote opened here is never closed' },
    });
  });
});
