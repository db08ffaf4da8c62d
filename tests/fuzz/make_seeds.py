#!/usr/bin/env python3
"""Writes the small seed inputs of tests/fuzz/artifact_readers_fuzz.cpp, hybrid_manifest_fuzz.cpp and
relevance_benchmark_fuzz.cpp into tests/fuzz/seeds/.

Each seed is one selector byte (0 catalog.bin, 1 users.bin + ratings.bin, 2 index.faiss; see the fuzz target)
followed by a valid artifact in the layout of docs/architecture.md, so the fuzzer starts from inputs
that get past the magic bytes and explores the fields behind them.
"""
import struct
from pathlib import Path

OUT = Path(__file__).resolve().parent / "seeds"


def short_string(text: str) -> bytes:
    data = text.encode("utf-8")
    return struct.pack("<H", len(data)) + data


def catalog() -> bytes:
    genres = ["Animation", "Comedy", "Drama"]
    movies = [
        (1, 1995, 0b011, 3.9, 215, 114709, 862, "Toy Story (1995)", "pixar, fun", "Toys come to life."),
        (2, 1995, 0b100, 3.4, 110, 113497, 8844, "Jumanji (1995)", "", ""),
        (3, 0, 0, 0.0, 0, 0, 0, "Café, The", "<b>tag</b>", ""),
        (4, 2001, 0b110, 5.0, 1, 1, 1, "x", "y", "z"),
    ]
    out = b"MRCATLG\0" + struct.pack("<II", 3, len(genres))
    out += b"".join(short_string(g) for g in genres)
    out += struct.pack("<I", len(movies))
    for movie_id, year, mask, avg, count, imdb, tmdb, title, tags, overview in movies:
        out += struct.pack("<IHIfIII", movie_id, year, mask, avg, count, imdb, tmdb)
        out += short_string(title) + short_string(tags) + short_string(overview)
    # The build's series: movies 1 and 4 (rows 0 and 3) form one, named by row 0.
    none = 0xFFFFFFFF
    out += b"\1" + struct.pack("<IIII", 0, none, none, 0)
    return out


def ratings() -> bytes:
    """users.bin then ratings.bin, after a byte giving users.bin's length in units of 4 bytes."""
    import hashlib
    users = {3: [(0, 9), (15, 1)], 7: [(2, 10)], 9: []}
    total = sum(len(r) for r in users.values())
    records = b"".join(struct.pack("<IB", m, h) for rows in users.values() for m, h in rows)
    directory = b"MRUSERS\0" + struct.pack("<IIIII", 2, 16, len(users), total, 16384)
    for user_id, rows in users.items():
        directory += struct.pack("<II", user_id, len(rows))
    directory += struct.pack("<I", 1) + hashlib.sha256(records).digest()
    assert len(directory) % 4 == 0
    return bytes([len(directory) // 4]) + directory + records


def index_header(fourcc: bytes, dim: int, rows: int) -> bytes:
    # d (int32), ntotal (int64), two unused int64, is_trained (bool), metric (int32: 0 = inner product)
    return fourcc + struct.pack("<iqqqBi", dim, rows, 1 << 20, 1 << 20, 1, 0)


def flat_index() -> bytes:
    dim, rows = 4, 4
    vectors = [1.0, 0, 0, 0, 0, 1.0, 0, 0, 0, 0, 1.0, 0, 0.5, 0.5, 0.5, 0.5]
    return index_header(b"IxFI", dim, rows) + struct.pack("<Q", rows * dim) + struct.pack(f"<{rows * dim}f", *vectors)


def sq8_index() -> bytes:
    dim, rows = 4, 4
    out = index_header(b"IxSQ", dim, rows)
    out += struct.pack("<iifQQ", 0, 0, 0.0, dim, dim)  # QT_8bit, RS_minmax, arg, d, code_size
    trained = [-1.0] * dim + [2.0] * dim  # vmin, vdiff per dimension
    out += struct.pack("<Q", len(trained)) + struct.pack(f"<{len(trained)}f", *trained)
    codes = bytes(range(0, 255, 16))[: rows * dim]
    return out + struct.pack("<Q", len(codes)) + codes


def hybrid_manifest() -> bytes:
    """hybrid_manifest_fuzz.cpp: byte 8 asks for a 9-dimensional index, then the manifest's "hybrid"."""
    profile = ('"audience_share":0.5,"fold_in_lambda":0.5,"popularity":0.3,"popularity_ratings":2,"linear":0.01,'
               '"dislike":0.1,"not_interested":0.05,"calibration":0.1,"diversity":0.1,"max_per_series":2,"disliked_neighbours":0.3')
    return b"\10" + (
        '{"content_dimension":3,"collaborative_dimension":2,"linear_dimension":2,"prior_dimension":2,'
        '"content_weight":0.5,"fold_in":{"alpha":2,"rating_confidence":true},'
        '"queries":{"visitor":{"profile":"likeness",' + profile + '},"user":{"profile":"fold_in",' + profile + '},'
        '"similar":{"audience_share":0.3,"series_bonus":0.2,"genre_bonus":0.03},"describe":{"popularity":0.2,"rating":0.1}}}').encode()


def relevance_benchmarks() -> dict[str, bytes]:
    """relevance_benchmark_fuzz.cpp: an even first byte reads describe.tsv, an odd one similar.tsv."""
    describe = ("kind\tquery\tmovie_ids\ttitles\n"
                "film\ta toy cowboy fears a new spaceman toy\t1\tToy Story (1995)\n"
                "mood\ta cosy animated evening\t1 2 3 4\tA (1) | B (2) | Café (3) | D (4)\n")
    similar = ("movie_id\ttitle\texpected_ids\texpected_titles\twhy\r\n"
               "1\tToy Story (1995)\t2 3 4\tB | C | D\tsequels\r\n")
    return {"relevance_describe.seed": b"\0" + describe.encode(), "relevance_similar.seed": b"\1" + similar.encode()}


def main() -> None:
    OUT.mkdir(exist_ok=True)
    seeds = {"catalog.seed": b"\0" + catalog(), "ratings.seed": b"\1" + ratings(),
             "index_flat.seed": b"\2" + flat_index(), "index_sq8.seed": b"\2" + sq8_index(),
             "hybrid_manifest.seed": hybrid_manifest(), **relevance_benchmarks()}
    for name, data in seeds.items():
        (OUT / name).write_bytes(data)
        print(f"{name}: {len(data)} bytes")


if __name__ == "__main__":
    main()
