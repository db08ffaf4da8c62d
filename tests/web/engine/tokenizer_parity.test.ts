// The engine's WordPieceTokenizer (through `movierec tokenize`) must give the same ids as Hugging Face
// for every line of tests/fixtures/tokenizer_corpus.txt, every MovieLens title, and text holding
// invalid UTF-8. The reference is transformers.js, loaded offline from the local tokenizer files.
//
// Environment (relative paths are taken from the repository root):
//   MOVIEREC_TOKENIZER_DIR  tokenizer.json + vocab.txt      default ../shared/models/all-MiniLM-L6-v2
//   MOVIELENS_DIR           movies.csv                      default ../shared/data/ml-latest-small
//   MOVIEREC_CLI            the native command line         default build/native/pipeline/movierec
//
// Two things transformers.js does differently from BertTokenizerFast, which the engine follows:
//  - when it truncates it cuts [SEP] off; BertTokenizerFast truncates the text and keeps [SEP], so the
//    reference here encodes without truncation and cuts the way BertTokenizerFast does;
//  - it lower-cases a word-final capital sigma to "ς" and does not isolate CJK ideographs beyond the
//    BMP; the corpus holds neither, and tests/native/wordpiece_tokenizer_test.cpp pins the
//    BertTokenizerFast behaviour for both.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { AutoTokenizer, env } from '@huggingface/transformers';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fromRoot = (value: string | undefined, fallback: string) => path.resolve(repoRoot, value || fallback);
const tokenizerDir = fromRoot(process.env.MOVIEREC_TOKENIZER_DIR, '../shared/models/all-MiniLM-L6-v2');
const movielensDir = fromRoot(process.env.MOVIELENS_DIR, '../shared/data/ml-latest-small');
const cliPath = fromRoot(process.env.MOVIEREC_CLI, 'build/native/pipeline/movierec');

const MAX_SEQ_LENGTH = 256;

// The title column of movies.csv (RFC 4180: quoted fields may hold commas and doubled quotes).
function readTitles(csv: string): string[] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < csv.length; ++i) {
    const c = csv[i];
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') {
        field += '"';
        ++i;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && csv[i + 1] === '\n') ++i;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else {
      field += c;
    }
  }
  if (field !== '' || record.length > 0) records.push([...record, field]);
  const header = records[0] ?? [];
  const titleColumn = header.indexOf('title');
  if (titleColumn < 0) throw new Error('movies.csv has no title column');
  return records.slice(1).map((row) => row[titleColumn] ?? '');
}

// Byte strings a browser never sends but a file or a pipe can: each one is compared with Hugging Face
// on the text a UTF-8 decoder makes of it (U+FFFD for every invalid byte sequence).
const invalidUtf8Lines: Buffer[] = [
  Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6e, 0x6f, 0x69, 0x72]), // Latin-1 "café noir"
  Buffer.from([0x80, 0xbf, 0x61, 0x62, 0x63]), // stray continuation bytes
  Buffer.from([0x61, 0x62, 0xe2, 0x82]), // truncated sequence at the end
  Buffer.from([0x61, 0xe2, 0x82, 0x7a, 0x20, 0x41]), // truncated sequence inside a word
  Buffer.from([0xc0, 0xaf, 0x78]), // overlong "/"
  Buffer.from([0x78, 0xed, 0xa0, 0x80, 0x79]), // encoded surrogate
  Buffer.from([0xf4, 0x90, 0x80, 0x80, 0x20, 0x7a]), // above U+10FFFF
  Buffer.from([0xff, 0xfe, 0x48, 0x00, 0x69, 0x00]), // UTF-16 with a byte order mark
  Buffer.concat([Buffer.from('Amélie '), Buffer.from([0xc3]), Buffer.from(' (2001)')]),
];

describe('WordPieceTokenizer parity with Hugging Face', () => {
  it('gives the same ids for the corpus, every MovieLens title and invalid UTF-8', async () => {
    expect(existsSync(cliPath), `native CLI not found at ${cliPath}: build it or set MOVIEREC_CLI`).toBe(true);

    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = path.dirname(tokenizerDir) + path.sep;
    const tokenizer = await AutoTokenizer.from_pretrained(path.basename(tokenizerDir));

    const corpus = readFileSync(path.join(repoRoot, 'tests/fixtures/tokenizer_corpus.txt'), 'utf8').split('\n');
    if (corpus.at(-1) === '') corpus.pop();
    const titles = readTitles(readFileSync(path.join(movielensDir, 'movies.csv'), 'utf8'));
    // The CLI reads one text per line, so no input may hold a line feed.
    for (const line of [...corpus, ...titles]) expect(line.includes('\n')).toBe(false);

    const decoder = new TextDecoder('utf-8', { fatal: false });
    const inputs: { source: string; bytes: Buffer; text: string }[] = [
      ...corpus.map((text, i) => ({ source: `corpus line ${i + 1}`, bytes: Buffer.from(text, 'utf8'), text })),
      ...titles.map((text, i) => ({ source: `movies.csv title ${i + 1}`, bytes: Buffer.from(text, 'utf8'), text })),
      ...invalidUtf8Lines.map((bytes, i) => ({
        source: `invalid UTF-8 case ${i + 1}`,
        bytes,
        text: decoder.decode(bytes),
      })),
    ];

    const run = spawnSync(cliPath, ['tokenize', '--vocab', path.join(tokenizerDir, 'vocab.txt')], {
      input: Buffer.concat(inputs.flatMap(({ bytes }) => [bytes, Buffer.from('\n')])),
      maxBuffer: 1 << 28,
    });
    expect(run.error).toBeUndefined();
    expect(run.status, run.stderr?.toString()).toBe(0);
    const outputLines = run.stdout.toString('utf8').split('\n');
    if (outputLines.at(-1) === '') outputLines.pop();
    expect(outputLines.length).toBe(inputs.length);

    const mismatches: string[] = [];
    inputs.forEach(({ source, text }, i) => {
      const reference: number[] = tokenizer.encode(text);
      // BertTokenizerFast truncation: keep the first MAX_SEQ_LENGTH - 1 ids, then [SEP].
      const expected =
        reference.length > MAX_SEQ_LENGTH ? [...reference.slice(0, MAX_SEQ_LENGTH - 1), reference.at(-1)] : reference;
      const actual = (JSON.parse(outputLines[i] ?? '{}') as { input_ids?: number[] }).input_ids;
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        mismatches.push(
          `${source} ${JSON.stringify(text)}:\n  expected ${JSON.stringify(expected)}\n  actual   ${JSON.stringify(actual)}`,
        );
      }
    });

    const identical = inputs.length - mismatches.length;
    console.log(
      `tokenizer parity: ${identical}/${inputs.length} lines identical (${corpus.length} corpus, ` +
        `${titles.length} titles, ${invalidUtf8Lines.length} invalid UTF-8)`,
    );
    expect(mismatches.slice(0, 5).join('\n')).toBe('');
    expect(identical).toBe(inputs.length);
  }, 180_000);
});
