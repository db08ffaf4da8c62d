import { describe, expect, it } from 'vitest';
import { EngineClient, EngineError, type WorkerLike } from '../../../web/src/engine/engine_client';
import { parseReply, parseRequest, ProtocolError } from '../../../web/src/engine/protocol';

describe('parseRequest', () => {
  it('accepts every request type with a well-formed payload', () => {
    expect(parseRequest({ id: 1, type: 'init', payload: { siteRoot: 'http://127.0.0.1/movierec/' } }).type).toBe('init');
    expect(parseRequest({ id: 2, type: 'findTitles', payload: { query: 'toy', limit: 8 } })).toEqual({
      id: 2,
      type: 'findTitles',
      payload: { query: 'toy', limit: 8 },
    });
    expect(parseRequest({ id: 3, type: 'similar', payload: { movieIndex: 0, k: 10 } }).payload).toEqual({ movieIndex: 0, k: 10 });
    expect(parseRequest({ id: 4, type: 'similar', payload: { title: 'Heat', k: 50 } }).payload).toEqual({ title: 'Heat', k: 50 });
    expect(parseRequest({ id: 5, type: 'user', payload: { userId: 1, k: 1 } }).payload).toEqual({ userId: 1, k: 1 });
    expect(parseRequest({ id: 6, type: 'loadModel', payload: {} }).type).toBe('loadModel');
    expect(parseRequest({ id: 7, type: 'describe', payload: { text: 'robots', k: 10 } }).type).toBe('describe');
  });

  it('names the field that is wrong', () => {
    expect(() => parseRequest(null)).toThrow(ProtocolError);
    expect(() => parseRequest({ id: 'x', type: 'init', payload: {} })).toThrow(/"id" must be an integer/);
    expect(() => parseRequest({ id: 1, type: 'launch', payload: {} })).toThrow(/unknown type "launch"/);
    expect(() => parseRequest({ id: 1, type: 'user', payload: { userId: 1, k: 0 } })).toThrow(/k must be between 1 and 50, got 0/);
    expect(() => parseRequest({ id: 1, type: 'user', payload: { userId: 1, k: 51 } })).toThrow(/got 51/);
    expect(() => parseRequest({ id: 1, type: 'user', payload: { userId: 1.5, k: 5 } })).toThrow(/"userId" must be an integer/);
    expect(() => parseRequest({ id: 1, type: 'similar', payload: { movieIndex: -1, k: 5 } })).toThrow(/negative/);
    expect(() => parseRequest({ id: 1, type: 'similar', payload: { k: 5 } })).toThrow(/"title" must be a string/);
    expect(() => parseRequest({ id: 1, type: 'describe', payload: { text: 3, k: 5 } })).toThrow(/"text"/);
    // The benchmark's request exists only in a bench build (bench/bench_requests.ts).
    expect(() => parseRequest({ id: 1, type: 'bench', payload: { kind: 'jsScan', inputs: [], k: 5 } })).toThrow(/unknown type "bench"/);
    expect(() => parseRequest({ id: 1, type: 'findTitles', payload: { query: 'a', limit: 1000 } })).toThrow(/limit/);
  });
});

describe('parseReply', () => {
  it('checks progress and error replies', () => {
    expect(parseReply({ id: 1, type: 'result', payload: { movies: [] } })).toEqual({ id: 1, type: 'result', payload: { movies: [] } });
    expect(
      parseReply({ id: 1, type: 'progress', payload: { phase: 'model', step: 'download', file: 'model.int8.onnx', loaded: 5, total: 10 } }).type,
    ).toBe('progress');
    expect(() => parseReply({ id: 1, type: 'progress', payload: { phase: 'x', step: 'download', file: '', loaded: 0, total: 0 } })).toThrow(/phase/);
    expect(() => parseReply({ id: 1, type: 'error', payload: { message: 'm', kind: 'fatal' } })).toThrow(/kind/);
    expect(() => parseReply({ id: 1, type: 'done', payload: {} })).toThrow(/unknown type/);
  });
});

/** A worker stand-in that answers with scripted replies. */
class ScriptedWorker implements WorkerLike {
  onmessage: ((event: MessageEvent<unknown>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  readonly sent: Array<{ id: number; type: string; payload: unknown }> = [];
  postMessage(message: unknown): void {
    this.sent.push(message as { id: number; type: string; payload: unknown });
  }
  reply(data: unknown): void {
    this.onmessage?.({ data } as MessageEvent<unknown>);
  }
}

describe('EngineClient', () => {
  it('matches replies to requests by id, in any order, and passes progress on', async () => {
    const worker = new ScriptedWorker();
    const client = new EngineClient(worker);
    const progress: number[] = [];
    const everyProgress: string[] = [];
    client.onProgress((p) => everyProgress.push(p.file));
    const first = client.request('loadModel', {}, (p) => progress.push(p.loaded));
    const second = client.request('user', { userId: 9999, k: 10 });
    expect(worker.sent.map((m) => [m.id, m.type])).toEqual([
      [1, 'loadModel'],
      [2, 'user'],
    ]);
    worker.reply({ id: 1, type: 'progress', payload: { phase: 'model', step: 'download', file: 'model.int8.onnx', loaded: 3, total: 9 } });
    worker.reply({ id: 2, type: 'error', payload: { message: 'unknown user 9999', kind: 'input' } });
    worker.reply({ id: 1, type: 'result', payload: { modelBytes: 9 } });
    await expect(first).resolves.toEqual({ modelBytes: 9 });
    const error = await second.catch((e) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect(error.kind).toBe('input');
    expect(error.message).toBe('unknown user 9999');
    expect(progress).toEqual([3]);
    expect(everyProgress).toEqual(['model.int8.onnx']);
  });

  it('fails every open request when the worker dies', async () => {
    const worker = new ScriptedWorker();
    const client = new EngineClient(worker);
    const pending = client.request('init', { siteRoot: 'http://x/' });
    worker.onerror?.({ message: 'SyntaxError in worker' } as ErrorEvent);
    await expect(pending).rejects.toThrow('SyntaxError in worker');
  });
});
