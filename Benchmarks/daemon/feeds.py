"""Small news feeds for Benchmarks/daemon: the kind a feed reader polls by the thousand. Two thirds RSS 2.0,
one third Atom 1.0; 10 to 20 items each, every item a title, link, id, date, author, category and a
one-sentence HTML summary (at most 24 words): about 10 KB a feed. Text, links and dates come from the parse
benchmark's generator (make_corpus.py); each item has an id unique within its feed and a text of its own, so
a cold poll of all of them stores every item as new.

Deterministic: feed N is the same bytes for the same seed, whatever else is generated.
"""
import os, random, sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from make_corpus import BASE_TIME, EN, EN_NAMES, EN_SECTIONS, EN_SITES, Writer, cdata, esc_attr, esc_text, \
    item_times, rfc3339, rfc822

SEED = 20241128


def summary(w):
    words = w.sentence().split(" ")
    return "<p>" + w.h(" ".join(words[:24]).rstrip(".,") + ".") + "</p>"


def rss_feed(rng, n, site, count):
    w = Writer(rng, EN, site, entity_style=rng.choice([0.0, 0.5, 1.0]))
    style = rng.randrange(6)
    title = rng.choice(EN_SECTIONS) + " \u2014 " + site
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">',
        "<channel>",
        f"<title>{esc_text(title)}</title>", f"<link>https://www.{site}/</link>",
        f'<atom:link href="https://www.{site}/feed/" rel="self" type="application/rss+xml" />',
        f"<description>{esc_text(w.sentence())}</description>", "<language>en</language>",
        f"<lastBuildDate>{rfc822(BASE_TIME, style)}</lastBuildDate>",
    ]
    permalinks = rng.random() < 0.5
    for i, t in enumerate(item_times(rng, count, BASE_TIME)):
        section = rng.choice(EN_SECTIONS)
        link = w.url(section)
        guid = (f'<guid isPermaLink="true">{link}</guid>' if permalinks
                else f'<guid isPermaLink="false">https://www.{site}/?p={n * 100 + i}</guid>')
        text = summary(w)
        out += [
            "<item>", f"<title>{esc_text(w.title())}</title>", f"<link>{link}</link>", guid,
            f"<pubDate>{rfc822(t, style)}</pubDate>", f"<dc:creator>{esc_text(rng.choice(EN_NAMES))}</dc:creator>",
            f"<category>{section}</category>",
            f"<description>{cdata(text) if rng.random() < 0.6 else esc_text(text)}</description>", "</item>",
        ]
    out.append("</channel>\n</rss>\n")
    return "\n".join(out).encode()


def atom_feed(rng, n, site, count):
    w = Writer(rng, EN, site, xhtml=True, entity_style=rng.choice([0.0, 0.5, 1.0]))
    style = rng.randrange(5)
    times = item_times(rng, count, BASE_TIME)
    out = [
        '<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">',
        f"<title>{esc_text(rng.choice(EN_SECTIONS) + ' | ' + site)}</title>",
        f'<link rel="alternate" type="text/html" href="https://www.{site}/" />',
        f'<link rel="self" type="application/atom+xml" href="https://www.{site}/atom.xml" />',
        f"<id>tag:{site},2019:/feed</id>", f"<updated>{rfc3339(times[0], style)}</updated>",
    ]
    for i, t in enumerate(times):
        section = rng.choice(EN_SECTIONS)
        out += [
            "<entry>", f'<title type="text">{esc_text(w.title())}</title>',
            f'<link rel="alternate" type="text/html" href="{esc_attr(w.url(section))}" />',
            f"<id>tag:{site},{t:%Y-%m-%d}:/{section.lower()}/{n * 100 + i}</id>",
            f"<published>{rfc3339(t, style)}</published>", f"<updated>{rfc3339(t, style)}</updated>",
            f"<author><name>{esc_text(rng.choice(EN_NAMES))}</name></author>",
            f'<category term="{section.lower()}" label="{section}" />',
            f'<summary type="html">{esc_text(summary(w))}</summary>', "</entry>",
        ]
    out.append("</feed>\n")
    return "\n".join(out).encode()


def feed(n, seed=SEED):
    """Feed number n: (file name, bytes, number of items)."""
    rng = random.Random(f"{seed}:{n}")
    count = rng.randint(10, 20)
    site = f"n{n:05d}.{rng.choice(EN_SITES)}"
    if n % 3 == 2:
        return f"feed-{n:05d}.atom", atom_feed(rng, n, site, count), count
    return f"feed-{n:05d}.xml", rss_feed(rng, n, site, count), count


def write_feeds(directory, number, seed=SEED):
    """Writes feeds 0..number-1 into directory; returns [(file name, bytes, items)]."""
    written = []
    for n in range(number):
        name, data, count = feed(n, seed)
        with open(os.path.join(directory, name), "wb") as f:
            f.write(data)
        written.append((name, len(data), count))
    return written
