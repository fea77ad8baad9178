import fc from 'fast-check';
import { checkMessage } from '../../support/graphApiServer';
import { choiceFromReply, composeMessages, shorten, splitText } from '../../../services/whatsapp/compose';

const wording = { listButton: 'Ver opciones', choose: 'Elige una opción:' };
const compose = (text: string, choices: string[]) => composeMessages({ to: '34612345678', text, choices, wording });

describe('composing WhatsApp messages within Meta limits', () => {
  it('sends plain text as a text message', () => {
    expect(compose('¿A qué número te llamamos?', [])).toEqual([
      {
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '34612345678',
        type: 'text',
        text: { body: '¿A qué número te llamamos?', preview_url: false },
      },
    ]);
  });

  it('uses reply buttons for up to three short choices', () => {
    const [message] = compose('¿Nos das permiso?', ['Sí, podéis llamarme', 'No, gracias']);
    expect(message).toMatchObject({
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: '¿Nos das permiso?' },
        action: {
          buttons: [
            { type: 'reply', reply: { id: 'c:Sí, podéis llamarme', title: 'Sí, podéis llamarme' } },
            { type: 'reply', reply: { id: 'c:No, gracias', title: 'No, gracias' } },
          ],
        },
      },
    });
  });

  it('makes an offer of three slots and "Otro momento" a list (four choices, one over the button limit)', () => {
    const [message] = compose('Estos son los huecos libres más cercanos:', [
      'mié 25 nov, 15:30',
      'mié 25 nov, 16:00',
      'mié 25 nov, 16:30',
      'Otro momento',
    ]);
    expect(message).toMatchObject({ type: 'interactive', interactive: { type: 'list', action: { button: 'Ver opciones' } } });
    const rows = (message as any).interactive.action.sections[0].rows;
    expect(rows.map((r: any) => r.title)).toEqual(['mié 25 nov, 15:30', 'mié 25 nov, 16:00', 'mié 25 nov, 16:30', 'Otro momento']);
  });

  it('uses a list when a title is over 20 characters, shortening a long row title by rule with the full text below', () => {
    const long = 'Wednesday 25 November, 16:30 (your time)';
    const [message] = compose('Which one?', ['Yes', long]);
    const rows = (message as any).interactive.action.sections[0].rows;
    expect(rows[1]).toEqual({ id: `c:${long}`, title: 'Wednesday 25 November…', description: long });
    expect(choiceFromReply(rows[1].id, rows[1].title)).toBe(long);
  });

  it('writes out more choices than a list holds, as numbered text', () => {
    const choices = Array.from({ length: 11 }, (_, i) => `Opción ${i + 1}`);
    const messages = compose('Elige:', choices);
    expect(messages).toHaveLength(1);
    expect((messages[0] as any).text.body).toBe(['Elige:', ...choices.map((c, i) => `${i + 1}. ${c}`)].join('\n'));
  });

  it('sends a long question before the buttons when it does not fit the interactive body', () => {
    const paragraph = 'Palabra '.repeat(150).trim();
    const messages = compose(`${paragraph}\n\n¿Seguimos?`, ['Sí', 'No']);
    expect(messages.map((m) => m.type)).toEqual(['text', 'interactive']);
    expect((messages[1] as any).interactive.body.text).toBe('¿Seguimos?');
  });

  it('reads a tapped reply back: our id carries the choice, a foreign one falls back to its title', () => {
    expect(choiceFromReply('c:mié 25 nov, 16:00', 'mié 25 nov, 16:00')).toBe('mié 25 nov, 16:00');
    expect(choiceFromReply('cancel-button', 'Cancel')).toBe('Cancel');
  });

  it('shortens at a word boundary, else mid-word, always within the limit', () => {
    expect(shorten('Península y Baleares y más', 20)).toBe('Península y…');
    expect(shorten('Supercalifragilisticexpialidocious', 20)).toBe('Supercalifragilisti…');
    expect(shorten('corto', 20)).toBe('corto');
  });

  it('keeps every message within the limits, whatever the text and choices (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 6000 }),
        fc.array(fc.string({ minLength: 1, maxLength: 120 }), { maxLength: 14 }),
        (text, choices) => {
          const messages = compose(text, choices);
          for (const message of messages) expect(checkMessage(message as any)).toEqual([]);
          // Every choice stays answerable: in a button, a row, or written out.
          const offered = choices.map((c) => c.trim()).filter(Boolean);
          const last = messages.at(-1) as any;
          if (offered.length > 0 && offered.length <= 10) {
            const ids =
              last.interactive.type === 'button'
                ? last.interactive.action.buttons.map((b: any) => b.reply.id)
                : last.interactive.action.sections[0].rows.map((r: any) => r.id);
            expect(ids.map((id: string) => choiceFromReply(id, undefined))).toEqual(
              [...new Set(offered)].map((c) => [...`c:${c}`].slice(0, 200).join('').slice(2)),
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('splits text beyond 4,096 characters at boundaries, losing nothing', () => {
    const text = Array.from({ length: 900 }, (_, i) => `frase ${i}.`).join(' ');
    const parts = splitText(text, 4096);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => [...p].length <= 4096)).toBe(true);
    expect(parts.join(' ')).toBe(text);
  });
});
