"""parallel: the per-article work (clean → parse → code → resolve → merge) in this process, in N, or on a Dask cluster.

Input: a stream of ingest.Documents (a file's bytes, a feed's line). Output: one
`Coded` per document, in input order, ready for the store. Everything before the
store runs here; the store is written by one process (service.ingest_paths), so
SQLite keeps one writer and each article stays one transaction.

Order matters: the store merges an article's events with those stored before it,
so results are handed back in the order the documents came in, whichever worker
finished first. At most `window` batches are in flight, so memory does not grow
with the corpus. Each process loads the models once (`load_models`) and parses
each batch inside a spaCy memory zone, so the parser's string table does not
grow with every new word of a long run.
"""
from __future__ import annotations

import gc
import os
import queue
import threading
import time
import traceback
from collections import deque
from contextlib import contextmanager
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, Protocol

from .export.parts import PartWriter
from .ingest import Document, IngestError, article_of
from .nlp import BATCH_SIZE, get_nlp
from .pipeline import extract_many
from .records import Article, Event
from .store import Store

DEMO_ARTICLE = Path(__file__).parent / "data" / "demo" / "mali-boulkessi.txt"


@dataclass
class Coded:
    """What became of one document: an article and its events, or why there is none."""

    source: str
    article: Article | None = None
    events: list[Event] | None = None
    error: IngestError | None = None  # the document could not be read as an article
    failure: str = ""  # the coder failed on the article: the exception's repr
    traceback: str = ""
    duplicate: bool = False  # the same text is already stored: not coded again


# One article at a time per process through the models: a Dask worker may run several tasks in threads, and
# spaCy's memory zones must not overlap.
_MODELS = threading.Lock()
_STORED: dict[str, Any] = {}  # per process: the read-only store handle that answers "already stored?"
_LOADED: dict[str, int] = {}  # "models": 1 once loaded in this process (they load once); "threads": the cap in force
_LIMITS: list[Any] = []  # the thread caps in force in this process (kept, so that they stay)


