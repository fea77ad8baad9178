import type { RunningApp } from '../../bot/app';
import { apiClient, conversationWith, Reply, startTestApp } from '../support/app';
import { uniqueDatabaseName } from '../support/database';
import { createAgent } from '../support/handoff';

// Tuesday 24 November 2026, 09:15 in Madrid: "mañana por la tarde", second offer, is Wednesday 16:00.
const NOW = new Date('2026-11-24T08:15:00Z');
const all = (replies: Reply[]) => replies.map((r) => [r.text, ...r.choices].join(' | ')).join('\n');

/** Picking up where we stopped, through the real server and database: faults, what is pending, "when do you call?". */
describe('picking up where we stopped', () => {
  let app: RunningApp;
  let api: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    app = await startTestApp(uniqueDatabaseName('pickingup'), {}, () => NOW);
    api = apiClient(app, (await createAgent(app, { name: 'Lucía', timeZone: 'Europe/Madrid', languages: ['es'], team: 'ventas' })).key);
  });
  afterAll(async () => {
    await app.database.db.dropDatabase();
    await app.close();
  });

  it('takes a fault said inside a first message as a problem, the rest as what they want, and says both later', async () => {
    const lola = conversationWith(app.url, { userId: 'lola', locale: 'es-ES', conversationId: 'lola-1' });
    const first = all(await lola('quiero pasarme a vuestra fibra, aunque el router que tengo va fatal'));
    expect(first).toMatch(
      /^¡Hola! Soy el asistente de llamadas[^\n]*\nSiento lo que cuentas\. Lo he anotado[^\n]*\n¿A qué número te llamamos\?/,
    );
    await lola('612 34 56 97');
    await lola('sí');
    await lola('Península y Baleares');
    await lola('mañana por la tarde');
    expect(all(await lola('la segunda'))).toMatch(/Te llamaremos el miércoles 25 de noviembre a las 16:00/);

    const person = await app.database.collection('people').findOne({ phoneE164: '+34612345697' });
    // Opened when the number linked the account: the fault in her words, without the fibre she wants.
    expect(await app.database.collection('problems').find({ personId: person!._id }).toArray()).toEqual([
      expect.objectContaining({ status: 'open', text: 'el router que tengo va fatal', openedBy: { kind: 'bot', id: 'bot' } }),
    ]);
    const list = await api('GET', '/api/agent/callbacks?from=2026-11-24&to=2026-11-30');
    const callback = list.body.callbacks.find((c: { person: { phoneE164: string } }) => c.person.phoneE164 === '+34612345697');
    const summary = (await api('GET', `/api/agent/callbacks/${callback.callbackId}`)).body.summary.summary;
    expect(summary.wants.map((w: { text: string }) => w.text)).toEqual(['fibra / fibre']);
    expect(summary.problems).toEqual([expect.objectContaining({ kind: 'problem', text: 'el router que tengo va fatal' })]);
    expect(summary.openProblems).toEqual([expect.objectContaining({ text: 'el router que tengo va fatal' })]);
    expect(summary.paragraph.es).toMatch(/^PROBLEMA ABIERTO: el router que tengo va fatal\. .* se interesa por: fibra \/ fibre\./);

    // Days later, a new conversation: what is pending first (the fault, then the booking), then "when?".
    const again = conversationWith(app.url, { userId: 'lola', locale: 'es-ES', conversationId: 'lola-2' });
    expect(all(await again('hola'))).toMatch(
      /^¡Hola de nuevo![^\n]*\nLa avería que nos contaste sigue anotada para quien te llame[^\n]*\nTienes una llamada el miércoles 25 de noviembre a las 16:00\. ¿La mantenemos\?/,
    );
    expect(all(await again('¿Cuándo me vais a llamar?'))).toBe(
      'Te llamaremos el miércoles 25 de noviembre a las 16:00. ¿La mantenemos, o prefieres cambiar la hora o cancelarla? | Mantenerla | Cambiar la hora | Cancelarla',
    );

    // Someone else who typed her number (a claim) hears nothing of her fault.
    const other = conversationWith(app.url, { userId: 'someone-else', locale: 'es-ES', conversationId: 'other-1' });
    await other('hola');
    await other('612 34 56 97');
    const later = conversationWith(app.url, { userId: 'someone-else', locale: 'es-ES', conversationId: 'other-2' });
    expect(all(await later('hola'))).not.toMatch(/avería/);
  });

  it('answers "¿cuándo me vais a llamar?" with nothing booked as such, then asks when', async () => {
    const pepe = conversationWith(app.url, { userId: 'pepe', locale: 'es-ES', conversationId: 'pepe-1' });
    await pepe('hola');
    await pepe('612 34 56 98');
    await pepe('sí');
    await pepe('Península y Baleares');
    const answer = all(await pepe('¿Cuándo me vais a llamar?'));
    expect(answer).toMatch(/^Todavía no has elegido una hora para que te llamemos\.\n¿Cuándo te viene bien que te llamemos\?/);
    expect(answer).not.toMatch(/No he entendido/);
  });
});
