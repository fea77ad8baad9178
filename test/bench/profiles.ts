import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/*
 * Where the time goes, from the CPU profiles BENCH_PROFILE=1 makes: the bot's (node --cpu-prof) by package
 * or our own file, and the database's (FerretDB's pprof) by function, through `go tool pprof`.
 */

interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
}

export interface ProfileLine {
  share: number;
  name: string;
}

/** Who a frame belongs to: a package under node_modules, a file of ours, or nobody (Node's own code, the runtime). */
function ownerOf(url: string): string | undefined {
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inPackage) return inPackage[1]!;
  const ours = /\/((?:bot|dialogs|services|test)\/.+)$/.exec(url);
  return ours ? ours[1]! : undefined;
}

/** CPU time of the bot's profile in `dir`, by owner, largest first (idle left out of the shares). */
export function botProfileSummary(dir: string, top = 12): ProfileLine[] {
  if (!existsSync(dir)) return [];
  // The main thread's profile is the largest (tsx's loader thread writes a small one beside it).
  const newest = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => path.join(dir, f))
    .sort((a, b) => statSync(b).size - statSync(a).size)[0];
  if (!newest) return [];
  const profile = JSON.parse(readFileSync(newest, 'utf8')) as CpuProfile;
  const parentOf = new Map<number, CpuProfileNode>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node);
  // Time in Node's own code (sockets, HTTP parsing, buffers) is charged to the package or file that called it.
  const chargedTo = (node: CpuProfileNode): string => {
    for (let at: CpuProfileNode | undefined = node; at; at = parentOf.get(at.id)) {
      const owner = ownerOf(at.callFrame.url);
      if (owner) return owner;
    }
    return '(Node itself: event loop, sockets)';
  };
  const byOwner = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0 || node.callFrame.functionName === '(idle)' || node.callFrame.functionName === '(program)') continue;
    const owner = node.callFrame.functionName === '(garbage collector)' ? '(garbage collector)' : chargedTo(node);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + hits);
    total += hits;
  }
  return [...byOwner]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, hits]) => ({ share: Math.round((1000 * hits) / Math.max(1, total)) / 10, name }));
}

/** The flat top of a pprof profile by function, as `go tool pprof -top` reads it; empty without Go. */
export function databaseProfileSummary(binary: string, file: string, top = 12): ProfileLine[] {
  if (!existsSync(file)) return [];
  const result = spawnSync('go', ['tool', 'pprof', '-top', `-nodecount=${top}`, binary, file], { encoding: 'utf8' });
  if (result.status !== 0) return [];
  // "      flat  flat%   sum%        cum   cum%" then rows like "  1.20s 12.50% 12.50%  2.00s 20.83%  runtime.mallocgc"
  return result.stdout
    .split('\n')
    .map((line) => /^\s*\S+\s+([\d.]+)%\s+[\d.]+%\s+\S+\s+[\d.]+%\s+(.+)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ share: Number(m[1]), name: m[2]!.trim() }));
}

export function printProfile(title: string, lines: readonly ProfileLine[], log: (line: string) => void): void {
  if (lines.length === 0) return;
  log(`  ${title}`);
  for (const { share, name } of lines) log(`    ${share.toFixed(1).padStart(5)}%  ${name}`);
}
