// The page's engine client with the visitor's filters and sort order applied to every result list:
// queries that return a result list carry the current EngineFilter (unless they bring their own),
// and their results come back in the chosen order. The panels stay unaware of filters.
import { EngineClient, type WorkerLike } from '../engine/engine_client';
import type { EngineFilter } from '../engine/engine_filter';
import type { Payload, Progress, RankedMovie, RequestType, Result } from '../engine/protocol';
import { type SortOrder, sortAnswer } from './filters';

const RESULT_LISTS: ReadonlySet<RequestType> = new Set<RequestType>(['similar', 'user', 'describe', 'profile', 'popular']);

export class FilteringEngineClient extends EngineClient {
  constructor(
    worker: WorkerLike,
    private readonly current: () => { filter: EngineFilter; sort: SortOrder },
  ) {
    super(worker);
  }

  override async request<T extends RequestType>(type: T, payload: Payload<T>, onProgress?: (progress: Progress) => void): Promise<Result<T>> {
    if (!RESULT_LISTS.has(type)) return super.request(type, payload, onProgress);
    const { filter, sort } = this.current();
    const withFilter = 'filter' in payload && payload.filter !== undefined ? payload : { ...payload, filter };
    const answer = await super.request(type, withFilter, onProgress);
    return sortAnswer(answer as Result<T> & { results: RankedMovie[] }, sort);
  }
}
