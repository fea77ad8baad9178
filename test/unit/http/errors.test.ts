import { MongoNetworkError, MongoServerError } from 'mongodb';
import { z } from 'zod';
import { ApiError, errorResponse } from '../../../bot/http/errors';

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
});
