import type { Next, Request, RequestHandler, Response } from 'restify';

/**
 * Runs the body parser everywhere except on routes that must read their own raw bytes (a webhook whose
 * signature is computed over the body exactly as sent).
 */
export function exceptPaths(paths: readonly string[], handlers: RequestHandler[]): RequestHandler {
  const skip = new Set(paths);
  return (req: Request, res: Response, next: Next) => {
    if (skip.has(req.getPath())) {
      next();
      return;
    }
    const run = (index: number) => (error?: unknown) => {
      if (error !== undefined && error !== null) {
        next(error);
        return;
      }
      if (index === handlers.length) {
        next();
        return;
      }
      handlers[index]!(req, res, run(index + 1) as Next);
    };
    run(0)();
  };
}

export class BodyTooLargeError extends Error {}

/** The request's bytes, refused past `limit` bytes. */
export function readRawBody(req: Request, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLargeError(`body over ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}
