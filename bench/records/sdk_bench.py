"""Bulk-log records through the unchanged extralit SDK and report records/s.

Usage: python sdk_bench.py URL API_KEY N
Same record shape as main.go: one text field, three metadata values, one suggestion.
"""

import random
import sys
import time
import uuid

import extralit as ex

WORDS = (
    "gene protein cell tumour mouse model patient cohort trial dose response therapy receptor pathway "
    "expression mutation variant sequence genome assay signal network analysis method result effect"
).split()


def main():
    url, key, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    client = ex.Extralit(api_url=url, api_key=key)
    settings = ex.Settings(
        fields=[ex.TextField(name="text")],
        questions=[ex.LabelQuestion(name="label", labels=["yes", "no"])],
        metadata=[
            ex.TermsMetadataProperty(name="journal"),
            ex.IntegerMetadataProperty(name="year"),
            ex.FloatMetadataProperty(name="impact"),
        ],
    )
    ws = client.workspaces[0]
    ds = ex.Dataset(name=f"sdk-bench-{uuid.uuid4().hex[:6]}", workspace=ws, settings=settings, client=client).create()
    rnd = random.Random(7)
    records = [
        ex.Record(
            id=f"r{i}",
            fields={"text": " ".join(rnd.choice(WORDS) for _ in range(50))},
            metadata={"journal": ["nature", "science", "cell", "plos"][i % 4], "year": 1990 + i % 35, "impact": rnd.random() * 40},
            suggestions=[ex.Suggestion("label", ["yes", "no"][i % 2], score=rnd.random(), agent="bench")],
        )
        for i in range(n)
    ]
    start = time.perf_counter()
    ds.records.log(records, batch_size=500)
    elapsed = time.perf_counter() - start
    print(f"SDK records.log: {n} records in {elapsed:.1f}s = {n / elapsed:.0f} records/s (batch 500, one client)")


if __name__ == "__main__":
    main()
