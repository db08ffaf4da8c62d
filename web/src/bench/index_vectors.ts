// Reads the vectors back out of index.faiss as written by faiss::write_index, for the flat
// (IndexFlatIP / IndexFlatL2) and scalar-quantizer (IndexScalarQuantizer: 8-bit, 8-bit uniform,
// fp16) indexes. Only the in-browser benchmark needs this: it compares the engine's search with
// a plain JavaScript scan over the very same vectors FAISS searches.

export interface FlatVectors {
  dimension: number;
  count: number;
  /** count × dimension floats, row i = catalog movie i. */
  vectors: Float32Array;
}

/** FAISS ScalarQuantizer::QuantizerType values this reader decodes. */
const QT_8BIT = 0;
const QT_8BIT_UNIFORM = 2;
const QT_FP16 = 4;

class IndexReader {
  private offset = 0;
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  private need(n: number, field: string): number {
    if (n < 0 || this.offset + n > this.bytes.length) {
      throw new Error(`index.faiss: file ends inside ${field} (offset ${this.offset}, ${this.bytes.length} bytes)`);
    }
    const at = this.offset;
    this.offset += n;
    return at;
  }

  fourcc(): string {
    const at = this.need(4, 'the type code');
    return String.fromCharCode(...this.bytes.subarray(at, at + 4));
  }
  i32(field: string): number {
    return this.view.getInt32(this.need(4, field), true);
  }
  f32(field: string): number {
    return this.view.getFloat32(this.need(4, field), true);
  }
  u8(field: string): number {
    return this.view.getUint8(this.need(1, field));
  }
  size(field: string): number {
    const value = this.view.getBigUint64(this.need(8, field), true);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`index.faiss: ${field} is implausibly large`);
    return Number(value);
  }
  /** `n` little-endian floats, copied (the file gives no alignment guarantee). */
  floats(n: number, field: string): Float32Array {
    const at = this.need(n * 4, field);
    const out = new Float32Array(n);
    new Uint8Array(out.buffer).set(this.bytes.subarray(at, at + n * 4));
    return out;
  }
  slice(n: number, field: string): Uint8Array {
    const at = this.need(n, field);
    return this.bytes.subarray(at, at + n);
  }
  end(): void {
    if (this.offset !== this.bytes.length) throw new Error(`index.faiss: ${this.bytes.length - this.offset} unexpected trailing bytes`);
  }
}

function halfToFloat(half: number): number {
  const sign = half & 0x8000 ? -1 : 1;
  const exponent = (half >> 10) & 0x1f;
  const fraction = half & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction === 0 ? sign * Infinity : Number.NaN;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

export function decodeIndexVectors(bytes: Uint8Array): FlatVectors {
  const input = new IndexReader(bytes);
  const fourcc = input.fourcc();
  if (fourcc !== 'IxFI' && fourcc !== 'IxF2' && fourcc !== 'IxSQ') {
    throw new Error(`index.faiss: index type "${fourcc}" is neither flat nor a scalar quantizer, so its vectors cannot be read`);
  }
  // Header: i32 d, i64 ntotal, two i64 placeholders, u8 is_trained, i32 metric_type.
  const dimension = input.i32('the dimension');
  const count = input.size('the vector count');
  input.size('a placeholder');
  input.size('a placeholder');
  input.u8('is_trained');
  if (input.i32('the metric') > 1) input.f32('the metric argument');
  if (dimension <= 0) throw new Error(`index.faiss: dimension ${dimension}`);

  const vectors = new Float32Array(count * dimension);
  if (fourcc !== 'IxSQ') {
    const floats = input.size('the float count');
    if (floats !== count * dimension) {
      throw new Error(`index.faiss: ${floats} floats do not make ${count} vectors of dimension ${dimension}`);
    }
    vectors.set(input.floats(floats, 'the vectors'));
    input.end();
    return { dimension, count, vectors };
  }

  // ScalarQuantizer: i32 qtype, i32 rangestat, f32 rangestat_arg, u64 d, u64 code_size, trained
  // floats; then the codes.
  const qtype = input.i32('the quantizer type');
  input.i32('the range statistic');
  input.f32('the range argument');
  if (input.size('the quantizer dimension') !== dimension) throw new Error('index.faiss: the quantizer dimension differs from the index');
  const codeSize = input.size('the code size');
  const trained = input.floats(input.size('the trained size'), 'the trained ranges');
  const codes = input.slice(input.size('the code bytes'), 'the codes');
  input.end();
  if (codes.length !== count * codeSize) throw new Error(`index.faiss: ${codes.length} code bytes for ${count} vectors of ${codeSize}`);

  if (qtype === QT_8BIT || qtype === QT_8BIT_UNIFORM) {
    const uniform = qtype === QT_8BIT_UNIFORM;
    if (codeSize !== dimension || trained.length !== (uniform ? 2 : 2 * dimension)) {
      throw new Error('index.faiss: the 8-bit quantizer has inconsistent sizes');
    }
    // FAISS's Codec8bit: component = (code + 0.5) / 255, then vmin + component × vdiff.
    for (let row = 0; row < count; ++row) {
      for (let j = 0; j < dimension; ++j) {
        const vmin = uniform ? trained[0]! : trained[j]!;
        const vdiff = uniform ? trained[1]! : trained[dimension + j]!;
        vectors[row * dimension + j] = vmin + ((codes[row * codeSize + j]! + 0.5) / 255) * vdiff;
      }
    }
  } else if (qtype === QT_FP16) {
    if (codeSize !== 2 * dimension) throw new Error('index.faiss: the fp16 quantizer has inconsistent sizes');
    for (let i = 0; i < count * dimension; ++i) vectors[i] = halfToFloat(codes[2 * i]! | (codes[2 * i + 1]! << 8));
  } else {
    throw new Error(`index.faiss: scalar quantizer type ${qtype} is not one this reader decodes`);
  }
  return { dimension, count, vectors };
}

/**
 * The textbook top-k by inner product: one pass over all rows keeping a small sorted list.
 * Returns row indices, best first.
 */
export function scanTopK(flat: FlatVectors, query: Float32Array, k: number): { indices: Uint32Array; scores: Float32Array } {
  const { dimension, count, vectors } = flat;
  const best = new Float32Array(k).fill(-Infinity);
  const bestIndex = new Uint32Array(k);
  let filled = 0;
  for (let row = 0; row < count; ++row) {
    let dot = 0;
    const base = row * dimension;
    for (let j = 0; j < dimension; ++j) dot += vectors[base + j]! * query[j]!;
    if (filled < k || dot > best[k - 1]!) {
      let position = filled < k ? filled++ : k - 1;
      while (position > 0 && best[position - 1]! < dot) {
        best[position] = best[position - 1]!;
        bestIndex[position] = bestIndex[position - 1]!;
        --position;
      }
      best[position] = dot;
      bestIndex[position] = row;
    }
  }
  return { indices: bestIndex.subarray(0, filled), scores: best.subarray(0, filled) };
}
