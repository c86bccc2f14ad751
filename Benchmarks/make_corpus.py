#!/usr/bin/env python3
"""Generate the synthetic news-feed corpus for the parse benchmark.

Deterministic: the same --seed and the same version of this file always give
byte-identical output (each file has its own random stream, seeded from the
base seed and the file's name, so the order of generation does not matter).
Only the Python standard library is used.

Layout written under --out (default: Benchmarks/corpus):

    rss/rss-NNN.xml        RSS 2.0, content:encoded HTML bodies (mostly CDATA,
                           some entity-escaped), dc:creator, categories,
                           enclosures, media:content, RFC 822 pubDate
    atom/atom-NNN.xml      Atom 1.0, content type="xhtml" (inline XHTML div),
                           summary type="html", RFC 3339 dates, authors
    json/feed-NNN.json     JSON Feed 1.1 with content_html
    cp1251/ru-NNN.xml      RSS 2.0 in windows-1251 with Russian text
    big-50mb.xml           one ~50 MiB RSS 2.0 feed (memory test)
    MANIFEST.tsv           path, format, items, bytes for every file (written
                           last: it doubles as the "corpus complete" stamp)

Usage:
    make_corpus.py [--out DIR] [--seed N] [--force] [--scale F]

Without --force, an existing corpus whose manifest matches this generator
version, seed and scale (and whose files all exist with the listed sizes) is
left alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import shutil
import sys
from pathlib import Path

DEFAULT_SEED = 20240628
MIB = 1024 * 1024

# Byte budget per format (before --scale).  Sum: 52 MiB, so the throughput
# corpus is >= 50 MB even with --scale 1.
BUDGET = {
    "rss": 22 * MIB,
    "atom": 14 * MIB,
    "json": 9 * MIB,
    "cp1251": 7 * MIB,
}
BIG_FILE = "big-50mb.xml"
BIG_BYTES = 50 * MIB

# ---------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------

EN_WORDS = """
the the the the the of of of of to to to and and and a a a in in in for for
on on that that is is was was with with as as by by at at from from it its
has have had be been will would could should said says say new more most
after before over under about against between into during while since amid
than also but not no or if when where which who whose what this these those
their they them his her he she we our you your all some many several other
government minister president officials council committee parliament senate
congress court judge ruling law bill vote election campaign party leader
leaders policy policies budget tax taxes spending deficit debt economy
economic growth inflation prices interest rates bank banks central market
markets stocks shares investors trading quarter profit profits revenue
earnings company companies firm firms industry business businesses deal
merger acquisition billion million percent jobs workers unemployment wages
union strike talks agreement negotiations sanctions trade tariffs exports
imports energy oil gas electricity climate emissions carbon renewable wind
solar power plant plants weather storm flooding heat drought wildfire
wildfires rain temperatures scientists study research researchers data
report reports analysis survey poll results university hospital health
patients doctors virus vaccine disease treatment drug drugs care public
police officers suspect investigation charges arrested crime security
military troops forces war ceasefire attack attacks border refugees aid
city cities town residents community local national international global
country countries region regional state states federal capital streets
school schools students teachers education children families people women
men young older year years month months week weeks day days today
yesterday morning evening night time times early late recent last next
first second third final major key main top senior former current chief
executive director spokesperson spokesman spokeswoman statement interview
press conference announcement plan plans proposal decision decisions
response pressure support opposition critics supporters concerns questions
issue issues problem problems crisis risk risks impact effect effects
change changes increase decrease rise fall fell rose higher lower record
level levels number numbers share rate cost costs price value million
technology software internet online digital platform users app apps phone
phones device devices artificial intelligence chips semiconductor network
networks service services customers consumer consumers retail sales online
housing homes rent mortgage property construction infrastructure roads
transport airport airline flights train trains rail traffic cars electric
vehicles battery batteries factory production supply chain shortage
football match season team teams players coach league championship cup
game games win won lost victory defeat goal goals final tournament fans
film music festival artist artists album show series television audience
book books author museum exhibition award awards prize theatre stage
announced confirmed warned expected reported told added noted described
called agreed rejected approved launched opened closed raised cut reduced
increased announced released published revealed suggested estimated
according despite because however although meanwhile instead still already
only just even again nearly almost around roughly about least much little
very well better best worst big small large long short high low full open
it’s don’t won’t isn’t didn’t can’t wasn’t there’s
hard clear strong weak likely unlikely possible important significant
""".split()

EN_NAMES = """
Alice Johnson|Mark Chen|Priya Patel|David Okafor|Sarah Müller|James O'Brien|
Maria González|Tom Nakamura|Elena Petrova|Samuel Adeyemi|Laura Rossi|
Michael Brown|Hannah Schmidt|Luis Fernández|Aisha Rahman|Peter Novak|
Claire Dubois|Ravi Sharma|Julia Kowalski|Daniel Kim|Fatima Zahra|
Robert Lindqvist|Nora Haddad|Chris Walker|Emily Davies|Oliver Grant
""".replace("\n", "").split("|")

EN_PLACES = """
London|New York|Washington|Brussels|Berlin|Paris|Tokyo|Beijing|Delhi|
Nairobi|Lagos|São Paulo|Mexico City|Toronto|Sydney|Madrid|Rome|Warsaw|
Kyiv|Istanbul|Cairo|Johannesburg|Seoul|Jakarta|Manila|Chicago|Los Angeles|
Texas|California|Scotland|Bavaria|Ontario|Queensland
""".replace("\n", "").split("|")

EN_ORGS = """
the European Commission|the Federal Reserve|the World Health Organization|
the United Nations|the IMF|Nato|the Bank of England|the Treasury|
the Department of Energy|Johnson & Johnson|AT&T|Procter & Gamble|Acme Corp|
Northwind Traders|Contoso|Globex|Initech|Umbrella Holdings|Stark Industries|
the Supreme Court|the Senate|the Labour Party|the Green Party|S&P Global
""".replace("\n", "").split("|")

EN_SECTIONS = ["World", "Politics", "Business", "Technology", "Science",
               "Health", "Sport", "Culture", "Climate", "Opinion", "Europe",
               "US", "Asia", "Africa", "Economy", "Markets", "Education"]

EN_SITES = ["dailyherald.example.com", "thecourier.example.org",
            "worldwire.example.net", "metrotimes.example.com",
            "northern-gazette.example.co.uk", "pacificpost.example.com",
            "theobserver.example.org", "citybeat.example.com",
            "financialledger.example.com", "techjournal.example.io"]

RU_WORDS = """
и и и в в в на на на с с по по к к о о из за от до для что что это как
не не но а или же уже ещё также только после перед между при под над
правительство министр президент власти совет комитет парламент дума закон
законопроект голосование выборы партия лидер политика бюджет налог налоги
расходы экономика рост инфляция цены ставка ставки банк центробанк рынок
рынки акции инвесторы торги квартал прибыль выручка компания компании
отрасль бизнес сделка миллиард миллион процент процента рабочие места
зарплаты забастовка переговоры соглашение санкции торговля пошлины экспорт
импорт энергетика нефть газ электроэнергия климат выбросы погода шторм
наводнение жара засуха пожары дождь температура учёные исследование данные
доклад опрос результаты университет больница здоровье пациенты врачи вирус
вакцина лечение полиция расследование обвинение задержан преступление
безопасность армия войска граница беженцы помощь город города жители
область регион регионы страна страны столица улицы школа школы студенты
учителя образование дети семьи люди женщины мужчины год года лет месяц
неделя день сегодня вчера утром вечером ночью время первый второй третий
главный новый прежний нынешний глава директор представитель заявление
интервью пресс-конференция объявление план планы решение ответ давление
поддержка оппозиция критики вопрос вопросы проблема кризис риск влияние
изменения рост снижение рекорд уровень число стоимость технологии
интернет платформа пользователи приложение телефон устройство искусственный
интеллект сеть услуги клиенты потребители продажи жильё аренда ипотека
строительство дороги транспорт аэропорт авиакомпания рейсы поезд метро
автомобили завод производство поставки дефицит футбол матч сезон команда
игроки тренер лига чемпионат кубок победа поражение гол болельщики фильм
музыка фестиваль артист альбом сериал зрители книга автор музей выставка
премия театр сцена заявил подтвердил предупредил сообщил рассказал отметил
добавил объявил одобрил отклонил запустил открыл закрыл сократил увеличил
опубликовал ожидается сообщается несмотря потому однако между тем всё ещё
почти около примерно очень хорошо важный значительный крупный большой
малый высокий низкий сильный возможный вероятно
""".split()

RU_NAMES = ["Иван Петров", "Анна Смирнова", "Сергей Кузнецов", "Ольга Иванова",
            "Дмитрий Соколов", "Елена Попова", "Алексей Волков", "Мария Новикова",
            "Николай Морозов", "Татьяна Лебедева", "Андрей Козлов", "Наталья Орлова"]
RU_PLACES = ["Москва", "Санкт-Петербург", "Новосибирск", "Екатеринбург", "Казань",
             "Нижний Новгород", "Самара", "Ростов-на-Дону", "Краснодар", "Владивосток",
             "Минск", "Алматы", "Ташкент"]
RU_ORGS = ["Минфин", "Центробанк", "Госдума", "Роспотребнадзор", "Росстат",
           "ООО «Ромашка»", "АО «Северсталь-Пример»", "ПАО «Газпром-Пример»",
           "Правительство", "Минздрав", "РЖД"]
RU_SECTIONS = ["Политика", "Экономика", "Общество", "Происшествия", "Спорт",
               "Культура", "Наука", "Технологии", "Мир", "Регионы"]
RU_SITES = ["novosti.example.ru", "gazeta-primer.example.ru", "vesti-region.example.ru",
            "delovoy-vestnik.example.ru"]

CP1251_SAFE = "«»—–№’“”„…"  # all encodable in windows-1251

SLUG_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789"
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
          "Nov", "Dec"]

# ---------------------------------------------------------------------------
# Escaping helpers
# ---------------------------------------------------------------------------


def esc_text(s: str) -> str:
    """Escape character data for XML/HTML."""
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def esc_attr(s: str) -> str:
    return esc_text(s).replace('"', "&quot;")


def cdata(s: str) -> str:
    return "<![CDATA[" + s.replace("]]>", "]]]]><![CDATA[>") + "]]>"


# ---------------------------------------------------------------------------
# Text synthesis
# ---------------------------------------------------------------------------


class Lang:
    def __init__(self, words, names, places, orgs, sections, sites, ru=False):
        self.words = words
        self.names = names
        self.places = places
        self.orgs = orgs
        self.sections = sections
        self.sites = sites
        self.ru = ru


EN = Lang(EN_WORDS, EN_NAMES, EN_PLACES, EN_ORGS, EN_SECTIONS, EN_SITES)
RU = Lang(RU_WORDS, RU_NAMES, RU_PLACES, RU_ORGS, RU_SECTIONS, RU_SITES, ru=True)


class Writer:
    """Synthesises news-like text and HTML from word lists with one RNG."""

    def __init__(self, rng: random.Random, lang: Lang, site: str,
                 xhtml: bool = False, entity_style: float = 0.5):
        self.r = rng
        self.lang = lang
        self.site = site
        self.xhtml = xhtml          # well-formed XML output (Atom xhtml)
        self.entity_style = entity_style  # share of ’ written as &#8217;

    # -- plain text -------------------------------------------------------
    def _length(self) -> int:
        r = self.r.random()
        if r < 0.15:
            return self.r.randint(4, 8)
        if r < 0.80:
            return self.r.randint(9, 22)
        return self.r.randint(23, 42)

    def sentence(self) -> str:
        r = self.r
        lang = self.lang
        n = self._length()
        words = r.choices(lang.words, k=n)
        # sprinkle proper nouns and figures
        for _ in range(r.randint(0, 3)):
            i = r.randrange(n)
            k = r.random()
            if k < 0.35:
                words[i] = r.choice(lang.names)
                if not lang.ru and r.random() < 0.3:
                    words[i] += "\u2019s"          # possessive with ’
            elif k < 0.65:
                words[i] = r.choice(lang.places)
            elif k < 0.85:
                words[i] = r.choice(lang.orgs)
            else:
                words[i] = self.figure()
        if r.random() < 0.45 and n > 3:
            for i in r.sample(range(1, n - 1), r.randint(1, 2)):
                words[i] = words[i] + ","
        s = " ".join(words)
        s = s[0].upper() + s[1:]
        k = r.random()
        end = "." if k < 0.9 else ("?" if k < 0.96 else "!")
        s = s.rstrip(",") + end
        if r.random() < 0.12:
            who = r.choice(lang.names)
            if lang.ru:
                s = "«" + s.rstrip(".") + "», — заявил " + who + "."
            else:
                s = "\u201c" + s.rstrip(".") + ",\u201d said " + who + "."
        elif lang.ru and r.random() < 0.1:
            s = s.rstrip(".") + " — " + r.choice(lang.words) + " " + r.choice(lang.words) + "."
        elif not lang.ru and r.random() < 0.08:
            s = s.rstrip(".") + " \u2014 " + " ".join(r.choices(lang.words, k=4)) + "."
        return s

    def figure(self) -> str:
        r = self.r
        k = r.random()
        if self.lang.ru:
            if k < 0.4:
                return f"{r.randint(1, 99)},{r.randint(0, 9)}%"
            if k < 0.7:
                return f"{r.randint(2, 950)} млн рублей"
            return f"№{r.randint(1, 500)}"
        if k < 0.3:
            return f"{r.randint(1, 99)}.{r.randint(0, 9)} percent"
        if k < 0.55:
            return f"${r.randint(1, 950)}.{r.randint(0, 9)} billion"
        if k < 0.75:
            return f"{r.randint(1, 99)},{r.randint(0, 999):03d}"
        if k < 0.9:
            return str(r.randint(1990, 2024))
        return f"{r.randint(2, 40)}%"

    def title(self) -> str:
        r = self.r
        n = r.randint(5, 13)
        words = r.choices(self.lang.words, k=n)
        i = r.randrange(n)
        words[i] = r.choice(self.lang.places + self.lang.orgs + self.lang.names)
        t = " ".join(words)
        t = t[0].upper() + t[1:]
        if not self.lang.ru and r.random() < 0.2:
            t += ": " + " ".join(r.choices(self.lang.words, k=r.randint(2, 5)))
        if not self.lang.ru and r.random() < 0.15:
            t = t.replace(" ", "\u2019s ", 1)
        if r.random() < 0.1:
            t += "?"
        return t

    # -- HTML -------------------------------------------------------------
    def h(self, s: str) -> str:
        """Escape text for HTML, writing some ’ as the numeric entity."""
        s = esc_text(s)
        if self.r.random() < self.entity_style:
            s = s.replace("\u2019", "&#8217;")
        if not self.xhtml and self.r.random() < 0.2:
            s = s.replace(" \u2014 ", "&nbsp;&mdash; ").replace("«", "&laquo;").replace("»", "&raquo;")
        elif self.r.random() < 0.2:
            s = s.replace(" \u2014 ", "&#160;&#8212; ")
        return s

    def url(self, section: str | None = None) -> str:
        r = self.r
        sec = (section or r.choice(EN_SECTIONS)).lower()
        slug = "-".join(r.choices(EN_WORDS, k=r.randint(3, 8)))
        return f"https://www.{self.site}/{sec}/{r.randint(2019, 2024)}/{r.randint(1, 12):02d}/{slug}-{r.randint(1000, 99999)}"

    def img_url(self) -> str:
        r = self.r
        tok = "".join(r.choices(SLUG_CHARS, k=12))
        ext = r.choice(["jpg", "jpg", "jpg", "png", "webp"])
        return f"https://cdn.{self.site}/images/2024/{r.randint(1, 12):02d}/{tok}.{ext}"

    def inline(self, text: str) -> str:
        """Wrap parts of a paragraph in links and emphasis."""
        r = self.r
        words = text.split(" ")
        out = []
        i = 0
        while i < len(words):
            k = r.random()
            if k < 0.025 and i + 3 < len(words):
                n = r.randint(1, 4)
                out.append(f'<a href="{esc_attr(self.url())}">{self.h(" ".join(words[i:i + n]))}</a>')
                i += n
                continue
            if k < 0.035 and i + 2 < len(words):
                tag = r.choice(["strong", "em", "b", "i"])
                n = r.randint(1, 3)
                out.append(f"<{tag}>{self.h(' '.join(words[i:i + n]))}</{tag}>")
                i += n
                continue
            out.append(self.h(words[i]))
            i += 1
        return " ".join(out)

    def paragraph_text(self) -> str:
        return " ".join(self.sentence() for _ in range(self.r.randint(1, 6)))

    def image(self) -> str:
        r = self.r
        alt = esc_attr(" ".join(r.choices(self.lang.words, k=r.randint(3, 9))))
        close = " />" if self.xhtml else ">"
        w, hgt = r.choice([(800, 450), (1200, 675), (640, 480), (1024, 683)])
        img = f'<img src="{self.img_url()}" alt="{alt}" width="{w}" height="{hgt}"'
        if r.random() < 0.4:
            img += ' loading="lazy"'
        img += close
        if r.random() < 0.6:
            cap = self.h(" ".join(r.choices(self.lang.words, k=r.randint(4, 12))))
            credit = self.h(r.choice(self.lang.names))
            return f"<figure>{img}<figcaption>{cap} ({credit})</figcaption></figure>"
        return f"<p>{img}</p>"

    def article(self, target: int) -> str:
        """HTML body of about `target` bytes (UTF-8)."""
        r = self.r
        parts = []
        size = 0
        if r.random() < 0.7:
            p = self.image()
            parts.append(p)
            size += len(p)
        while size < target:
            k = r.random()
            if k < 0.74:
                p = f"<p>{self.inline(self.paragraph_text())}</p>"
            elif k < 0.80:
                p = f"<h2>{self.h(self.title())}</h2>"
            elif k < 0.86:
                p = f"<blockquote><p>{self.h(self.sentence())}</p></blockquote>"
            elif k < 0.91:
                items = "".join(f"<li>{self.inline(self.sentence())}</li>"
                                for _ in range(r.randint(2, 5)))
                p = f"<ul>{items}</ul>"
            elif k < 0.95:
                p = self.image()
            elif k < 0.98:
                br = "<br />" if self.xhtml else "<br>"
                p = f"<p>{self.h(self.sentence())}{br}{self.h(self.sentence())}</p>"
            else:
                p = f'<p><em>{self.h("Additional reporting by " + r.choice(self.lang.names))}</em></p>'
            parts.append(p)
            size += len(p.encode("utf-8"))
        sep = "\n" if r.random() < 0.7 else ""
        return sep.join(parts)

    def summary(self) -> str:
        return " ".join(self.sentence() for _ in range(self.r.randint(1, 3)))


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------

BASE_TIME = dt.datetime(2024, 6, 28, 18, 0, 0, tzinfo=dt.timezone.utc)


def rfc822(t: dt.datetime, style: int) -> str:
    """RFC 822 / RFC 2822 date in one of several styles seen in the wild."""
    if style == 0:
        tz, off = "+0000", 0
    elif style == 1:
        tz, off = "GMT", 0
    elif style == 2:
        tz, off = "-0400", -4
    elif style == 3:
        tz, off = "EDT", -4
    elif style == 4:
        tz, off = "+0300", 3
    else:
        tz, off = "+0200", 2
    lt = t + dt.timedelta(hours=off)
    day = f"{lt.day:02d}" if style != 1 else str(lt.day)
    return (f"{DAYS[lt.weekday()]}, {day} {MONTHS[lt.month - 1]} {lt.year} "
            f"{lt.hour:02d}:{lt.minute:02d}:{lt.second:02d} {tz}")


def rfc3339(t: dt.datetime, style: int) -> str:
    if style == 0:
        return t.strftime("%Y-%m-%dT%H:%M:%SZ")
    if style == 1:
        return t.strftime("%Y-%m-%dT%H:%M:%S") + f".{t.microsecond // 1000:03d}Z"
    off = {2: 2, 3: -5, 4: 5.5}.get(style, 1)
    lt = t + dt.timedelta(hours=off)
    sign = "+" if off >= 0 else "-"
    hh = int(abs(off))
    mm = int(round((abs(off) - hh) * 60))
    return lt.strftime("%Y-%m-%dT%H:%M:%S") + f"{sign}{hh:02d}:{mm:02d}"


def item_times(rng: random.Random, n: int, start: dt.datetime):
    t = start - dt.timedelta(minutes=rng.randint(0, 600))
    out = []
    for _ in range(n):
        t = t - dt.timedelta(minutes=rng.randint(4, 300), seconds=rng.randint(0, 59),
                             milliseconds=rng.randint(0, 999))
        out.append(t)
    return out


def item_count(rng: random.Random) -> int:
    k = rng.random()
    if k < 0.25:
        return rng.randint(8, 15)
    if k < 0.75:
        return rng.randint(16, 40)
    if k < 0.95:
        return rng.randint(41, 80)
    return rng.randint(81, 150)


# ---------------------------------------------------------------------------
# RSS 2.0
# ---------------------------------------------------------------------------

RSS_NS = ('xmlns:content="http://purl.org/rss/1.0/modules/content/" '
          'xmlns:dc="http://purl.org/dc/elements/1.1/" '
          'xmlns:atom="http://www.w3.org/2005/Atom" '
          'xmlns:media="http://search.yahoo.com/mrss/" '
          'xmlns:sy="http://purl.org/rss/1.0/modules/syndication/" '
          'xmlns:slash="http://purl.org/rss/1.0/modules/slash/"')


def rss_item(w: Writer, t: dt.datetime, date_style: int, cdata_share: float) -> str:
    r = w.r
    lang = w.lang
    section = r.choice(lang.sections)
    link = w.url(None if lang.ru else section)
    title = w.title()
    title_x = esc_text(title)
    if r.random() < w.entity_style:
        title_x = title_x.replace("\u2019", "&#8217;")
    out = ["<item>", f"<title>{title_x}</title>", f"<link>{link}</link>"]
    if r.random() < 0.5:
        out.append(f"<comments>{link}#comments</comments>")
    author = r.choice(lang.names)
    if r.random() < 0.6:
        out.append(f"<dc:creator>{cdata(author)}</dc:creator>")
    else:
        out.append(f"<dc:creator>{esc_text(author)}</dc:creator>")
    out.append(f"<pubDate>{rfc822(t, date_style)}</pubDate>")
    cats = [section] + r.sample(lang.sections, r.randint(0, 3))
    for c in dict.fromkeys(cats):
        out.append(f"<category>{cdata(c) if r.random() < 0.5 else esc_text(c)}</category>")
    if r.random() < 0.5:
        out.append(f'<guid isPermaLink="false">https://www.{w.site}/?p={r.randint(10000, 999999)}</guid>')
    else:
        out.append(f'<guid isPermaLink="true">{link}</guid>')
    summary_html = f"<p>{w.h(w.summary())}</p>"
    if r.random() < 0.7:
        out.append(f"<description>{cdata(summary_html)}</description>")
    else:
        out.append(f"<description>{esc_text(summary_html)}</description>")
    body = w.article(r.randint(2048, 8192))
    if r.random() < cdata_share:
        out.append(f"<content:encoded>{cdata(body)}</content:encoded>")
    else:
        out.append(f"<content:encoded>{esc_text(body)}</content:encoded>")
    if r.random() < 0.7:
        img = w.img_url()
        mime = "image/png" if img.endswith(".png") else ("image/webp" if img.endswith(".webp") else "image/jpeg")
        out.append(f'<enclosure url="{img}" length="{r.randint(20000, 900000)}" type="{mime}" />')
        if r.random() < 0.4:
            out.append(f'<media:content url="{img}" medium="image" width="1200" height="675">'
                       f'<media:title type="plain">{esc_text(w.title())}</media:title></media:content>')
    if r.random() < 0.3:
        out.append(f"<slash:comments>{r.randint(0, 400)}</slash:comments>")
    out.append("</item>")
    return "\n".join(out)


def rss_feed(rng: random.Random, lang: Lang, n_items: int, encoding: str = "UTF-8",
             target_bytes: int | None = None) -> tuple[bytes, int]:
    """An RSS 2.0 feed. With target_bytes, items are added until the size is reached."""
    site = rng.choice(lang.sites)
    w = Writer(rng, lang, site, xhtml=False, entity_style=rng.choice([0.0, 0.5, 1.0]))
    date_style = rng.randrange(6) if not lang.ru else rng.choice([0, 4])
    cdata_share = rng.choice([1.0, 0.9, 0.85, 0.0]) if not lang.ru else 1.0
    title = (rng.choice(lang.sections) + " \u2014 " + site) if not lang.ru else (
        rng.choice(lang.sections) + " — " + site)
    head = [
        f'<?xml version="1.0" encoding="{encoding}"?>',
        f"<rss version=\"2.0\" {RSS_NS}>",
        "<channel>",
        f"<title>{esc_text(title)}</title>",
        f'<atom:link href="https://www.{site}/feed/" rel="self" type="application/rss+xml" />',
        f"<link>https://www.{site}/</link>",
        f"<description>{esc_text(w.summary())}</description>",
        f"<language>{'ru-RU' if lang.ru else rng.choice(['en-US', 'en-GB', 'en'])}</language>",
        f"<lastBuildDate>{rfc822(BASE_TIME, date_style)}</lastBuildDate>",
        "<generator>https://wordpress.org/?v=6.5.4</generator>" if rng.random() < 0.6
        else "<generator>Custom CMS 3.2</generator>",
        "<sy:updatePeriod>hourly</sy:updatePeriod>",
        "<sy:updateFrequency>1</sy:updateFrequency>",
        f"<image><url>https://www.{site}/logo.png</url><title>{esc_text(title)}</title>"
        f"<link>https://www.{site}/</link><width>144</width><height>144</height></image>",
    ]
    parts = ["\n".join(head)]
    size = len(parts[0])
    count = 0
    t = BASE_TIME
    if target_bytes is None:
        for t in item_times(rng, n_items, BASE_TIME):
            parts.append(rss_item(w, t, date_style, cdata_share))
        count = n_items
    else:
        while size < target_bytes - 200:
            t = t - dt.timedelta(minutes=rng.randint(1, 30), seconds=rng.randint(0, 59))
            it = rss_item(w, t, date_style, cdata_share)
            parts.append(it)
            size += len(it.encode("utf-8")) + 1
            count += 1
    parts.append("</channel>\n</rss>\n")
    text = "\n".join(parts)
    return text.encode(encoding.lower().replace("windows-", "cp"), errors="strict"), count


# ---------------------------------------------------------------------------
# Atom 1.0
# ---------------------------------------------------------------------------


def atom_feed(rng: random.Random, n_items: int) -> tuple[bytes, int]:
    site = rng.choice(EN_SITES)
    w = Writer(rng, EN, site, xhtml=True, entity_style=rng.choice([0.0, 0.5, 1.0]))
    date_style = rng.randrange(5)
    times = item_times(rng, n_items, BASE_TIME)
    feed_author = rng.choice(EN_NAMES)
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{rng.choice(["en", "en-US", "en-GB"])}">',
        f"<title>{esc_text(rng.choice(EN_SECTIONS) + ' | ' + site)}</title>",
        f'<subtitle type="html">{esc_text("<p>" + w.h(w.sentence()) + "</p>")}</subtitle>',
        f'<link rel="alternate" type="text/html" href="https://www.{site}/" />',
        f'<link rel="self" type="application/atom+xml" href="https://www.{site}/atom.xml" />',
        f"<id>tag:{site},2019:/feed</id>",
        f"<updated>{rfc3339(times[0], date_style)}</updated>",
        f"<author><name>{esc_text(feed_author)}</name></author>",
        '<generator uri="https://gohugo.io/" version="0.126.1">Hugo</generator>',
        f"<rights>\u00a9 2024 {esc_text(site)}</rights>",
        f"<icon>https://www.{site}/favicon.ico</icon>",
    ]
    for t in times:
        section = rng.choice(EN_SECTIONS)
        link = w.url(section)
        title = w.title()
        e = ["<entry>"]
        if rng.random() < 0.4:
            e.append(f'<title type="html">{esc_text(w.h(title))}</title>')
        else:
            e.append(f'<title type="text">{esc_text(title)}</title>')
        e.append(f'<link rel="alternate" type="text/html" href="{link}" />')
        if rng.random() < 0.3:
            e.append(f'<link rel="enclosure" type="image/jpeg" length="{rng.randint(20000, 900000)}" href="{w.img_url()}" />')
        if rng.random() < 0.5:
            e.append(f"<id>tag:{site},{t:%Y-%m-%d}:/{section.lower()}/{rng.randint(10000, 999999)}</id>")
        else:
            e.append("<id>urn:uuid:" + "-".join("".join(rng.choices("0123456789abcdef", k=k))
                                               for k in (8, 4, 4, 4, 12)) + "</id>")
        e.append(f"<published>{rfc3339(t, date_style)}</published>")
        upd = t + dt.timedelta(minutes=rng.choice([0, 0, 5, 42, 180]))
        e.append(f"<updated>{rfc3339(upd, date_style)}</updated>")
        for name in rng.sample(EN_NAMES, rng.choice([1, 1, 1, 2, 3])):
            user = name.split()[0].lower().replace("'", "")
            extra = ""
            if rng.random() < 0.5:
                extra += f"<uri>https://www.{site}/authors/{user}</uri>"
            if rng.random() < 0.3:
                extra += f"<email>{user}@{site}</email>"
            e.append(f"<author><name>{esc_text(name)}</name>{extra}</author>")
        for c in dict.fromkeys([section] + rng.sample(EN_SECTIONS, rng.randint(0, 2))):
            e.append(f'<category term="{c.lower()}" label="{esc_attr(c)}" />')
        e.append(f'<summary type="html">{esc_text("<p>" + w.h(w.summary()) + "</p>")}</summary>')
        body = w.article(rng.randint(2048, 8192))
        e.append('<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">'
                 + body + "</div></content>")
        e.append("</entry>")
        out.append("\n".join(e))
    out.append("</feed>\n")
    return "\n".join(out).encode("utf-8"), n_items


# ---------------------------------------------------------------------------
# JSON Feed 1.1
# ---------------------------------------------------------------------------


def json_feed(rng: random.Random, n_items: int) -> tuple[bytes, int]:
    site = rng.choice(EN_SITES)
    w = Writer(rng, EN, site, xhtml=False, entity_style=rng.choice([0.0, 0.5, 1.0]))
    date_style = rng.randrange(5)
    times = item_times(rng, n_items, BASE_TIME)
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": rng.choice(EN_SECTIONS) + " \u2014 " + site,
        "home_page_url": f"https://www.{site}/",
        "feed_url": f"https://www.{site}/feed.json",
        "description": w.sentence(),
        "icon": f"https://www.{site}/icon-512.png",
        "favicon": f"https://www.{site}/favicon-64.png",
        "language": rng.choice(["en", "en-US", "en-GB"]),
        "authors": [{"name": rng.choice(EN_NAMES), "url": f"https://www.{site}/about"}],
        "items": [],
    }
    for t in times:
        section = rng.choice(EN_SECTIONS)
        link = w.url(section)
        item = {
            "id": link if rng.random() < 0.5 else str(rng.randint(100000, 9999999)),
            "url": link,
            "title": w.title(),
            "content_html": w.article(rng.randint(2048, 8192)),
            "summary": w.summary(),
            "date_published": rfc3339(t, date_style),
        }
        if rng.random() < 0.6:
            item["date_modified"] = rfc3339(t + dt.timedelta(minutes=rng.randint(0, 300)), date_style)
        if rng.random() < 0.7:
            item["image"] = w.img_url()
        item["authors"] = [{"name": n, "url": f"https://www.{site}/authors/{n.split()[0].lower()}"}
                           for n in rng.sample(EN_NAMES, rng.choice([1, 1, 2]))]
        item["tags"] = list(dict.fromkeys([section] + rng.sample(EN_SECTIONS, rng.randint(0, 3))))
        if rng.random() < 0.15:
            item["attachments"] = [{"url": f"https://cdn.{site}/audio/{rng.randint(1, 9999)}.mp3",
                                    "mime_type": "audio/mpeg",
                                    "size_in_bytes": rng.randint(10**6, 9 * 10**7),
                                    "duration_in_seconds": rng.randint(60, 7200)}]
        feed["items"].append(item)
    indent = rng.choice([None, 2, 4])
    ensure_ascii = rng.random() < 0.3
    text = json.dumps(feed, indent=indent, ensure_ascii=ensure_ascii) + "\n"
    return text.encode("utf-8"), n_items


# ---------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------

KINDS = {
    # kind: (directory, file name pattern, format label)
    "rss": ("rss", "rss-{:03d}.xml", "rss2.0"),
    "atom": ("atom", "atom-{:03d}.xml", "atom1.0"),
    "json": ("json", "feed-{:03d}.json", "jsonfeed1.1"),
    "cp1251": ("cp1251", "ru-{:03d}.xml", "rss2.0-windows-1251"),
}


def make_one(kind: str, rng: random.Random) -> tuple[bytes, int]:
    n = item_count(rng)
    if kind == "rss":
        return rss_feed(rng, EN, n)
    if kind == "atom":
        return atom_feed(rng, n)
    if kind == "json":
        return json_feed(rng, n)
    if kind == "cp1251":
        return rss_feed(rng, RU, n, encoding="windows-1251")
    raise ValueError(kind)


def generator_id(seed: int, scale: float) -> str:
    h = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    return f"generator={h} seed={seed} scale={scale:g}"


def corpus_is_current(out: Path, ident: str) -> bool:
    manifest = out / "MANIFEST.tsv"
    try:
        lines = manifest.read_text(encoding="utf-8").splitlines()
    except OSError:
        return False
    if not lines or lines[0] != "# " + ident:
        return False
    for line in lines[2:]:
        if not line or line.startswith("#"):
            continue
        path, _fmt, _items, size = line.split("\t")
        p = out / path
        try:
            if p.stat().st_size != int(size):
                return False
        except OSError:
            return False
    return True


def write(path: Path, data: bytes) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    here = Path(__file__).resolve().parent
    ap.add_argument("--out", type=Path, default=here / "corpus")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--scale", type=float, default=1.0,
                    help="multiply the byte budgets (not the big file) by this; default 1")
    ap.add_argument("--force", action="store_true", help="regenerate even if up to date")
    args = ap.parse_args()

    out: Path = args.out
    ident = generator_id(args.seed, args.scale)
    if not args.force and corpus_is_current(out, ident):
        print(f"make_corpus: {out} is up to date ({ident})", file=sys.stderr)
        return 0

    out.mkdir(parents=True, exist_ok=True)
    (out / "MANIFEST.tsv").unlink(missing_ok=True)
    for d, _pat, _fmt in KINDS.values():
        shutil.rmtree(out / d, ignore_errors=True)
        (out / d).mkdir()

    rows = []
    total = 0
    for kind, (d, pat, fmt) in KINDS.items():
        budget = int(BUDGET[kind] * args.scale)
        used = 0
        i = 0
        while used < budget:
            i += 1
            name = pat.format(i)
            rng = random.Random(f"{args.seed}:{kind}:{name}")
            data, items = make_one(kind, rng)
            write(out / d / name, data)
            rows.append((f"{d}/{name}", fmt, items, len(data)))
            used += len(data)
        total += used
        print(f"make_corpus: {kind:7s} {i:4d} files {used / MIB:7.1f} MiB", file=sys.stderr)

    rng = random.Random(f"{args.seed}:big:{BIG_FILE}")
    data, items = rss_feed(rng, EN, 0, target_bytes=BIG_BYTES)
    write(out / BIG_FILE, data)
    rows.append((BIG_FILE, "rss2.0", items, len(data)))
    print(f"make_corpus: big     {BIG_FILE} {len(data) / MIB:.1f} MiB, {items} items", file=sys.stderr)

    lines = ["# " + ident, "# path\tformat\titems\tbytes"]
    lines += [f"{p}\t{f}\t{n}\t{b}" for p, f, n, b in rows]
    write(out / "MANIFEST.tsv", ("\n".join(lines) + "\n").encode("utf-8"))
    print(f"make_corpus: wrote {len(rows) - 1} feeds ({total / MIB:.1f} MiB) + {BIG_FILE} to {out}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
