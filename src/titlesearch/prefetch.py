"""An iterator run ahead in a background thread, so its next items are made while the caller
works on this one. Batch coding uses it to encode chunk i+1 while chunk i queries the index:
torch (and onnxruntime) release the GIL while they compute, so the two overlap.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
_DONE = object()


def prefetched(items: Iterable[T], *, ahead: int = 1, name: str = "prefetch") -> Iterator[T]:
    """``items``, produced by a background thread at most ``ahead`` items before they are used.

    An exception raised while producing is raised here, after the items made before it.
    Closing the returned generator (leaving a ``for`` loop early, an error in the caller) stops
    the producer after the item it is making and waits for it, so nothing runs on afterwards.
    """
    ready: queue.Queue = queue.Queue(maxsize=ahead)
    stop = threading.Event()

    def put(entry: tuple[object, BaseException | None]) -> bool:
        while not stop.is_set():
            try:
                ready.put(entry, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not put((item, None)):
                    return
        except BaseException as exc:  # handed to the consumer, raised there
            put((_DONE, exc))
            return
        put((_DONE, None))

    thread = threading.Thread(target=produce, name=name, daemon=True)
    thread.start()
    try:
        while True:
            item, error = ready.get()
            if item is _DONE:
                if error is not None:
                    raise error
                return
            yield item  # type: ignore[misc]
    finally:
        stop.set()
        thread.join()
