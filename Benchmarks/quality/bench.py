"""Extraction-quality benchmark: Quarry (one-shot, corrective loop) against Instructor on the
example schemas' eval cases, with the same local model. Run it through ``Benchmarks/quality/run``.

Each configuration is one line of ``CONFIGS``. A Quarry configuration is the ``quarry extract``
flags it adds, so a new runtime strategy (request shaping, loop detection, targeted
corrections) is one more line with one more flag. Every output is judged by ``quality-score``
(QuarryEvals' validator and per-field scorer), the same judge for every configuration.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import json
import os
import subprocess
import sys
import re
import time
from pathlib import Path
from typing import Any

# The instructions Quarry's ExtractionPrompt.standard sends; Instructor gets the same system
# message (Instructor then adds its own schema text in JSON mode).
QUARRY_INSTRUCTIONS = (
    "Extract the data in the user's text as JSON. Use only facts the text states; use null where it gives no value."
)

# ExtractionPrompt.detailed, the default until the two sentences above measured better
# (Benchmarks/quality/detailed-instructions.txt).
DETAILED_INSTRUCTIONS = (Path(__file__).parent / "detailed-instructions.txt").read_text(encoding="utf-8").strip()


# What every Quarry configuration passes unless it says otherwise: the runtime's small-model
# strategies (issue 8) off, so the base lines measure the corrective loop alone, and the same
# output-token limit as Instructor's `max_tokens`.
QUARRY_BASE = {
    "--shaping": "off",
    "--truncation": "retry",
    "--corrections": "detailed",
    "--loop-stop": "off",
    "--reask-parts": "off",
    "--compile-grammar": "off",
    "--restart-cut-offs": "off",
    "--continue-cut-offs": "off",
    # Instructor's client waits up to 900 s for a reply; Quarry gets the same time, so a slow
    # machine cuts neither off (Quarry's own default is 120 s for the whole extraction).
    "--deadline": "900",
}


@dataclasses.dataclass(frozen=True)
class Config:
    """One benchmark configuration."""

    name: str
    mode: str  # "constrained" or "prompt-only"
    engine: str  # "quarry" or "instructor"
    quarry_flags: tuple[str, ...] = ()  # `quarry extract` flags; they override QUARRY_BASE
    max_retries: int = 0  # Instructor's re-asks after the first call
    note: str = ""
    instructions: str = ""  # Instructor's system message when not QUARRY_INSTRUCTIONS
    extra: bool = False  # not run unless named with --configs


def quarry(name: str, mode: str, *flags: str, extra: bool = False) -> Config:
    return Config(name, mode, "quarry", tuple(flags), extra=extra)


# `quarry extract` with every strategy at its default (a later flag overrides an earlier one).
DEFAULT_FLAGS = (
    "--max-attempts", "3", "--shaping", "auto", "--truncation", "auto", "--corrections", "auto", "--loop-stop", "auto",
    "--reask-parts", "off", "--compile-grammar", "auto", "--restart-cut-offs", "off", "--continue-cut-offs", "auto",
)
# The default before the compiled grammar: llama.cpp converts the schema itself.
SERVER_GRAMMAR_FLAGS = (*DEFAULT_FLAGS, "--compile-grammar", "off")
# The earlier, detailed instructions (ExtractionPrompt.detailed).
DETAILED_FLAGS = ("--instructions", "Benchmarks/quality/detailed-instructions.txt")


# The six configurations of issue 7, then issue 8's strategies, one switch each on top of the
# corrective loop (run them with --configs, e.g. --configs shaping,default).
CONFIGS = [
    quarry("quarry one-shot", "constrained", "--max-attempts", "1"),
    quarry("quarry loop", "constrained", "--max-attempts", "3"),
    Config("instructor", "constrained", "instructor", max_retries=2, note="Mode.JSON_SCHEMA"),
    quarry("quarry one-shot", "prompt-only", "--max-attempts", "1"),
    quarry("quarry loop", "prompt-only", "--max-attempts", "3"),
    Config("instructor", "prompt-only", "instructor", max_retries=2, note="Mode.JSON"),
    quarry("quarry loop + shaping", "constrained", "--max-attempts", "3", "--shaping", "auto", extra=True),
    quarry("quarry loop + recover", "constrained", "--max-attempts", "3", "--truncation", "recover", extra=True),
    quarry("quarry loop + concise", "constrained", "--max-attempts", "3", "--corrections", "concise", extra=True),
    quarry("quarry loop + subtrees", "constrained", "--max-attempts", "3", "--reask-parts", "on", extra=True),
    quarry("quarry loop + loop stop", "constrained", "--max-attempts", "3", "--loop-stop", "on", extra=True),
    # Everything at its default: what `quarry extract` does today (with the local provider:
    # Quarry's compiled grammar).
    quarry("quarry default", "constrained", *DEFAULT_FLAGS, extra=True),
    # The default, plus restarts: a cut-off reply that lacks only required properties is
    # followed by the first request again (with the loop capped), not by a correction.
    quarry("quarry default + restarts", "constrained", *DEFAULT_FLAGS, "--restart-cut-offs", "auto", extra=True),
    # The default without continuations: a reply stopped in a loop is always corrected, never
    # continued from where it looped (the default before continuations).
    quarry("quarry default without continuation", "constrained", *DEFAULT_FLAGS, "--continue-cut-offs", "off",
           extra=True),
    # The default with one correction at most: the second request is always the correction (the
    # last request is never a continuation), so none is continued.
    quarry("quarry default with two attempts", "constrained", *DEFAULT_FLAGS, "--max-attempts", "2", extra=True),
    # The default before the compiled grammar: llama.cpp converts the schema itself.
    quarry("quarry server grammar", "constrained", *SERVER_GRAMMAR_FLAGS, extra=True),
    # That, plus partial re-asks: a loop-stopped reply is completed by asking for its missing
    # fields only (or the failing subtree), not the whole object again.
    quarry("quarry server grammar + reask parts", "constrained", *SERVER_GRAMMAR_FLAGS, "--reask-parts", "on",
           extra=True),
    # The default with the earlier, detailed instructions (ExtractionPrompt.detailed) in place of
    # the standard two sentences: every request's prompt is ~45 tokens longer.
    quarry("quarry default + detailed instructions", "constrained", *DEFAULT_FLAGS, *DETAILED_FLAGS, extra=True),
    # Everything at its default in prompt-only mode (the schema follows the instructions in the
    # prompt), with the standard and with the detailed instructions.
    quarry("quarry default", "prompt-only", *DEFAULT_FLAGS, extra=True),
    quarry("quarry default + detailed instructions", "prompt-only", *DEFAULT_FLAGS, *DETAILED_FLAGS, extra=True),
    # Instructor with the detailed instructions as its system message.
    Config("instructor + detailed instructions", "constrained", "instructor", max_retries=2, note="Mode.JSON_SCHEMA",
           instructions=DETAILED_INSTRUCTIONS, extra=True),
    # The default plus partial re-asks, under the compiled grammar.
    quarry("quarry default + reask parts", "constrained", *DEFAULT_FLAGS, "--reask-parts", "on", extra=True),
]


def quarry_arguments(config: Config, max_tokens: int) -> list[str]:
    """QUARRY_BASE and --max-tokens, overridden by the configuration's own flags."""
    options: dict[str, str | None] = dict(QUARRY_BASE)
    options["--max-tokens"] = str(max_tokens)
    flags = list(config.quarry_flags)
    while flags:
        flag = flags.pop(0)
        if flags and not flags[0].startswith("--"):
            options[flag] = flags.pop(0)
        else:
            options[flag] = None
    arguments: list[str] = []
    for flag, value in options.items():
        arguments += [flag] if value is None else [flag, value]
    return arguments


def slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text).strip("-")


def config_id(config: Config) -> str:
    return slug(f"{config.name} {config.mode}")


# -- running ---------------------------------------------------------------------------------


def run_quarry(config: Config, case: dict, workdir: Path, args: argparse.Namespace) -> dict:
    """One `quarry extract` run; attempts, tokens and replies come from its --record cassette."""
    input_file = workdir / "input.txt"
    input_file.write_text(case["input"], encoding="utf-8")
    cassette = workdir / "exchanges.json"
    command = [
        args.quarry,
        "extract",
        case["schema"],
        str(input_file),
        "--provider",
        "local",
        "--base-url",
        args.base_url,
        "--mode",
        config.mode,
        "--record",
        str(cassette),
        *quarry_arguments(config, args.max_tokens),
    ]
    started = time.perf_counter()
    process = subprocess.run(command, capture_output=True, text=True, timeout=args.case_timeout)
    seconds = time.perf_counter() - started
    (workdir / "stderr.txt").write_text(process.stderr, encoding="utf-8")
    calls = []
    if cassette.exists():
        for interaction in json.loads(cassette.read_text(encoding="utf-8")).get("interactions", []):
            calls.append(chat_call(interaction["response"].get("status"), body_json(interaction["response"])))
    delivered = None
    if process.returncode == 0:
        delivered = workdir / "delivered.json"
        delivered.write_text(process.stdout, encoding="utf-8")
    lines = [line for line in process.stderr.splitlines() if line.startswith("quarry extract:")]
    # Requests sent, from the summary line: it also counts a request the deadline cut off,
    # which has no response in the recording (and so no token count).
    summary = re.search(r"^quarry: (\d+) attempts? ", process.stderr, re.MULTILINE)
    return {
        "requests": int(summary.group(1)) if summary else len(calls),
        "command": command,
        "ok": process.returncode == 0,
        "error": None if process.returncode == 0 else (" ".join(lines) or process.stderr.strip())[-600:],
        "exit": process.returncode,
        "seconds": seconds,
        "calls": calls,
        "delivered": delivered,
    }