def thread_caps(threads: int) -> dict[str, str]:
    """The environment that caps a process's compute threads: OpenMP (torch, scikit-learn), the BLAS libraries
    (numpy's OpenBLAS, MKL), and the sentence encoder's tokenizer, which otherwise starts a thread per core."""
    caps = {name: str(threads) for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")}
    if threads == 1:
        caps["TOKENIZERS_PARALLELISM"] = "false"
    return caps


@contextmanager
def children_environment(values: dict[str, str]) -> Iterator[None]:
    """Processes spawned inside this block start with `values` in their environment, set before their first
    import: a spawned worker imports torch and numpy while it unpickles its first function, before any of its
    own code can cap their thread pools. This process's environment is restored on leaving."""
    before = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def load_models(threads: int = 0) -> int:
    """Load every model the per-article work uses, once in this process; returns the process id.

    `threads` > 0 caps the threads torch and the BLAS libraries use in this process (0 leaves them as
    they are). The demo article is coded once so that whatever the stages build on first use is built
    outside any memory zone.
    """
    if threads > 0:  # for a runtime that starts after this (the tokenizer reads it on every call)
        os.environ.update(thread_caps(threads))
    if not _LOADED.get("models"):
        from .extract.classifier import get_classifier
        from .resolve.event_location import get_locator

        get_nlp(), get_classifier(), get_locator()
        article = article_of(Document(str(DEMO_ARTICLE), "text", DEMO_ARTICLE.read_bytes())).article
        with _MODELS:
            list(extract_many([article]))
        # The models are millions of objects that live as long as the process. Frozen, the collector no
        # longer walks them on every full collection, nor once more when the process exits: a worker that
        # had loaded them took 2.8 s to exit on this machine (0.45 s frozen), and a Dask nanny kills a
        # worker still alive after 4 s, with a warning, when two of them exit at once on two busy cores.
        gc.collect()
        gc.freeze()
        _LOADED["models"] = 1
    if threads > 0 and _LOADED.get("threads") != threads:
        # After loading: threadpoolctl caps only the thread pools of libraries already loaded (numpy's and
        # scipy's OpenBLAS, scikit-learn's OpenMP); torch has its own setting. The encoder's torch threads
        # are what matters: on this machine, shared with other jobs, one process coded 40 articles in 168 s
        # (127 s CPU) with torch's default of 2 threads and in 44 s (29 s CPU) with 1; its OpenMP threads
        # wait for each other, spinning, whenever another process holds a core.
        import torch
        from threadpoolctl import threadpool_limits

        torch.set_num_threads(threads)
        _LIMITS[:] = [threadpool_limits(threads)]
        _LOADED["threads"] = threads
    return os.getpid()


def _stored_check(db: str | None) -> Callable[[Article], bool] | None:
    """A read-only look at the store, opened once per process; None where the store cannot be opened from here."""
    if not db:
        return None
    if db not in _STORED:
        try:
            _STORED[db] = Store(db, readonly=True)
        except Exception:  # a remote worker without the file: the writer still refuses duplicates
            _STORED[db] = None
    store = _STORED[db]
    return store.has_article if store is not None else None


def code_documents(documents: list[Document], db: str | None = None,
                   stored: Callable[[Article], bool] | None = None, parts: PartWriter | None = None,
                   batch: int = 0) -> list[Coded]:
    """The per-article work on one batch: read each document, skip texts already stored, code the rest.

    One batch is one `nlp.pipe` batch. `stored` (or a read-only look at the store at `db`) says which
    articles are already stored; those are not parsed again. With `parts`, the batch's events are
    written as Parquet part number `batch` before they are handed back.
    """
    stored = stored or _stored_check(db)
    out: list[Coded] = []
    todo: list[tuple[int, Article]] = []
    for document in documents:
        try:
            item = article_of(document)
        except Exception as exc:  # a reader bug: report it with the document, go on with the others
            out.append(Coded(document.source, failure=repr(exc), traceback=traceback.format_exc()))
            continue
        if item.error is not None:
            out.append(Coded(document.source, error=item.error))
        elif stored is not None and stored(item.article):
            out.append(Coded(document.source, duplicate=True))
        else:
            out.append(Coded(document.source, article=item.article))
            todo.append((len(out) - 1, item.article))
    if todo:
        _code(out, todo)
    if parts is not None:
        parts.write(batch, [(c.article, c.events) for c in out if c.article is not None and c.events is not None])
    return out


def _code(out: list[Coded], todo: list[tuple[int, Article]]) -> None:
    """Parse and code the articles of `todo` ((slot in `out`, article)) in one `nlp.pipe` batch; fill their slots."""
    with _MODELS, get_nlp().memory_zone():
        # Events hold plain strings and offsets, never spaCy objects, so they outlive the zone.
        results = list(extract_many([article for _, article in todo], batch_size=max(len(todo), 1)))
    for (slot, _), (article, events) in zip(todo, results):
        coded = out[slot]
        coded.article = article
        if isinstance(events, Exception):
            coded.failure = repr(events)
            coded.traceback = "".join(traceback.format_exception(events))
        else:
            coded.events = events
        article.html = None  # the store keeps the clean text only; do not ship the page back


def batches(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    it = iter(documents)
    while batch := list(islice(it, size)):
        yield batch


def in_order(submit: Callable[[int, list[Document]], Any], chunks: Iterable[list[Document]], window: int,
             result: Callable[[Any], list[Coded]]) -> Iterator[Coded]:
    """Submit batches (numbered from 0), at most `window` in flight; yield their results in the order submitted."""
    pending: deque = deque()
    for number, chunk in enumerate(chunks):
        pending.append(submit(number, chunk))
        if len(pending) >= window:
            yield from result(pending.popleft())
    while pending:
        yield from result(pending.popleft())


class Coder(Protocol):
    """Where the per-article work runs; a context manager whose `map` gives one Coded per document, in order."""

    def __enter__(self) -> "Coder": ...

    def __exit__(self, *exc: object) -> None: ...

    def map(self, documents: Iterable[Document], store: Store, parts: PartWriter | None = None) -> Iterator[Coded]:
        ...


class InProcess:
    """The per-article work in this process (the writer's), batch after batch, on `threads` threads.

    One thread by default, as each worker of `--workers N` has: more cores are used by more processes,
    which scale, not by torch's threads, which lose more than they gain as soon as the cores are shared
    (see load_models).
    """

    def __init__(self, batch_size: int = BATCH_SIZE, threads: int = 1):
        self.batch_size = batch_size
        self.threads = threads

    def __enter__(self) -> "InProcess":
        load_models(self.threads)
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def map(self, documents: Iterable[Document], store: Store, parts: PartWriter | None = None) -> Iterator[Coded]:
        for number, chunk in enumerate(batches(documents, self.batch_size)):
            yield from code_documents(chunk, stored=store.has_article, parts=parts, batch=number)


def _start_worker(threads: int, ready: Any) -> None:
    ready.put(load_models(threads))


class ProcessPool:
    """The per-article work in `workers` processes of this machine (spawned: no model state is forked)."""

    def __init__(self, workers: int, batch_size: int = BATCH_SIZE, start_timeout: float = 600):
        self.workers = workers
        self.batch_size = batch_size
        self.start_timeout = start_timeout
        self.executor = None
        self.entered = 0  # a pool already started (by a caller that ingests several times) is not started again

    def __enter__(self) -> "ProcessPool":
        self.entered += 1
        if self.executor is not None:
            return self
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("spawn")
        ready = context.Queue()
        threads = max(1, (os.cpu_count() or 1) // self.workers)
        self.executor = ProcessPoolExecutor(self.workers, mp_context=context, initializer=_start_worker,
                                            initargs=(threads, ready))
        try:
            # The executor starts a process per task it cannot place (here, all of them, each started with
            # its thread caps); a worker that dies while loading breaks the pool, and its probe says so
            # instead of leaving us waiting.
            with children_environment(thread_caps(threads)):
                probes = [self.executor.submit(os.getpid) for _ in range(self.workers)]
            deadline = time.monotonic() + self.start_timeout
            started = 0
            while started < self.workers:
                try:
                    ready.get(timeout=0.5)
                    started += 1
                except queue.Empty:
                    for probe in probes:
                        if probe.done() and probe.exception() is not None:
                            raise RuntimeError(f"a worker process failed to start: {probe.exception()!r}")
                    if time.monotonic() > deadline:
                        raise TimeoutError(f"the worker processes did not load the models in {self.start_timeout} s")
        except BaseException:
            self.executor.shutdown(wait=False, cancel_futures=True)
            self.executor, self.entered = None, 0
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.entered -= 1
        if self.entered <= 0 and self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor, self.entered = None, 0

    def map(self, documents: Iterable[Document], store: Store, parts: PartWriter | None = None) -> Iterator[Coded]:
        db = str(store.path)

        def submit(number: int, chunk: list[Document]):
            return self.executor.submit(code_documents, chunk, db, None, parts, number)

        yield from in_order(submit, batches(documents, self.batch_size), 2 * self.workers, lambda f: f.result())


class DaskCluster:
    """The per-article work on a Dask cluster: `scheduler` ("tcp://HOST:PORT"), or a local cluster of `local` processes.

    Batches are submitted as tasks (at most two per worker in flight) and their results come back
    here, to the one writer. Workers load the models once each, before the first batch. A local
    cluster's workers can see the store and skip texts already stored; a remote cluster's parse
    them and the writer counts them as duplicates.
    """

    def __init__(self, scheduler: str = "", local: int = 0, batch_size: int = BATCH_SIZE, close_timeout: float = 30):
        if bool(scheduler) == bool(local):
            raise ValueError("give a scheduler address or a number of local workers, not both")
        self.scheduler = scheduler
        self.local = local
        self.batch_size = batch_size
        self.close_timeout = close_timeout
        self.cluster = None
        self.client = None
        self.entered = 0

    def __enter__(self) -> "DaskCluster":
        self.entered += 1
        if self.client is not None:
            return self
        from distributed import Client, LocalCluster

        try:
            if self.local:
                self.cluster = LocalCluster(n_workers=self.local, threads_per_worker=1, processes=True,
                                            host="127.0.0.1", dashboard_address=None)
                self.client = Client(self.cluster)
            else:
                self.client = Client(self.scheduler, timeout=30)
            threads = max(1, (os.cpu_count() or 1) // self.local) if self.local else 0
            self.client.run(load_models, threads)
        except BaseException:
            self.entered = 1
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.entered -= 1
        if self.entered > 0:
            return
        # The client first, so no task is pending when the workers stop; then the local cluster, each worker
        # asked to close and given the time to do so (load_models freezes the models so that exiting is quick).
        try:
            if self.client is not None:
                self.client.close(timeout=self.close_timeout)
        finally:
            if self.cluster is not None:
                self.cluster.close(timeout=self.close_timeout)
            self.client = self.cluster = None
        self.entered = 0

    def workers(self) -> int:
        return max(1, len(self.client.scheduler_info().get("workers", {})))

    def map(self, documents: Iterable[Document], store: Store, parts: PartWriter | None = None) -> Iterator[Coded]:
        db = str(store.path) if self.local else None

        def submit(number: int, chunk: list[Document]):
            return self.client.submit(code_documents, chunk, db, None, parts, number, pure=False)

        yield from in_order(submit, batches(documents, self.batch_size), 2 * self.workers(), lambda f: f.result())


def make_coder(workers: int = 1, dask: str = "", scheduler: str = "") -> Coder:
    """The Coder the command line asks for: `--workers N`, `--dask local:N` or `--dask-scheduler tcp://HOST:PORT`."""
    if dask and scheduler:
        raise ValueError("--dask and --dask-scheduler name two clusters; give one")
    if dask:
        kind, _, count = dask.partition(":")
        if kind != "local" or not count.isdigit() or int(count) < 1:
            raise ValueError(f"--dask {dask!r}: expected local:N with N ≥ 1 (or --dask-scheduler tcp://HOST:PORT)")
        return DaskCluster(local=int(count))
    if scheduler:
        if not scheduler.startswith(("tcp://", "tls://", "inproc://", "ws://", "wss://")):
            raise ValueError(f"--dask-scheduler {scheduler!r}: expected an address such as tcp://HOST:PORT")
        return DaskCluster(scheduler=scheduler)
    if workers < 1:
        raise ValueError(f"--workers {workers}: at least 1")
    return InProcess() if workers == 1 else ProcessPool(workers)
