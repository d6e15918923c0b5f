"""dedup: recognise near-duplicate articles (syndicated copies) by MinHash.

A wire story reprinted by ten outlets differs only in a headline, a byline or
a trailing sentence; it is one source, not ten. Each article gets a MinHash
signature of its word 5-grams; locality-sensitive hashing (BANDS bands of
ROWS rows) finds the stored articles that may be alike in one index lookup
each, and the signatures' agreement estimates their Jaccard similarity.
"""
from __future__ import annotations

import hashlib
import re
import zlib
from urllib.parse import urlsplit

import numpy as np

SHINGLE_WORDS = 5
PERMUTATIONS = 64
BANDS, ROWS = 16, 4  # candidates from about 0.5 similarity; confirmed at NEAR_DUPLICATE
NEAR_DUPLICATE = 0.8
# Short reports that differ in a day or a number are different events told
# in a house style, not copies: only bodies this long are compared at all.
MIN_WORDS = 50
_PRIME = np.uint64((1 << 32) - 5)
_rng = np.random.default_rng(20260101)  # fixed: signatures must compare across runs
_A = _rng.integers(1, (1 << 32) - 5, PERMUTATIONS, dtype=np.uint64)
_B = _rng.integers(0, (1 << 32) - 5, PERMUTATIONS, dtype=np.uint64)
_WORD = re.compile(r"\w+")


def shingles(text: str) -> np.ndarray:
    """32-bit hashes of the text's overlapping word 5-grams (case and punctuation folded)."""
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE_WORDS:
        return np.array([zlib.crc32(" ".join(words).encode())], dtype=np.uint64)
    grams = {" ".join(words[i:i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}
    return np.fromiter((zlib.crc32(g.encode()) for g in grams), dtype=np.uint64, count=len(grams))


def signature(text: str, title: str = "") -> np.ndarray:
    """The MinHash signature of the body: per permutation, the smallest permuted shingle.

    The headline is left out: outlets rewrite headlines on wire copy.
    """
    if title and text.startswith(title) and len(text) > len(title):
        text = text[len(title):]
    h = shingles(text)
    # (a*h + b) mod p stays below 2**64 because a, h, b are all below 2**32.
    permuted = (_A[:, None] * h[None, :] + _B[:, None]) % _PRIME
    return permuted.min(axis=1).astype(np.uint32)


def comparable(text: str) -> bool:
    return len(_WORD.findall(text)) >= MIN_WORDS


def band_keys(sig: np.ndarray) -> list[int]:
    """One integer per band, for an indexed lookup; the band number is part of the key."""
    keys = []
    for band in range(BANDS):
        digest = hashlib.blake2b(sig[band * ROWS:(band + 1) * ROWS].tobytes(), digest_size=7,
                                 person=band.to_bytes(2, "little")).digest()
        keys.append(int.from_bytes(digest, "little"))  # 56 bits: fits SQLite's signed 64-bit integer
    return keys


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two articles' shingle sets."""
    return float(np.mean(a == b))


def to_blob(sig: np.ndarray) -> bytes:
    return sig.astype("<u4").tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<u4")


def canonical_fits(url: str, canonical: str) -> bool:
    """Does a page at `url` own the canonical URL it declares (so that another text there is a new version)?

    It does when the canonical URL is the page's own address, or an address on the page's own site
    (www. aside); never when it is a site's front page, which names no article.
    """
    if not canonical:
        return False
    try:
        declared, own = urlsplit(canonical), urlsplit(url)
        host, own_host = declared.hostname, own.hostname
    except ValueError:  # "http://[::1" and the like
        return False
    if declared.scheme.lower() in ("http", "https") and not declared.path.strip("/") and not declared.query:
        return False
    if canonical == url:
        return True
    if declared.scheme.lower() not in ("http", "https") or own.scheme.lower() not in ("http", "https"):
        return False
    host = (host or "").removeprefix("www.")
    return bool(host) and host == (own_host or "").removeprefix("www.")
