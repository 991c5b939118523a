"""The traceability part of ``manage.py bench`` on a small scale: its batch, seeding and sample."""

import random

from ocop.trace import benchmarks
from ocop.trace.links import stamp_path_parse
from ocop.trace.models import Stamp


def test_the_bench_batch_is_filled_once_and_its_sampled_paths_are_stamps_of_it(product):
    batch = benchmarks.bench_batch()
    seeded = benchmarks.stamps_seed(batch, 1_000, say=lambda _line: None)
    again = benchmarks.stamps_seed(benchmarks.bench_batch(), 1_000, say=lambda _line: None)
    paths = benchmarks.scan_paths_sample(batch, 200, random.Random(2026))

    assert (batch.product, batch.lot) == (product, "BENCH-10M")
    assert (seeded["seeded"], again["seeded"], Stamp.objects.filter(batch=batch).count()) == (1_000, 0, 1_000)
    assert len(set(paths)) == 200
    parsed = [stamp_path_parse(path) for path in paths]
    assert {(found.code, found.lot) for found in parsed if found} == {(product.code, "BENCH-10M")}
    serials = [found.serial for found in parsed if found]
    assert Stamp.objects.filter(batch=batch, serial__in=serials).count() == 200
