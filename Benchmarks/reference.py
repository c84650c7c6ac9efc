#!/usr/bin/env python3
"""Reference numbers for quarry-bench: the same workloads with jsonschema-rs and python-jsonschema.

Reads .data/manifest.json (written by `quarry-bench generate`) and prints one JSON object:
{"meta": {...}, "results": {workload: {implementation: {operationsPerRun, samples, median, rate, note}}}}
Progress goes to stderr.
"""

import gc
import decimal
import json
import os
import platform
import statistics
import sys
import time
from importlib import metadata
from pathlib import Path

import jsonschema
import jsonschema_rs
import referencing
import referencing.jsonschema

try:
    import orjson
except ImportError:  # optional
    orjson = None

HERE = Path(__file__).resolve().parent
RS = "jsonschema-rs"
PY = "python-jsonschema"


def log(message):
    print(message, file=sys.stderr, flush=True)


def measure(label, operations, runs, body, warmup=1):
    """Warm-up runs, then `runs` timed runs of body(); median and all samples."""
    for _ in range(warmup):
        body()
    samples = []
    gc_was_enabled = gc.isenabled()
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        body()
        samples.append(time.perf_counter() - start)
    if gc_was_enabled:
        gc.enable()
    median = statistics.median(samples)
    log(f"  {label}: median {median:.3f} s over {runs} runs [{' '.join(f'{s:.3f}' for s in samples)}]")
    return {"operationsPerRun": operations, "samples": samples, "median": median, "rate": operations / median}


def load(path):
    with open(path, "rb") as handle:
        return json.loads(handle.read())


def remotes(manifest):
    base = Path(manifest["remotesDirectory"])
    return {
        manifest["remotesBaseURI"] + str(path.relative_to(base)).replace(os.sep, "/"): load(path)
        for path in sorted(base.rglob("*.json"))
    }


def python_registry(documents):
    """A referencing registry that serves `documents` by URI (python-jsonschema)."""

    def retrieve(uri):
        if uri not in documents:
            raise referencing.exceptions.NoSuchResource(ref=uri)
        return referencing.Resource.from_contents(
            documents[uri], default_specification=referencing.jsonschema.DRAFT202012
        )

    return referencing.Registry(retrieve=retrieve)


def rs_retriever(documents):
    def retrieve(uri):
        return documents[uri]

    return retrieve


def rs_validator(schema, documents):
    return jsonschema_rs.Draft202012Validator(schema, retriever=rs_retriever(documents))


def py_validator(schema, documents):
    return jsonschema.Draft202012Validator(schema, registry=python_registry(documents))


# (a) --------------------------------------------------------------------------------------------


def run_suite(manifest, results):
    log("(a) draft 2020-12 required suite")
    documents = remotes(manifest)
    groups = []
    for path in sorted(Path(manifest["suiteDirectory"]).glob("*.json")):
        groups.extend(load(path))
    counts = manifest["counts"]
    for name, make, repeats in [
        (RS, rs_validator, counts["suiteRepeats"]),
        (PY, py_validator, counts["suiteRepeatsSlow"]),
    ]:
        cases, failed, errors = [], 0, 0
        for group in groups:
            try:
                validator = make(group["schema"], documents)
            except Exception:  # noqa: BLE001 — count and skip, as quarry-bench does
                failed += 1
                continue
            for test in group["tests"]:
                cases.append((validator.is_valid, test["data"], test["valid"]))
        usable, wrong = [], 0
        for is_valid, data, expected in cases:
            try:
                if is_valid(data) != expected:
                    wrong += 1
                usable.append((is_valid, data))
            except Exception:  # noqa: BLE001 — e.g. an unresolvable reference at validation time
                errors += 1

        def body(usable=usable, repeats=repeats):
            for _ in range(repeats):
                for is_valid, data in usable:
                    is_valid(data)

        result = measure(f"{name} is_valid ×{repeats} passes", len(usable) * repeats, counts["runs"], body)
        result["note"] = (
            f"{len(usable)} instances, {failed} groups not compiled, {errors} instances raised, {wrong} wrong verdicts"
        )
        results.setdefault("suite", {})[name] = result


# (b) --------------------------------------------------------------------------------------------


