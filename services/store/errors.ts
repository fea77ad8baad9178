import {
  MongoError,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from 'mongodb';

/**
 * A write refused by a unique index. MongoDB says so with code 11000; FerretDB 1.24 does too for inserts,
 * but reports a findAndModify that breaks a unique index as SQLite's "UNIQUE constraint failed" with
 * another code, so both are recognised.
 */
export function isDuplicateKeyError(error: unknown): boolean {
  return error instanceof MongoServerError && (error.code === 11000 || /UNIQUE constraint failed|duplicate key/i.test(error.message));
}

/** Server codes that mean "not now" rather than "not this": shutting down, stepping down, unreachable. */
const TRANSIENT_SERVER_CODES = new Set([6, 7, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436]);

/**
 * The database is not answering (stopped, unreachable, failing over): the caller may try again later. A
 * refusal of the request itself (a duplicate key, a bad update) is not an outage.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (
    error instanceof MongoNetworkError ||
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNotConnectedError ||
    error instanceof MongoTopologyClosedError
  ) {
    return true;
  }
  if (error instanceof MongoServerError) return TRANSIENT_SERVER_CODES.has(Number(error.code));
  return error instanceof MongoError && /connection|socket|ECONNREFUSED|timed out/i.test(error.message);
}
