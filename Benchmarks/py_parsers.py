#!/usr/bin/env python3
"""Run one Python feed parser over a list of files, the way the benchmark asks.

    py_parsers.py --parser {feedparser,fastfeedparser} [--text {lxml,regex}]
                  (--files-from LIST | FILE...)

All files are read into memory first; then only the parse + field-access loop
is timed.  For every entry the same fields are taken from both parsers:

    title, link, published and updated dates (the parser's parsed form:
    feedparser's *_parsed struct_time, fastfeedparser's normalised ISO 8601
    string), author names, and the content as plain text.

Content: feedparser `entry.content[0].value`, else `entry.summary`;
fastfeedparser `entry.content[0]["value"]`, else `entry.description`.  It is
turned into plain text by the same function for both parsers:

    lxml  (default): lxml.html.fromstring(html).text_content()   (libxml2's HTML parser)
    regex          : html.unescape(re.sub(r"<[^>]+>", " ", html))

Prints one JSON object on stdout: parser, files, bytes, items, errors (files
on which the parser raised), empty (files that gave no entries), bozo
(feedparser's "not well-formed" flag), parse_seconds, text_chars.
"""

from __future__ import annotations

import argparse
import html as html_mod
import json
import re
import sys
import time

_TAG_RE = re.compile(r"<[^>]+>")


def make_text_fn(method: str):
    if method == "regex":
        def to_text(s: str) -> str:
            if "<" in s:
                s = _TAG_RE.sub(" ", s)
            if "&" in s:
                s = html_mod.unescape(s)
            return s
        return to_text

    import lxml.etree
    import lxml.html

    fromstring = lxml.html.fromstring

    def to_text(s: str) -> str:
        if not s or s.isspace():
            return ""
        try:
            return fromstring(s).text_content()
        except (lxml.etree.ParserError, ValueError):
            # "Document is empty" or a string with an XML encoding declaration
            return html_mod.unescape(_TAG_RE.sub(" ", s))
    return to_text


def read_fields(entries, to_text, published_key, updated_key, summary_key):
    """Ask an entry for every field feedwatch gives (title, link, dates, authors, content as text), so each
    parser does the same work; the two parsers differ only in the keys they use. Returns (items, chars)."""
    items = chars = 0
    for e in entries:
        items += 1
        title = e.get("title") or ""
        link = e.get("link") or ""
        published = e.get(published_key)
        updated = e.get(updated_key)
        authors = [a.get("name") for a in e.get("authors") or ()]
        content = e.get("content")
        body = content[0].get("value") if content else e.get(summary_key)
        text = to_text(body or "")
        chars += (len(title) + len(link) + len(text) + len(authors)
                  + (published is not None) + (updated is not None))
    return items, chars


def run_feedparser(blobs, to_text):
    import feedparser

    parse = feedparser.parse
    items = errors = empty = bozo = chars = 0
    t0 = time.perf_counter()
    for _path, data in blobs:
        try:
            d = parse(data)
        except Exception:  # noqa: BLE001 - count and go on, like a daemon would
            errors += 1
            continue
        if d.get("bozo"):
            bozo += 1
        entries = d.entries
        if not entries:
            empty += 1
        n, c = read_fields(entries, to_text, "published_parsed", "updated_parsed", "summary")
        items += n
        chars += c
    t1 = time.perf_counter()
    return dict(items=items, errors=errors, empty=empty, bozo=bozo,
                parse_seconds=t1 - t0, text_chars=chars)


def run_fastfeedparser(blobs, to_text):
    import fastfeedparser

    parse = fastfeedparser.parse
    items = errors = empty = chars = 0
    t0 = time.perf_counter()
    for _path, data in blobs:
        try:
            d = parse(data)
        except Exception:  # noqa: BLE001
            errors += 1
            continue
        entries = d.get("entries") or ()
        if not entries:
            empty += 1
        n, c = read_fields(entries, to_text, "published", "updated", "description")
        items += n
        chars += c
    t1 = time.perf_counter()
    return dict(items=items, errors=errors, empty=empty, bozo=0,
                parse_seconds=t1 - t0, text_chars=chars)


RUNNERS = {"feedparser": run_feedparser, "fastfeedparser": run_fastfeedparser}


def main() -> int:
    ap = argparse.ArgumentParser(description="Time one Python feed parser over files.")
    ap.add_argument("--parser", required=True, choices=sorted(RUNNERS))
    ap.add_argument("--text", default="lxml", choices=["lxml", "regex"],
                    help="how content HTML is reduced to plain text (default: lxml)")
    ap.add_argument("--files-from", help="file with one path per line")
    ap.add_argument("files", nargs="*")
    args = ap.parse_args()

    paths = list(args.files)
    if args.files_from:
        with open(args.files_from, encoding="utf-8") as f:
            paths += [line.rstrip("\n") for line in f if line.strip()]
    if not paths:
        ap.error("no files given")

    blobs = []
    total = 0
    for p in paths:
        with open(p, "rb") as f:
            data = f.read()
        blobs.append((p, data))
        total += len(data)

    to_text = make_text_fn(args.text)
    result = RUNNERS[args.parser](blobs, to_text)
    result.update(parser=args.parser, text=args.text, files=len(blobs), bytes=total)
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
