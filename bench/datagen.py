"""Search documents in bulk for the benchmarks: the generators live in ``app.generate.search``
(``flask qi generate`` uses the same ones); this module keeps the names the benches import."""
from app.generate.search import institutions, load, standards  # noqa: F401

__all__ = ["standards", "institutions", "load"]
