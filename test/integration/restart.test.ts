import http from 'node:http';
import { messageActivity, postActivity, startTestApp } from '../support/app';
import { testDatabaseUri, uniqueDatabaseName } from '../support/database';
import { MongoClient } from 'mongodb';

describe('restart on the same database', () => {
  const dbName = uniqueDatabaseName('restart');

  afterAll(async () => {
    const client = await MongoClient.connect(testDatabaseUri());
    await client.db(dbName).dropDatabase();
    await client.close();
  });

  it('finds the person again after the server stops and starts', async () => {
    const first = await startTestApp(dbName);
    const hello = await postActivity(
      first.url,
      messageActivity({ text: 'hello there', locale: 'en-US', userId: 'u-r', conversationId: 'c-r1' }),
    );
    expect(hello.replies[0]?.text).toMatch(/I'm the callback assistant/);
    await first.close();

    const second = await startTestApp(dbName);
    try {
      // A new conversation, so only user state (in MongoDB) can tell the bot it knows this person.
      const again = await postActivity(second.url, messageActivity({ text: 'hello', userId: 'u-r', conversationId: 'c-r2' }));
      expect(again.replies[0]?.text).toMatch(/^Welcome back/);
    } finally {
      await second.close();
    }
  });

  it('lets an in-flight turn finish while shutting down, then refuses new connections', async () => {
    const app = await startTestApp(dbName);
    const body = JSON.stringify(messageActivity({ text: 'hola', locale: 'es-ES', userId: 'u-s', conversationId: 'c-s' }));
    const half = Math.floor(body.length / 2);
    const request = http.request(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
      request.on('response', (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      request.on('error', reject);
    });
    // Half a body: the request has reached the server and cannot finish until we send the rest.
    request.write(body.slice(0, half));
    while (app.inFlight() === 0) await new Promise((resolve) => setTimeout(resolve, 5));

    const closing = app.close();
    request.end(body.slice(half));
    const { status, text } = await response;
    await closing;
    expect(status).toBe(200);
    expect((JSON.parse(text) as { activities: Array<{ text: string }> }).activities.map((a) => a.text)).toEqual([
      expect.stringMatching(/^¡Hola!/),
      expect.stringMatching(/número/),
    ]);
    await expect(fetch(`${app.url}/healthz`)).rejects.toThrow();
  });
});
