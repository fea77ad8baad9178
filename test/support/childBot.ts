import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = path.resolve(__dirname, '../..');

/** A server script (botProcess.ts, the bench's echo bot) in a process of its own, started with tsx. */
export class ChildServer {
  private constructor(
    readonly process: ChildProcess,
    readonly url: string,
  ) {}

  static async start(script: string, env: Record<string, string>, nodeArgs: string[] = []): Promise<ChildServer> {
    const child = spawn(process.execPath, [...nodeArgs, '--disable-warning=DEP0111', '--import', 'tsx', script], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout! });
      lines.on('line', (line) => {
        try {
          const parsed = JSON.parse(line) as { url?: string };
          if (parsed.url) resolve(parsed.url);
        } catch {
          // not the ready line
        }
      });
      child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before listening`)));
    });
    return new ChildServer(child, url);
  }

  get pid(): number {
    return this.process.pid!;
  }

  /** The database commands the bot sent since the last call. */
  commands(): Promise<string[]> {
    return new Promise((resolve) => {
      this.process.once('message', (message: unknown) => resolve((message as { commands: string[] }).commands));
      this.process.send('commands');
    });
  }

  /** Dies at once, as on a crash or an OOM kill: no shutdown, no flush. */
  async kill(): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    const exited = new Promise((resolve) => this.process.once('exit', resolve));
    this.process.kill('SIGKILL');
    await exited;
  }

  /** Asks the process for a full garbage collection (it must run with --expose-gc); answers its heap in use, MB. */
  /** Starts a CPU profile of the bot; `stopProfile` writes it to `file`. */
  startProfile(file: string): Promise<void> {
    return new Promise((resolve) => {
      this.process.once('message', () => resolve());
      this.process.send({ profile: file });
    });
  }

  stopProfile(): Promise<void> {
    return new Promise((resolve) => {
      this.process.once('message', () => resolve());
      this.process.send('profile-stop');
    });
  }

  collectGarbage(): Promise<number> {
    return new Promise((resolve) => {
      this.process.once('message', (message: unknown) => resolve((message as { heapUsedMb?: number }).heapUsedMb ?? Number.NaN));
      this.process.send('gc');
    });
  }

  async stop(): Promise<void> {
    // Already gone (exited, or killed by a signal: then exitCode stays null).
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    const exited = new Promise((resolve) => this.process.once('exit', resolve));
    this.process.kill('SIGTERM');
    await exited;
  }
}
