// The engine worker's entry: the engine service (engine/engine_service.ts) answering the page,
// with artifacts fetched and the text model kept through the offline copy. A benchmark build
// (vite build --mode bench, for scripts/bench-browser.mjs) also answers timed batches; in every
// other build that condition is false at build time, so the shipped worker carries none of that code.
/// <reference types="vite/client" />
import { benchRequests } from './bench/bench_requests';
import { serveRequests, type WorkerScope } from './engine/engine_service';
import { storeModelOffline, storeRuntimeOffline } from './offline/offline_model';
import { offlineRatingBlocks } from './offline/offline_ratings';
import { downloadArtifactWithRepair } from './offline/offline_repair';

serveRequests(
  self as unknown as WorkerScope,
  {
    download: downloadArtifactWithRepair,
    keepModel: storeModelOffline,
    keepRuntime: storeRuntimeOffline,
    ratingBlocks: offlineRatingBlocks,
  },
  import.meta.env.MODE === 'bench' ? benchRequests : undefined,
);
