// The int8 MiniLM sentence encoder on ONNX Runtime Web. Mean pooling and L2 normalisation are
// part of the graph (docs/architecture.md), so the output is the vector the index was built from.
import type * as OrtModule from 'onnxruntime-web/wasm';

type Ort = typeof OrtModule;

/** ONNX Runtime's WASM runtime, copied into public/ort/ by scripts/copy-ort-wasm.mjs. */
export const ORT_RUNTIME_PATH = 'ort/';
export const ORT_RUNTIME_WASM = 'ort-wasm-simd-threaded.wasm';
/** The .mjs ONNX Runtime imports to load that .wasm. */
export const ORT_RUNTIME_LOADER = 'ort-wasm-simd-threaded.mjs';

const OUTPUT = 'sentence_embedding';

export class SentenceEncoder {
  private constructor(
    private readonly ort: Ort,
    private readonly session: OrtModule.InferenceSession,
    readonly dimension: number,
  ) {}

  /**
   * `runtimeBinary` is the ORT .wasm the caller already downloaded (with progress); ORT then
   * only imports its small .mjs glue from our own ort/ folder, never from a CDN.
   */
  static async create(
    siteRoot: string,
    modelBytes: Uint8Array,
    runtimeBinary: Uint8Array,
    dimension: number,
  ): Promise<SentenceEncoder> {
    const ort = await import('onnxruntime-web/wasm');
    ort.env.wasm.wasmPaths = new URL(ORT_RUNTIME_PATH, siteRoot).href;
    ort.env.wasm.wasmBinary = runtimeBinary;
    // Threads need SharedArrayBuffer, which browsers only give cross-origin isolated pages.
    ort.env.wasm.numThreads = globalThis.crossOriginIsolated === true
      ? Math.max(1, Math.min(4, globalThis.navigator?.hardwareConcurrency ?? 1))
      : 1;
    // We already run inside a worker; ORT's own proxy worker would only add a hop.
    ort.env.wasm.proxy = false;
    const session = await ort.InferenceSession.create(modelBytes, {
      executionProviders: ['wasm'],
      graphOptimizationLevel: 'all',
    });
    for (const name of ['input_ids', 'attention_mask']) {
      if (!session.inputNames.includes(name)) {
        throw new Error(`model.int8.onnx has no input "${name}" (inputs: ${session.inputNames.join(', ')})`);
      }
    }
    if (!session.outputNames.includes(OUTPUT)) {
      throw new Error(`model.int8.onnx has no output "${OUTPUT}" (outputs: ${session.outputNames.join(', ')})`);
    }
    return new SentenceEncoder(ort, session, dimension);
  }

  /** Token ids including [CLS] and [SEP] → the L2-normalised sentence embedding. */
  async encode(tokenIds: Int32Array): Promise<Float32Array> {
    const n = tokenIds.length;
    const ids = new BigInt64Array(n);
    for (let i = 0; i < n; ++i) ids[i] = BigInt(tokenIds[i]!);
    const mask = new BigInt64Array(n).fill(1n);
    const feeds = {
      input_ids: new this.ort.Tensor('int64', ids, [1, n]),
      attention_mask: new this.ort.Tensor('int64', mask, [1, n]),
    };
    const outputs = await this.session.run(feeds, [OUTPUT]);
    const output = outputs[OUTPUT];
    if (output === undefined || output.type !== 'float32' || output.data.length !== this.dimension) {
      throw new Error(
        `model.int8.onnx returned ${output?.type ?? 'nothing'} [${output?.dims.join(', ') ?? ''}] ` +
          `instead of float32 [1, ${this.dimension}]`,
      );
    }
    const vector = new Float32Array(output.data as Float32Array);
    for (const tensor of Object.values(outputs)) tensor.dispose();
    return vector;
  }
}
