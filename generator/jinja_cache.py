"""Compiled Jinja templates kept for the life of the process, for every environment that asks.

The generator's environment and MkDocs' theme environment are made again at every
build; in `serve`, which rebuilds after each edit, compiling their ~50 templates
again took about a second. Jinja checks each entry against its template's source,
so an edited template is compiled again.
"""

from __future__ import annotations

from jinja2.bccache import Bucket, BytecodeCache


class MemoryBytecodeCache(BytecodeCache):
    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if (code := self._store.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


SHARED = MemoryBytecodeCache()
