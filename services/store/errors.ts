import { MongoServerError } from 'mongodb';

/**
 * A write refused by a unique index. MongoDB says so with code 11000; FerretDB 1.24 does too for inserts,
 * but reports a findAndModify that breaks a unique index as SQLite's "UNIQUE constraint failed" with
 * another code, so both are recognised.
 */
export function isDuplicateKeyError(error: unknown): boolean {
  return error instanceof MongoServerError && (error.code === 11000 || /UNIQUE constraint failed|duplicate key/i.test(error.message));
}