def stream_as_completion(events: list) -> dict:
    """A streamed reply (its events' JSON, ``None`` for [DONE]) as a chat.completion body.

    A stream Quarry stopped early has no usage event: its completion tokens are the content
    deltas read (one per token on llama.cpp) and its prompt tokens llama.cpp's
    ``prompt_progress.total``, as Quarry counts them.
    """
    content, finish, usage, progress, deltas = "", None, None, None, 0
    for event in events:
        if not isinstance(event, dict):
            continue
        usage = event.get("usage") or usage
        progress = event.get("prompt_progress") or progress
        for choice in event.get("choices") or []:
            finish = choice.get("finish_reason") or finish
            piece = (choice.get("delta") or {}).get("content")
            if piece:
                content += piece
                deltas += 1
    if usage is None:
        usage = {"prompt_tokens": (progress or {}).get("total", 0), "completion_tokens": deltas}
    return {"choices": [{"finish_reason": finish or "repetition", "message": {"content": content}}], "usage": usage}


def sse_events(text: str) -> list:
    events = []
    for block in text.split("\n\n"):
        data = "\n".join(line[5:].lstrip(" ") for line in block.splitlines() if line.startswith("data:"))
        if not data:
            continue
        try:
            events.append(None if data == "[DONE]" else json.loads(data))
        except ValueError:
            pass  # the incomplete event a stopped stream ends with
    return events


def body_json(response: dict) -> Any:
    body = response.get("body")
    if isinstance(body, dict) and "json" in body:
        return body["json"]
    if isinstance(body, dict) and "events" in body:
        # Quarry's compact form of a streamed body: shared fields once, content deltas as text.
        compact = body["events"]
        common = compact.get("common") or {}
        events = []
        for event in compact.get("events") or []:
            if event is None:
                events.append(None)
            elif isinstance(event, str):
                events.append({**common, "choices": [{"index": 0, "delta": {"content": event}}]})
            else:
                events.append({**common, **event})
        return stream_as_completion(events)
    if isinstance(body, dict) and isinstance(body.get("text"), str) and body["text"].startswith("data:"):
        return stream_as_completion(sse_events(body["text"]))
    if isinstance(body, dict) and "text" in body:
        try:
            return json.loads(body["text"])
        except ValueError:
            return None
    return body


def chat_call(status: Any, body: Any) -> dict:
    """What one Chat Completions response says: tokens, finish reason, content."""
    usage = (body or {}).get("usage") or {}
    choice = ((body or {}).get("choices") or [{}])[0]
    return {
        "status": status,
        "prompt_tokens": int(usage.get("prompt_tokens") or 0),
        "completion_tokens": int(usage.get("completion_tokens") or 0),
        "finish_reason": choice.get("finish_reason"),
        "content": (choice.get("message") or {}).get("content"),
    }


