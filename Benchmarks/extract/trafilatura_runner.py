#!/usr/bin/env python3
"""trafilatura_runner.py LIST OUT.jsonl [--runs N]: trafilatura over pages, in one process, one thread.

LIST has one page a line, NAME<TAB>PATH[<TAB>URL]. Every page is read into memory first (bytes, as they came
over the wire), then `trafilatura.bare_extraction(page, url=URL, with_metadata=True)` runs on each, `--runs`
times: its
default settings otherwise (fallbacks on, comments and tables included, htmldate's extensive search on).
Each page's best time and what it found (title, author, date, text) go to OUT.jsonl, one JSON object a line.
"""
import json, sys, time

import trafilatura


def main():
    args = sys.argv[1:]
    runs = 1
    if "--runs" in args:
        at = args.index("--runs")
        runs = max(1, int(args[at + 1]))
        del args[at : at + 2]
    list_path, out_path = args
    pages = []
    for line in open(list_path, encoding="utf-8"):
        name, path, url = (line.rstrip("\n").split("\t") + ["", ""])[:3]
        if path:
            pages.append((name, open(path, "rb").read(), url or None))
    best = [float("inf")] * len(pages)
    found = [None] * len(pages)
    for run in range(runs):
        for index, (name, page, url) in enumerate(pages):
            start = time.perf_counter()
            try:
                document = trafilatura.bare_extraction(page, url=url, with_metadata=True)
            except Exception as error:  # a crash counts as no article, and is said so
                document = None
                print(f"trafilatura: {name}: {type(error).__name__}: {error}", file=sys.stderr)
            best[index] = min(best[index], time.perf_counter() - start)
            if run == 0:
                found[index] = document
    with open(out_path, "w", encoding="utf-8") as out:
        for (name, _, _), seconds, document in zip(pages, best, found):
            row = {"name": name, "seconds": seconds, "found": document is not None and bool(document.text)}
            if document is not None:
                row.update(title=document.title, author=document.author, date=document.date, text=document.text)
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(trafilatura.__version__)


if __name__ == "__main__":
    main()
