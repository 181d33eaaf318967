import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ReplyShapeError, replySerializerCompiler } from '../../src/http/reply-serializer.js';

const Reply = z.object({ id: z.string(), count: z.number().int(), note: z.string().nullable().optional() });
const compile = (checks: boolean) =>
  replySerializerCompiler(checks)({ schema: Reply, method: 'GET', url: '/v1/things/:id', httpStatus: '200' } as never);

describe('reply serializer', () => {
  it('writes the reply as JSON.stringify does, with checks on or off', () => {
    const reply = { id: 'runc', count: 3, note: null };
    expect(compile(false)(reply)).toBe(JSON.stringify(reply));
    expect(compile(true)(reply)).toBe(JSON.stringify(reply));
    expect(compile(true)({ count: 1, id: 'x', note: undefined })).toBe('{"count":1,"id":"x"}');
  });

  it('with checks on, refuses a reply with a field the schema lacks (it would leak past the document)', () => {
    expect(() => compile(true)({ id: 'runc', count: 3, internal: 'secret' })).toThrow(ReplyShapeError);
  });

  it('with checks on, refuses a missing or mistyped field, naming the route', () => {
    expect(() => compile(true)({ id: 'runc' })).toThrow(/GET \/v1\/things\/:id .*count/s);
    expect(() => compile(true)({ id: 'runc', count: 1.5 })).toThrow(ReplyShapeError);
  });

  it('with checks off, writes what it is given', () => {
    expect(compile(false)({ id: 'runc', count: 3, extra: true })).toBe('{"id":"runc","count":3,"extra":true}');
  });
});