class InstructorRunner:
    """Instructor over the OpenAI client, pointed at the same server."""

    def __init__(self, args: argparse.Namespace):
        import instructor  # noqa: F401  (imported here: the Quarry-only path needs no venv)
        from openai import OpenAI

        from schema_model import model_from_schema

        self.args = args
        self.models: dict[str, Any] = {}
        self.model_from_schema = model_from_schema
        # No transport retries in the SDK: the server is local, and a retried call would be
        # counted as a model call nobody sees.
        self.openai = OpenAI(base_url=args.base_url.rstrip("/") + "/v1", api_key="local", max_retries=0, timeout=900)
        self.clients: dict[str, Any] = {}

    def client(self, mode: str):
        import instructor

        if mode not in self.clients:
            chosen = instructor.Mode.JSON_SCHEMA if mode == "constrained" else instructor.Mode.JSON
            self.clients[mode] = instructor.from_openai(self.openai, mode=chosen)
        return self.clients[mode]

    def model(self, schema: str):
        if schema not in self.models:
            self.models[schema] = self.model_from_schema(schema)
        return self.models[schema]

    def run(self, config: Config, case: dict, workdir: Path) -> dict:
        from schema_model import dump

        client = self.client(config.mode)
        response_model = self.model(case["schema"])
        responses: list[Any] = []

        def keep(response: Any) -> None:
            responses.append(response)

        client.on("completion:response", keep)
        started = time.perf_counter()
        error = None
        value = None
        try:
            result = client.chat.completions.create(
                model=self.args.model,
                response_model=response_model,
                messages=[
                    {"role": "system", "content": config.instructions or QUARRY_INSTRUCTIONS},
                    {"role": "user", "content": case["input"]},
                ],
                max_retries=config.max_retries,
                temperature=0,
                max_tokens=self.args.max_tokens,
            )
            value = dump(result)
        except Exception as exception:  # Instructor's typed errors and anything else: recorded
            error = f"{type(exception).__name__}: {str(exception)[:600]}"
        finally:
            client.off("completion:response", keep)
        seconds = time.perf_counter() - started
        calls = [chat_call(200, response.model_dump()) for response in responses]
        delivered = None
        if value is not None:
            delivered = workdir / "delivered.json"
            delivered.write_text(json.dumps(value, ensure_ascii=False, indent=2), encoding="utf-8")
        return {
            "requests": max(len(responses), 1),
            "command": f"instructor {config.mode} max_retries={config.max_retries}",
            "ok": value is not None,
            "error": error,
            "exit": 0 if value is not None else 1,
            "seconds": seconds,
            "calls": calls,
            "delivered": delivered,
        }


# -- judging and reporting -------------------------------------------------------------------


def f1(counts: dict) -> float | None:
    given = counts["correct"] + counts["wrong"] + counts["invented"]
    expected = counts["correct"] + counts["wrong"] + counts["omitted"]
    precision = counts["correct"] / given if given else None
    recall = counts["correct"] / expected if expected else None
    if precision is None and recall is None:
        return None
    if precision is None or recall is None:
        return precision if precision is not None else recall
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def add(total: dict, counts: dict) -> None:
    for key in ("correct", "wrong", "omitted", "invented"):
        total[key] = total.get(key, 0) + counts[key]


def summarize(rows: list[dict]) -> dict:
    """Totals for one configuration (or one configuration on one schema)."""
    n = len(rows)
    delivered: dict = {}
    best: dict = {}
    for row in rows:
        add(delivered, row["judged"]["delivered"]["counts"])
        add(best, row["judged"]["best"]["counts"])
    calls = [call for row in rows for call in row["calls"]]
    requests = sum(row["requests"] for row in rows)
    tokens = sum(c["prompt_tokens"] + c["completion_tokens"] for c in calls)
    first_tokens = sum(
        row["calls"][0]["prompt_tokens"] + row["calls"][0]["completion_tokens"] for row in rows if row["calls"]
    )
    return {
        "cases": n,
        "valid": sum(1 for row in rows if row["valid"]),
        "claimed_but_invalid": sum(1 for row in rows if row["ok"] and not row["valid"]),
        "f1_delivered": f1(delivered) if delivered else None,
        "f1_best": f1(best) if best else None,
        "requests": requests,
        "truncated_calls": sum(1 for c in calls if c["finish_reason"] == "length"),
        "prompt_tokens": sum(c["prompt_tokens"] for c in calls),
        "completion_tokens": sum(c["completion_tokens"] for c in calls),
        "tokens": tokens,
        "correction_tokens": tokens - first_tokens,
        "seconds": sum(row["seconds"] for row in rows),
    }


def percent(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.0f} %)" if whole else "–"


