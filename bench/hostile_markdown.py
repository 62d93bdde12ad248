"""Markdown that fights back: how long telling and rendering each hostile
shape of about 200 KB takes (is_markdown, markdown-it's parse and our
renderer), and whether its words all show. Each case runs in a child process with a time limit and 3 GB of
address space, so a quadratic one is cut off, not waited for.

Run by hand: `.venv/bin/python bench/hostile_markdown.py [--limit 60] [--runs 3]`.
To measure another checkout, put its src/ first: `PYTHONPATH=../other/src
.venv/bin/python bench/hostile_markdown.py`. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys

CASES = {
    "`*` runs around a word": "'*' * 100_000 + 'a' + '*' * 100_000",
    "`*a ` nested emphasis": "'*a ' * 33_000 + 'b' + ' c*' * 33_000",
    "`a*` every other": "'a*' * 100_000",
    "`_a ` underscores": "'_a ' * 66_000",
    "`[` brackets": "'[' * 200_000",
    "`![` images": "'![' * 100_000",
    "backtick runs": "''.join('`' * i + 'x' for i in range(1, 630))",
    "`<b>` inline tags": "'a ' + '<b>' * 66_000 + 'text'",
    "`<div>` nested 40,000": "'<div>' * 20_000 + 'text' + '</div>' * 20_000",
    "`<!--` unclosed": "'<!--' * 50_000",
    "`[[` wiki opens (.txt)": "'# a\\n# b\\n' + '[[' * 100_000",
    "`>` 20 deep, then text": "'>' * 20 + ' deep words\\n\\nafter\\n'",
    "lists 12 deep, then text": "''.join('  ' * i + '- item\\n' for i in range(12)) + '\\nafter\\n'",
    "100,000 front matter keys": "'---\\n' + ''.join(f'k{n}: v\\n' for n in range(100_000)) + '---\\nbody\\n'",
}

CHILD = """
import json, re, sys, time
from reader.core.text.decoding import decode
from reader.core.text.markdown import is_markdown, render
render(decode(b"*warm* the parser up"))
source = eval(sys.argv[1])
reading = decode(source.encode("utf-8"))
start = time.perf_counter()
is_markdown("notes.txt", reading.text)  # what load() asks first
out = render(reading)
seconds = time.perf_counter() - start
words = lambda t: set(re.findall(r"[a-z]+", t))
expected = words(re.sub(r"</?div>", "", source)) - {"k", "v"}  # the divs are an HTML block; k, v front matter
print(json.dumps({"seconds": seconds, "chars": len(source), "all_words": expected <= words(out.text)}))
"""


def limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))


def run(expression: str, limit: float) -> dict | str:
    try:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, expression],
            capture_output=True,
            text=True,
            timeout=limit,
            preexec_fn=limit_memory,
        )
    except subprocess.TimeoutExpired:
        return f"> {limit:.0f} s"
    if done.returncode:
        return done.stderr.strip().splitlines()[-1][:60] if done.stderr.strip() else f"exit {done.returncode}"
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=float, default=60.0, help="seconds a case may take")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print("| case | characters | render (median) | every word shown |")
    print("| --- | ---: | ---: | --- |")
    for name, expression in CASES.items():
        print(f"{name} ...", file=sys.stderr)
        results = [run(expression, args.limit) for _ in range(args.runs)]
        failed = next((r for r in results if isinstance(r, str)), None)
        if failed is not None:
            print(f"| {name} | | {failed} | |")
            continue
        seconds = sorted(r["seconds"] for r in results)[len(results) // 2]  # type: ignore[index]
        first = results[0]
        assert isinstance(first, dict)
        shown = "yes" if first["all_words"] else "**no**"
        print(f"| {name} | {first['chars']:,} | {seconds:.3f} s | {shown} |")


if __name__ == "__main__":
    main()
