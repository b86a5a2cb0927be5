"""The fuzz harness runs in the test suite too (without atheris), so it cannot rot."""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "fuzz"))

from fuzz_apply import TARGETS, check, seed_corpus

from .helpers import examples


def test_seed_corpus_passes() -> None:
    seeds = seed_corpus()
    assert len(seeds) >= 6 * len(TARGETS)
    for seed in seeds:
        check(seed)


def test_random_mutations_of_the_seeds_pass() -> None:
    rng = random.Random(20261127)
    seeds = seed_corpus()
    for _ in range(examples(3000)):  # a fixed, seeded set of inputs (scaled in the floors run)
        data = bytearray(rng.choice(seeds))
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(data))
            data[at] = rng.randrange(256)
        check(bytes(data))
