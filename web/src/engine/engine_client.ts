// The page's side of protocol.ts: numbered requests to the worker, answered by promises.
import {
  type ErrorKind,
  type Payload,
  parseReply,
  type Progress,
  type RequestType,
  type Result,
} from './protocol';

/** An error the worker reported; `kind` tells an inline message from a broken site. */
export class EngineError extends Error {
  override name = 'EngineError';
  constructor(
    message: string,
    readonly kind: ErrorKind,
  ) {
    super(message);
  }
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  onProgress: ((progress: Progress) => void) | undefined;
}

/** The minimal Worker surface, so tests can drive the client with a fake. */
export interface WorkerLike {
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent<unknown>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

export class EngineClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly progressListeners = new Set<(progress: Progress) => void>();

  constructor(private readonly worker: WorkerLike) {
    worker.onmessage = (event) => this.receive(event.data);
    worker.onerror = (event) => {
      // A worker that fails to load or throws at top level takes every open request with it.
      const message = event.message || 'The background worker failed to start.';
      for (const [, pending] of this.pending) pending.reject(new EngineError(message, 'internal'));
      this.pending.clear();
    };
  }

  request<T extends RequestType>(
    type: T,
    payload: Payload<T>,
    onProgress?: (progress: Progress) => void,
  ): Promise<Result<T>> {
    const id = this.nextId++;
    return new Promise<Result<T>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, onProgress });
      this.worker.postMessage({ id, type, payload });
    });
  }

  /** Progress of every request, e.g. the text model download started by whichever tab needed it. */
  onProgress(listener: (progress: Progress) => void): () => void {
    this.progressListeners.add(listener);
    return () => this.progressListeners.delete(listener);
  }

  private receive(data: unknown): void {
    let reply;
    try {
      reply = parseReply(data);
    } catch (error) {
      console.error('Ignoring a malformed reply from the worker:', error);
      return;
    }
    const pending = this.pending.get(reply.id);
    switch (reply.type) {
      case 'progress':
        pending?.onProgress?.(reply.payload);
        for (const listener of this.progressListeners) listener(reply.payload);
        return;
      case 'result':
        this.pending.delete(reply.id);
        pending?.resolve(reply.payload);
        return;
      case 'error':
        this.pending.delete(reply.id);
        pending?.reject(new EngineError(reply.payload.message, reply.payload.kind));
        return;
    }
  }
}
