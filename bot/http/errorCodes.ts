/**
 * Every error code the HTTP surface answers with, once: its status (the first is the usual one) and what it
 * means. `ApiError` takes only these codes, the one formatter writes them, and /openapi.json lists them as the
 * `code` of the Error body. Codes are names a client branches on: change one only with the clients.
 */
export const ERROR_CODES = {
  ValidationFailed: { statuses: [400], meaning: 'a path, query, header or body field is invalid; `field` names it (`line` in a CSV)' },
  InvalidContent: { statuses: [400], meaning: 'the body does not parse as its Content-Type says (restify’s body parser)' },
  BadRequest: { statuses: [400], meaning: 'the request could not be read (restify refused it without a more precise code)' },
  Unauthenticated: { statuses: [401], meaning: 'no API key, or not a valid one' },
  InvalidSignature: { statuses: [401], meaning: 'the WhatsApp webhook’s X-Hub-Signature-256 is missing or does not match the body' },
  MissingToken: { statuses: [401], meaning: 'Direct Line: no Authorization: Bearer token' },
  Forbidden: { statuses: [403], meaning: 'the credential is valid but not for this (a key’s role, the webhook’s verify token)' },
  NoAgentProfile: { statuses: [403], meaning: 'the agent route needs a key with an agent profile' },
  NotClaimHolder: { statuses: [403], meaning: 'only the agent holding the callback, or an admin, may do this' },
  ChannelNotAccepted: { statuses: [403], meaning: 'a channel only our own adapters speak for (WhatsApp comes through its webhook)' },
  OriginNotTrusted: { statuses: [403], meaning: 'Web Chat: the page is not from a trusted origin' },
  InvalidToken: { statuses: [403], meaning: 'Direct Line: the token is forged or malformed' },
  TokenExpired: { statuses: [403], meaning: 'Direct Line: the token has expired' },
  WrongConversation: { statuses: [403], meaning: 'Direct Line: the token is for another conversation' },
  NotFound: { statuses: [404], meaning: 'nothing at this path, or no such person, callback, rule set, team, key…' },
  NoConversation: { statuses: [404], meaning: 'the bot has no conversation with that account to write into' },
  MethodNotAllowed: { statuses: [405], meaning: 'the path does not take this method; Allow lists those it does' },
  AlreadyClaimed: { statuses: [409], meaning: 'another agent holds the callback' },
  ClaimChanged: { statuses: [409], meaning: 'the claim changed between reading and replacing it; look again' },
  CallbackClosed: { statuses: [409], meaning: 'the callback is done, cancelled or otherwise closed' },
  SlotTaken: { statuses: [409], meaning: 'the time was taken meanwhile; `alternatives` lists free ones' },
  ImportUnderWay: { statuses: [409], meaning: 'another import of this exclusion list is under way' },
  LastAdminKey: { statuses: [409], meaning: 'the last admin key cannot be revoked' },
  VersionConflict: {
    statuses: [409, 412],
    meaning: '412: If-Match names a version no longer the newest; 409: another writer saved at the same moment',
  },
  PayloadTooLarge: { statuses: [413], meaning: 'the body is over BODY_LIMIT_BYTES' },
  UnsupportedMediaType: { statuses: [415], meaning: 'the body’s Content-Type is not one this path reads' },
  SlotNotOffered: { statuses: [422], meaning: 'not a free slot this person can be called in; `alternatives` lists some' },
  RescheduleRefused: { statuses: [422], meaning: 'the new time (rescheduleTo) cannot be booked' },
  TooManyRequests: { statuses: [429], meaning: 'over the rate limit; Retry-After says when to try again' },
  Internal: { statuses: [500], meaning: 'a fault on our side, logged; the body says nothing of it' },
  ChannelFailed: { statuses: [502], meaning: 'the channel (Teams, Direct Line, WhatsApp) refused or did not answer' },
  Unavailable: { statuses: [503], meaning: 'the database is not answering; nothing unconfirmed was changed, try again' },
} as const satisfies Record<string, { statuses: readonly [number, ...number[]]; meaning: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export const ERROR_CODE_NAMES = Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]];

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES, code);
}
