import { literal } from '../../../bot/teams/handoffCard';

describe("a prospect's words in the agents' card: literal text, no Markdown", () => {
  // [what the prospect wrote, what the card's TextBlock or Fact.Value gets]
  it.each([
    ['[verify your account](https://evil.example/login)', '［verify your account］(https://evil.example/login)'],
    ['[pincha aquí][1]\n\n[1]: https://evil.example', '［pincha aquí］［1］ ［1］: https://evil.example'],
    ['<https://evil.example>', '＜https://evil.example＞'],
    ['**urgente** y _ya_', '＊＊urgente＊＊ y ＿ya＿'],
    ['\\*no\\* escapes', '＼＊no＼＊ escapes'],
    ['`code` y ~~tachado~~', '｀code｀ y ～～tachado～～'],
    ['- uno\r- dos', '－ uno - dos'],
    ['1. fibra\n2. móvil', '1． fibra 2. móvil'],
    ['# ¡Hola!', '＃ ¡Hola!'],
    ['  Ana_García  ', 'Ana＿García'],
    // Nothing else is touched: punctuation people use every day stays as typed.
    ['Ana García (la del 2º B): ¿15% más barato? AT&T, #1, 3-4pm.', 'Ana García (la del 2º B): ¿15% más barato? AT&T, #1, 3-4pm.'],
    ['', ''],
  ])('%p → %p', (written, shown) => {
    expect(literal(written)).toBe(shown);
  });
});
