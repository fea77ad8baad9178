import { MongoNetworkError, MongoServerError } from 'mongodb';
import { z } from 'zod';
import { ApiError, errorResponse } from '../../../bot/http/errors';
import { DeskRefusal } from '../../../services/handoff/agentDesk';

describe('the one error formatter', () => {
  it('answers a database that does not answer with 503, whichever route it reached', () => {
    expect(errorResponse(new MongoNetworkError('connect ECONNREFUSED 127.0.0.1:27017'))).toMatchObject({
      status: 503,
      body: { code: 'Unavailable' },
    });
  });

  it('does not take a refused write (a duplicate key) for an outage', () => {
    const duplicate = new MongoServerError({ message: 'E11000 duplicate key error', code: 11000 });
    expect(errorResponse(duplicate)).toEqual({ status: 500, body: { code: 'Internal', message: expect.any(String) } });
  });

  it('names the field of a schema that refused the input', () => {
    const error = z.object({ phone: z.string() }).safeParse({ phone: 3 }).error!;
    expect(errorResponse(error)).toMatchObject({ status: 400, body: { code: 'ValidationFailed', field: 'phone' } });
  });

  it('passes a decided answer through, and keeps restify’s own refusals in the same shape', () => {
    expect(errorResponse(ApiError.notFound('no person'))).toEqual({ status: 404, body: { code: 'NotFound', message: 'no person' } });
    const restifyLike = Object.assign(new Error('Unexpected end of JSON input'), {
      statusCode: 400,
      body: { code: 'InvalidContent', message: 'Invalid JSON' },
    });
    expect(errorResponse(restifyLike)).toEqual({ status: 400, body: { code: 'InvalidContent', message: 'Invalid JSON' } });
  });

  it('says nothing of a bug’s insides', () => {
    expect(errorResponse(new TypeError('cannot read x of undefined'))).toEqual({
      status: 500,
      body: { code: 'Internal', message: 'something went wrong on our side; it has been logged' },
    });
  });

  it('gives each code the status of the catalogue, and refuses one that is not its', () => {
    expect(new ApiError({ code: 'LastAdminKey', message: 'x' }).status).toBe(409);
    expect(new ApiError({ code: 'VersionConflict', message: 'x' }, 412).status).toBe(412);
    expect(() => new ApiError({ code: 'NotFound', message: 'x' }, 410)).toThrow('NotFound is answered with 404, not 410');
  });

  it("answers the desk's refusals from the one table, with the field and the alternatives", () => {
    const claim = { _id: 'c1', personId: 'p1', agentId: 'a1', agentName: 'Ana', at: new Date('2026-11-24T09:00:00Z') };
    expect(errorResponse(DeskRefusal.claimed(claim))).toEqual({
      status: 409,
      body: { code: 'AlreadyClaimed', message: 'already claimed by Ana' },
    });
    const slot = { startUtc: '2026-11-26T10:30:00.000Z', startAgent: 'a', startProspect: 'p' };
    expect(errorResponse(DeskRefusal.slot('not_offered', [slot]))).toEqual({
      status: 422,
      body: {
        code: 'SlotNotOffered',
        field: 'startUtc',
        message: 'startUtc: that time is not a free slot this person can be called in',
        alternatives: [slot],
      },
    });
  });

  it("files a restify refusal of a code we do not list under the catalogue's code for its status", () => {
    const notFound = Object.assign(new Error('/nowhere does not exist'), {
      statusCode: 404,
      body: { code: 'ResourceNotFound', message: '/nowhere does not exist' },
    });
    expect(errorResponse(notFound)).toEqual({ status: 404, body: { code: 'NotFound', message: '/nowhere does not exist' } });
  });
});
