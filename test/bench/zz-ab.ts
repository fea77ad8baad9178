import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { startFerretDb } from '../../services/store/embeddedFerretDb';
const body = () => {
  const id = randomUUID();
  return JSON.stringify({
    type: 'message',
    id: `a-${id}`,
    channelId: 'webchat',
    serviceUrl: 'http://127.0.0.1:9',
    locale: 'es-ES',
    text: 'hola',
    deliveryMode: 'expectReplies',
    from: { id: `u-${id}` },
    recipient: { id: 'bot' },
    conversation: { id: `c-${id}` },
  });
};
async function main() {
  const db = await startFerretDb('/work/wt/pipeline', mkdtempSync('/tmp/ab-'));
  for (const round of [1, 2])
    for (const [name, root, port] of [
      ['base', '/tmp/pl-base', 3991],
      ['mine', '/work/wt/pipeline', 3992],
    ] as const) {
      const child = spawn(process.execPath, ['--disable-warning=DEP0111', '--import', 'tsx', `${root}/bot/index.ts`], {
        cwd: root,
        env: {
          ...process.env,
          MONGODB_URI: db.uri,
          MONGODB_DB: `ab_${name}_${round}`,
          PORT: String(port),
          LOG_LEVEL: 'silent',
          PHONE_HASH_SECRET: 'ab-secret-of-16-chars!',
          RATE_LIMIT_PER_IP_PER_MINUTE: '100000000',
        },
        stdio: 'ignore',
      });
      for (let i = 0; i < 100; i++) {
        try {
          if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
        } catch {}
        await new Promise((r) => setTimeout(r, 200));
      }
      for (const c of [1, 16]) {
        const r = await autocannon({
          url: `http://127.0.0.1:${port}/api/messages`,
          connections: c,
          duration: 8,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          requests: [{ setupRequest: (q: autocannon.Request) => ({ ...q, body: body() }) }],
        });
        console.log(
          round,
          name,
          `c${c}`,
          (r.requests.total / r.duration).toFixed(1),
          'turns/s p50',
          r.latency.p50,
          'p99',
          r.latency.p99,
          'non2xx',
          r.non2xx,
          'errors',
          r.errors + r.timeouts,
        );
      }
      child.kill('SIGKILL');
    }
  await db.stop();
}
main();