def number(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def table(configs: list[Config], results: list[dict], schemas: list[str]) -> str:
    lines = [
        "| Configuration | Mode | Valid | Field F1 (delivered) | Field F1 (incl. invalid replies) "
        "| Requests / case | Tokens (total) | Tokens / case | Tokens / valid result | Correction tokens "
        "| Wall time (s / case) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for config in configs:
        rows = [r for r in results if r["config"] == config_id(config)]
        if not rows:
            continue
        s = summarize(rows)
        label = config.name + (f" ({config.note})" if config.note else "")
        # What one delivered, schema-valid extraction costs, failed cases' tokens included.
        per_valid = f"{s['tokens'] / s['valid']:,.0f}" if s["valid"] else "–"
        lines.append(
            f"| {label} | {config.mode} | {percent(s['valid'], s['cases'])} | {number(s['f1_delivered'])} "
            f"| {number(s['f1_best'])} | {s['requests'] / s['cases']:.2f} | {s['tokens']:,} "
            f"| {s['tokens'] / s['cases']:,.0f} | {per_valid} | {s['correction_tokens']:,} "
            f"| {s['seconds']:.0f} ({s['seconds'] / s['cases']:.1f}) |".replace(",", " ")
        )
    lines.append("")
    lines.append("Per schema (valid, field F1 delivered / incl. invalid replies, requests per case):")
    lines.append("")
    header = "| Configuration | Mode | " + " | ".join(schemas) + " |"
    lines.append(header)
    lines.append("| --- | --- | " + " | ".join("---" for _ in schemas) + " |")
    for config in configs:
        cells = []
        for schema in schemas:
            rows = [r for r in results if r["config"] == config_id(config) and r["schema_name"] == schema]
            if not rows:
                cells.append("–")
                continue
            s = summarize(rows)
            cells.append(
                f"{s['valid']}/{s['cases']}, {number(s['f1_delivered'])} / {number(s['f1_best'])}, "
                f"{s['requests'] / s['cases']:.1f}"
            )
        if any(c != "–" for c in cells):
            lines.append(f"| {config.name} | {config.mode} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


# -- main ------------------------------------------------------------------------------------


def load_cases(args: argparse.Namespace) -> list[dict]:
    schemas = [f"schemas/{name}.schema.json" for name in args.schemas]
    for path in schemas:
        if not Path(path).exists():
            sys.exit(f"bench: no {path}")
    output = subprocess.run([args.scorer, "cases", *schemas], capture_output=True, text=True, check=True).stdout
    cases = [json.loads(line) for line in output.splitlines() if line.strip()]
    if args.limit:
        kept, seen = [], {}
        for case in cases:
            seen[case["name"]] = seen.get(case["name"], 0) + 1
            if seen[case["name"]] <= args.limit:
                kept.append(case)
        cases = kept
    if args.cases:
        wanted = set(args.cases.split(","))
        cases = [c for c in cases if c["id"] in wanted]
    # Schemas interleaved (the first case of each, then the second, ...), so a run stopped by
    # --budget-minutes still covers every schema.
    by_schema: dict[str, list[dict]] = {}
    for case in cases:
        by_schema.setdefault(case["name"], []).append(case)
    interleaved = []
    for rank in range(max((len(v) for v in by_schema.values()), default=0)):
        interleaved += [v[rank] for v in by_schema.values() if rank < len(v)]
    return interleaved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-url", default="")
    parser.add_argument("--quarry", default="", help="the quarry executable")
    parser.add_argument("--scorer", required=True, help="the quality-score executable")
    parser.add_argument("--schemas", default="receipt,invoice,resume,support-ticket")
    parser.add_argument("--limit", type=int, default=0, help="cases per schema (0: all)")
    parser.add_argument("--cases", default="", help="only these case ids (comma-separated)")
    parser.add_argument("--configs", default="", help="only configurations whose id contains one of these")
    parser.add_argument("--model", default="smollm2")
    parser.add_argument(
        "--max-tokens", type=int, default=1024, help="output-token limit of every request (quarry --max-tokens, max_tokens)"
    )
    parser.add_argument(
        "--budget-minutes", type=float, default=0, help="start no new case after this much model time (0: no limit)"
    )
    parser.add_argument("--case-timeout", type=float, default=900)
    parser.add_argument("--out", default="")
    parser.add_argument(
        "--rescore",
        default="",
        help="judge and tabulate the results.json in this directory again; several (comma-separated) are "
        "merged, keeping the cases every configuration ran, and written to --out",
    )
    args = parser.parse_args()
    args.schemas = [s for s in args.schemas.split(",") if s]

    configs = [c for c in CONFIGS if not c.extra]
    if args.configs == "all":
        configs = CONFIGS
    elif args.configs:
        wanted = args.configs.split(",")
        configs = [c for c in CONFIGS if any(w in config_id(c) for w in wanted)]
    if args.rescore:
        directories = [Path(d) for d in args.rescore.split(",") if d]
        out = Path(args.out) if args.out else directories[0]
        out.mkdir(parents=True, exist_ok=True)
        results = [r for d in directories for r in json.loads((d / "results.json").read_text(encoding="utf-8"))]
        if args.configs:
            results = [r for r in results if any(w in r["config"] for w in args.configs.split(","))]
        ran = {r["config"] for r in results}
        if len(directories) > 1:
            # Only the cases every configuration ran, so each line covers the same cases.
            by_config = [{(r["schema_name"], r["case"]) for r in results if r["config"] == c} for c in ran]
            common = set.intersection(*by_config) if by_config else set()
            results = [r for r in results if (r["schema_name"], r["case"]) in common]
        configs = [c for c in CONFIGS if config_id(c) in ran]
        seen: dict[tuple[str, str], dict] = {}
        for row in results:
            seen.setdefault((row["schema_name"], row["case"]), {"name": row["schema_name"], "id": row["case"]})
        report(results, configs, list(seen.values()), out, args, sum(r["seconds"] for r in results))
        return
    if not args.base_url or not args.quarry:
        parser.error("--base-url and --quarry are needed to run (only --rescore works without them)")
    cases = load_cases(args)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    out = Path(args.out or f"Benchmarks/quality/results/{stamp}")
    out.mkdir(parents=True, exist_ok=True)
    print(
        f"bench: {len(cases)} cases x {len(configs)} configurations against {args.base_url}; raw outputs in {out}",
        file=sys.stderr,
    )
    instructor_runner = InstructorRunner(args) if any(c.engine == "instructor" for c in configs) else None

    results: list[dict] = []
    started = time.perf_counter()
    done_cases = []
    for index, case in enumerate(cases):
        if args.budget_minutes and time.perf_counter() - started > args.budget_minutes * 60:
            print(f"bench: model-time budget spent; {len(cases) - index} case(s) not run", file=sys.stderr)
            break
        done_cases.append(case)
        # Case-major, with the configurations' order rotated per case, so background load on
        # the shared cores and the server's prompt cache fall on every configuration alike.
        order = configs[index % len(configs) :] + configs[: index % len(configs)]
        for config in order:
            workdir = out / "raw" / config_id(config) / case["name"] / case["id"]
            workdir.mkdir(parents=True, exist_ok=True)
            for stale in workdir.iterdir():
                stale.unlink()
            try:
                if config.engine == "quarry":
                    run = run_quarry(config, case, workdir, args)
                else:
                    run = instructor_runner.run(config, case, workdir)
            except subprocess.TimeoutExpired:
                run = {
                    "requests": 1,
                    "command": config_id(config),
                    "ok": False,
                    "error": f"killed after {args.case_timeout} s",
                    "exit": -1,
                    "seconds": args.case_timeout,
                    "calls": [],
                    "delivered": None,
                }
            last = next((c["content"] for c in reversed(run["calls"]) if c["content"]), None)
            last_file = None
            if last is not None:
                last_file = workdir / "last-reply.txt"
                last_file.write_text(last, encoding="utf-8")
            row = {
                "config": config_id(config),
                "schema": case["schema"],
                "schema_name": case["name"],
                "case": case["id"],
                "ok": run["ok"],
                "error": run["error"],
                "seconds": run["seconds"],
                "requests": run["requests"],
                "command": run["command"],
                "calls": run["calls"],
                "delivered_file": str(run["delivered"]) if run["delivered"] else None,
                # The delivered value when there is one, else the last reply (as `quarry eval`
                # scores a failed extraction).
                "best_file": str(run["delivered"]) if run["delivered"] else (str(last_file) if last_file else None),
            }
            (workdir / "run.json").write_text(json.dumps(row, indent=2, ensure_ascii=False), encoding="utf-8")
            results.append(row)
            tokens = sum(c["prompt_tokens"] + c["completion_tokens"] for c in run["calls"])
            status = "ok" if run["ok"] else "failed: " + (run["error"] or "")[:140].replace("\n", " ")
            print(
                f"bench: [{time.perf_counter() - started:6.0f} s] {case['id']:<22} {config_id(config):<30} "
                f"{run['requests']} request(s) {tokens:>6} tokens {run['seconds']:6.1f} s  {status}",
                file=sys.stderr,
            )

    report(results, configs, done_cases, out, args, time.perf_counter() - started)


def report(
    results: list[dict], configs: list[Config], cases: list[dict], out: Path, args: argparse.Namespace, seconds: float
) -> None:
    """Judges every output, then prints and writes the tables."""
    # Judge everything with Quarry's validator and scorer.
    manifest = {
        "items": [
            {
                "key": str(i),
                "schema": row["schema"],
                "case": row["case"],
                "files": {"delivered": row["delivered_file"], "best": row["best_file"]},
            }
            for i, row in enumerate(results)
        ]
    }
    manifest_file = out / "manifest.json"
    manifest_file.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    judged = subprocess.run([args.scorer, "score", str(manifest_file)], capture_output=True, text=True)
    if judged.returncode != 0:
        sys.exit(f"bench: quality-score failed: {judged.stderr}")
    for line in judged.stdout.splitlines():
        item = json.loads(line)
        row = results[int(item["key"])]
        row["judged"] = {"delivered": item["delivered"], "best": item["best"]}
        # Valid: the library returned a value and that value passes the original schema.
        row["valid"] = bool(row["ok"] and item["delivered"]["valid"])
    cross_check(results)

    schema_names = list(dict.fromkeys(case["name"] for case in cases))
    text = table(configs, results, schema_names)
    header = (
        f"Extraction quality, {len(cases)} cases ({', '.join(schema_names)}), model {args.model}, "
        f"temperature 0, output limit {args.max_tokens} tokens; {datetime.datetime.now():%Y-%m-%d %H:%M}; "
        f"model time {seconds:.0f} s\n\n"
    )
    (out / "table.md").write_text(header + text, encoding="utf-8")
    (out / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    print(header + text)
    failures: dict[str, dict[str, int]] = {}
    for row in results:
        if not row["valid"]:
            reason = classify(row)
            failures.setdefault(row["config"], {}).setdefault(reason, 0)
            failures[row["config"]][reason] += 1
    lines = ["Why outputs were not valid, per configuration:", ""]
    for config in configs:
        reasons = failures.get(config_id(config), {})
        if reasons:
            described = ", ".join(f"{count} {reason}" for reason, count in sorted(reasons.items(), key=lambda r: -r[1]))
            lines.append(f"- {config.name} ({config.mode}): {described}")
    print("\n".join(lines))
    with open(out / "table.md", "a", encoding="utf-8") as handle:
        handle.write("\n" + "\n".join(lines) + "\n")
    print(f"\nbench: wrote {out / 'table.md'} and {out / 'results.json'}", file=sys.stderr)


def classify(row: dict) -> str:
    """A short reason an output was not valid."""
    calls = row["calls"]
    if row["ok"]:
        return "returned but invalid against the schema"
    error = row["error"] or ""
    if "did not finish within" in error:
        return "Quarry's deadline (120 s) passed"
    if calls and calls[-1]["finish_reason"] == "length":
        return "cut off at the token limit"
    if not calls:
        return "no model reply (" + error[:80] + ")"
    return "invalid after all attempts"


def cross_check(results: list[dict]) -> None:
    """Second opinion on validity from python-jsonschema (format as an annotation, like the
    judge); disagreements are printed, never silently resolved."""
    try:
        import jsonschema
    except ImportError:
        return
    validators: dict[str, Any] = {}
    disagreements = 0
    for row in results:
        if not row["delivered_file"]:
            continue
        if row["schema"] not in validators:
            with open(row["schema"], encoding="utf-8") as handle:
                validators[row["schema"]] = jsonschema.Draft202012Validator(json.load(handle))
        with open(row["delivered_file"], encoding="utf-8") as handle:
            try:
                value = json.load(handle)
            except ValueError:
                continue
        theirs = validators[row["schema"]].is_valid(value)
        if theirs != row["judged"]["delivered"]["valid"]:
            disagreements += 1
            print(
                f"bench: validators disagree on {row['config']} {row['case']}: quarry "
                f"{row['judged']['delivered']['valid']}, python-jsonschema {theirs}",
                file=sys.stderr,
            )
    print(f"bench: python-jsonschema cross-check: {disagreements} disagreement(s)", file=sys.stderr)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