def run_invoice(manifest, results):
    with open(manifest["invoiceInstance"], "rb") as handle:
        raw = handle.read()
    log(f"(b) invoice ({len(raw)} bytes) from {manifest['invoiceSource']}")
    schema = load(manifest["invoiceSchema"])
    # python-jsonschema checks multipleOf with floats (19.99 is "not" a multiple of 0.01), so it
    # gets exact decimals; jsonschema-rs handles the float instance exactly.
    instances = {RS: json.loads(raw), PY: json.loads(raw, parse_float=decimal.Decimal)}
    counts = manifest["counts"]
    with open(manifest["invoiceSchema"], "rb") as handle:
        exact_schema = json.loads(handle.read(), parse_float=decimal.Decimal)
    validators = {RS: jsonschema_rs.Draft202012Validator(schema), PY: jsonschema.Draft202012Validator(exact_schema)}
    for name, validator in validators.items():
        assert validator.is_valid(instances[name]), f"{name} says the example invoice is invalid"
    for name, validator in validators.items():
        instance = instances[name]
        n = counts["invoiceValidations"] if name == RS else counts["invoiceValidationsSlow"]
        is_valid = validator.is_valid

        def body(n=n, is_valid=is_valid):
            for _ in range(n):
                is_valid(instance)

        results.setdefault("invoice_is_valid", {})[name] = measure(f"{name} is_valid ×{n}", n, counts["runs"], body)

        iter_errors = validator.iter_errors

        def errors_body(n=n, iter_errors=iter_errors):
            for _ in range(n):
                list(iter_errors(instance))

        results.setdefault("invoice_validate", {})[name] = measure(
            f"{name} list(iter_errors) ×{n}", n, counts["runs"], errors_body
        )

        loads = (lambda text: json.loads(text, parse_float=decimal.Decimal)) if name == PY else json.loads

        def parse_body(n=n, is_valid=is_valid, loads=loads):
            for _ in range(n):
                is_valid(loads(raw))

        result = measure(f"{name} json.loads+is_valid ×{n}", n, counts["runs"], parse_body)
        result["note"] = "json.loads"
        results.setdefault("invoice_parse_validate", {})[name] = result

    # The Python→Rust conversion that every jsonschema-rs is_valid(dict) pays: the schema {} has
    # no keyword to evaluate.
    empty = jsonschema_rs.Draft202012Validator({})
    n = counts["invoiceValidations"]

    def floor_body():
        for _ in range(n):
            empty.is_valid(instances[RS])

    results.setdefault("rs_conversion_floor", {})[RS] = measure(f"{RS} is_valid against {{}} ×{n}", n, counts["runs"], floor_body)

    parses = counts["invoiceParses"]
    for name, loads in [("json.loads", json.loads)] + ([("orjson.loads", orjson.loads)] if orjson else []):

        def body(loads=loads):
            for _ in range(parses):
                loads(raw)

        results.setdefault("invoice_parse", {})[name] = measure(f"{name} ×{parses}", len(raw) * parses, counts["runs"], body)


# (c) --------------------------------------------------------------------------------------------


def run_big(manifest, results):
    with open(manifest["bigDocument"], "rb") as handle:
        raw = handle.read()
    log(f"(c) {manifest['bigDocument']} ({len(raw)} bytes, {manifest['bigRecords']} invoices)")
    counts = manifest["counts"]
    for name, loads in [("json.loads", json.loads)] + ([("orjson.loads", orjson.loads)] if orjson else []):
        results.setdefault("big_parse", {})[name] = measure(name, len(raw), counts["bigRuns"], lambda loads=loads: loads(raw))
    document = json.loads(raw)
    assert len(document) == manifest["bigRecords"]
    documents = {manifest["bigInvoiceURI"]: load(manifest["bigInvoiceSchema"])}
    schema = load(manifest["bigSchema"])
    for name, make, runs in [(RS, rs_validator, counts["bigRuns"]), (PY, py_validator, counts["bigRunsSlow"])]:
        validator = make(schema, documents)
        assert validator.is_valid(document), f"{name} says the 20 MB document is invalid"
        results.setdefault("big_validate", {})[name] = measure(
            f"{name} is_valid (20 MB, parsed)", len(raw), runs, lambda v=validator: v.is_valid(document), warmup=0
        )


def main():
    manifest_path = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / ".data" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    only = set((sys.argv[2] if len(sys.argv) > 2 else "suite,invoice,big").split(","))
    results = {}
    if "suite" in only:
        run_suite(manifest, results)
    if "invoice" in only:
        run_invoice(manifest, results)
    if "big" in only:
        run_big(manifest, results)
    meta = {
        "python": platform.python_version(),
        "jsonschema_rs": metadata.version("jsonschema-rs"),
        "jsonschema": metadata.version("jsonschema"),
        "orjson": metadata.version("orjson") if orjson else "absent",
    }
    json.dump({"meta": meta, "results": results}, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
