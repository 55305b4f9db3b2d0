"""A synthetic news page with the markup of a present-day news site around the article.

Text extraction costs what the markup around the text costs: trafilatura's cleaning runs XPath
tests on every element's class and id, and readability scores every block. So the pages copy the
structure real news pages have, not only their weight: nearly every element carries BEM-style
class names, ids and data attributes; the article sits in nested layout wrappers next to a
breadcrumb, share bar, lead picture with srcset, inline ad slots and a "Read also" box; a
sidebar, a grid of story cards with summaries, a footer of link columns and the inline JSON
state of a script-rendered site fill the rest. `page_html` makes a page of the size asked
(5-80 KB in the benchmark) by adding more of the chrome, never more article text.

bench/cycle.py prints extraction milliseconds per KB and elements per KB of these pages;
bench/reading.py prints the same for saved real pages, to compare the two.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from datetime import datetime
from html import escape

SECTIONS = ["World", "Europe", "Middle East", "Africa", "Asia", "Americas", "Business", "Markets",
            "Technology", "Science", "Health", "Sport", "Culture", "Opinion", "Video", "Podcasts"]
SUBSECTIONS = ["Latest", "Analysis", "Explainers", "Live", "In pictures", "Features", "Data"]
TEASER_SUBJECTS = ["Flood defences", "The housing market", "A new rail line", "The grain harvest",
                   "Hospital waiting lists", "A museum reopening", "Fuel prices", "The central bank",
                   "A heatwave", "The local elections", "A shipping strike", "Tourism numbers"]
TEASER_PREDICATES = ["faces a difficult winter", "divides the city council", "is back on the agenda",
                     "sets a new record", "draws criticism from residents", "is delayed once more",
                     "gets a second look from regulators", "surprises analysts"]
SOCIAL = ["facebook", "x", "whatsapp", "linkedin", "email", "copy-link"]
# One icon's path data, the kind of inline SVG every share button and menu carries.
ICON_PATH = ("M12 2C6.48 2 2 6.48 2 12s4.48 10 10 10 10-4.48 10-10S17.52 2 12 2zm0 18c-4.41 0-8-3.59-8-8"
             "s3.59-8 8-8 8 3.59 8 8-3.59 8-8 8zm-1-13h2v6h-2zm0 8h2v2h-2z")


def page_html(host: str, path: str, title: str, published: datetime, body: list[str], seed: int) -> bytes:
    """A page of `rng.randint(5_000, 80_000)` bytes at most (or the article alone, when that is
    more) with `body` as the article's paragraphs."""
    rng = random.Random(seed)
    size = rng.randint(5_000, 80_000)
    head = _head(host, path, title, published)
    article = _article(rng, title, published, body)

    def assembled(header: str = "", sidebar: str = "", cards: str = "", footer: str = "", state: str = "") -> bytes:
        return (f'{head}<body class="page page--article section-world">'
                '<div class="cookie-consent" role="dialog" aria-live="polite" data-consent-version="3">'
                '<p class="cookie-consent__text">We use cookies to improve your experience.</p>'
                '<button class="btn btn--primary js-consent-accept">Accept all</button>'
                '<button class="btn btn--secondary js-consent-settings">Settings</button></div>'
                f'<div id="app" class="site-wrapper">{header}'
                '<div class="ad-slot ad-slot--leaderboard" id="ad-top" data-ad-unit="/news/article/top" '
                'data-sizes="[[728,90],[970,250]]"></div>'
                '<main id="main-content" class="layout layout--article"><div class="layout__grid container">'
                f'<div class="layout__main">{_breadcrumbs(host)}{article}</div>{sidebar}</div></main>'
                f'{cards}{footer}</div>{state}'
                '<script async src="/static/js/vendor.3f9a1c.js"></script>'
                '<script async src="/static/js/article.8b2e44.js"></script></body></html>').encode("utf-8")

    budget = max(0, size - len(assembled()))
    header = _header(rng, host, budget * 0.22)
    sidebar = _sidebar(rng, budget * 0.12)
    cards = _cards(rng, budget * 0.26)
    footer = _footer(rng, host, budget * 0.12)
    state = _state_script(rng, path, budget - len(header) - len(sidebar) - len(cards) - len(footer))
    return assembled(header, sidebar, cards, footer, state)


def _head(host: str, path: str, title: str, published: datetime) -> str:
    url = f"http://{host}{path}"
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
                     "datePublished": published.isoformat(), "mainEntityOfPage": url,
                     "author": {"@type": "Person", "name": "Staff Reporter"},
                     "publisher": {"@type": "Organization", "name": host}})
    return ('<!doctype html><html lang="en" class="no-js"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{escape(title)} | {host}</title>'
            f'<meta name="description" content="{escape(title)}">'
            f'<meta property="og:title" content="{escape(title)}"><meta property="og:type" content="article">'
            f'<meta property="og:url" content="{url}"><meta name="twitter:card" content="summary_large_image">'
            f'<meta property="article:published_time" content="{published.isoformat()}">'
            f'<link rel="canonical" href="{url}">'
            '<link rel="preload" href="/static/fonts/serif.woff2" as="font" crossorigin>'
            '<link rel="stylesheet" href="/static/css/main.5c1d2e.css">'
            f'<script type="application/ld+json">{ld}</script>'
            '<style>.visually-hidden{position:absolute;clip:rect(0 0 0 0)}.story__body p{margin:0 0 1em}</style>'
            '</head>')


def _icon(name: str) -> str:
    return (f'<svg class="icon icon--{name}" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" '
            f'focusable="false"><path d="{ICON_PATH}"></path></svg>')


def _filled(budget: float, item: Callable[[int], str]) -> str:
    """Items `item(0)`, `item(1)`, ... while they fit in `budget` characters."""
    parts, used, index = [], 0, 0
    while True:
        part = item(index)
        if used + len(part) > budget:
            return "".join(parts)
        parts.append(part)
        used += len(part)
        index += 1


def _header(rng: random.Random, host: str, budget: float) -> str:
    def section(index: int) -> str:
        name = SECTIONS[index % len(SECTIONS)]
        slug = name.lower().replace(" ", "-")
        subitems = "".join(
            f'<li class="main-nav__subitem"><a class="main-nav__sublink" '
            f'href="/{slug}/{sub.lower().replace(" ", "-")}" data-track-label="nav-{slug}-{position}">{sub}</a></li>'
            for position, sub in enumerate(rng.sample(SUBSECTIONS, rng.randint(3, 6)))
        )
        return (f'<li class="main-nav__item main-nav__item--has-children" id="nav-{slug}-{index}">'
                f'<a class="main-nav__link" href="/{slug}" data-track-label="nav-{slug}">{name}'
                f'{_icon("chevron")}</a><ul class="main-nav__submenu" aria-label="{name}">{subitems}</ul></li>')

    frame = ('<header class="site-header" role="banner"><div class="site-header__inner container">'
             f'<a class="site-header__logo" href="/">{_icon("logo")}<span class="visually-hidden">{host}</span></a>'
             '<nav class="main-nav" aria-label="Sections"><ul class="main-nav__list">{items}</ul></nav>'
             f'<div class="site-header__actions"><button class="btn btn--icon js-search" aria-label="Search">'
             f'{_icon("search")}</button><a class="btn btn--subscribe" href="/subscribe">Subscribe</a></div>'
             '</div></header>')
    return frame.replace("{items}", _filled(budget - len(frame), section))


def _breadcrumbs(host: str) -> str:
    crumbs = "".join(f'<li class="breadcrumbs__item"><a class="breadcrumbs__link" href="{href}">{name}</a></li>'
                     for href, name in (("/", host), ("/world", "World"), ("/world/europe", "Europe")))
    return f'<nav class="breadcrumbs" aria-label="Breadcrumb"><ol class="breadcrumbs__list">{crumbs}</ol></nav>'


def _teaser_headline(rng: random.Random) -> str:
    return f"{rng.choice(TEASER_SUBJECTS)} {rng.choice(TEASER_PREDICATES)}"


def _article(rng: random.Random, title: str, published: datetime, body: list[str]) -> str:
    share = "".join(f'<li class="share-bar__item"><a class="share-bar__link share-bar__link--{name}" '
                    f'href="/share/{name}" data-share="{name}" aria-label="Share on {name}">{_icon(name)}</a></li>'
                    for name in SOCIAL)
    image = f"/media/{rng.randint(10**5, 10**6)}"
    figure = ('<figure class="story__lead-media media media--image"><picture class="media__picture">'
              f'<source srcset="{image}-480.webp 480w, {image}-960.webp 960w, {image}-1440.webp 1440w" '
              'type="image/webp" sizes="(max-width: 600px) 100vw, 60vw">'
              f'<img class="media__img" src="{image}-960.jpg" alt="" width="960" height="540" loading="eager">'
              '</picture>'
              '<figcaption class="media__caption"><span class="media__credit">Photograph: Staff</span>'
              '</figcaption></figure>')
    related = "".join(f'<li class="inline-related__item"><a class="inline-related__link" '
                      f'href="/world/{rng.randint(1, 10**6)}"><span class="inline-related__title">'
                      f'{_teaser_headline(rng)}</span></a></li>' for _ in range(3))
    blocks = []
    for index, paragraph in enumerate(body):
        blocks.append(f'<div class="text-block" data-component="text-block"><p class="story__paragraph" '
                      f'data-block-id="p{index}">{_with_inline_markup(rng, paragraph)}</p></div>')
        if index == 2:
            blocks.append('<aside class="inline-related" aria-label="Read also"><h3 class="inline-related__heading">'
                          f'Read also</h3><ul class="inline-related__list">{related}</ul></aside>')
        elif index % 4 == 3:
            blocks.append(f'<div class="ad-slot ad-slot--inline" id="ad-inline-{index}" '
                          'data-ad-unit="/news/article/inline" data-sizes="[[300,250]]">'
                          '<span class="ad-slot__label">Advertisement</span></div>')
    tags = "".join(f'<li class="tags__item"><a class="tags__link" href="/topic/{name.lower()}">{name}</a></li>'
                   for name in ("Diplomacy", "Conflict", "World"))
    return ('<article class="story" itemscope itemtype="https://schema.org/NewsArticle">'
            f'<header class="story__header"><h1 class="story__headline" itemprop="headline">{escape(title)}</h1>'
            '<div class="story__meta"><div class="byline"><span class="byline__author" itemprop="author">By '
            '<a class="byline__link" href="/authors/staff-reporter">Staff Reporter</a></span></div>'
            f'<time class="story__date" datetime="{published.isoformat()}" itemprop="datePublished">'
            f'{published:%d %B %Y}</time></div><ul class="share-bar" aria-label="Share">{share}</ul></header>'
            f'{figure}<div class="story__body" itemprop="articleBody"><div class="story__text text-block">'
            f'{"".join(blocks)}</div></div><footer class="story__footer"><ul class="tags">{tags}</ul></footer>'
            '</article>')


def _with_inline_markup(rng: random.Random, paragraph: str) -> str:
    """The paragraph, escaped, with a link on a few of its words in half the paragraphs and a
    bold phrase in one in five, as an edited story has; the text stays the same."""
    words = [escape(word) for word in paragraph.split(" ")]
    if len(words) > 8 and rng.random() < 0.5:
        start = rng.randrange(len(words) - 4)
        words[start] = (f'<a class="story__link" href="/topic/{rng.randint(1, 10**4)}" data-link-type="internal">'
                        f'{words[start]}')
        words[start + 2] += "</a>"
    if len(words) > 8 and rng.random() < 0.2:
        words[0] = f"<strong>{words[0]}"
        words[1] += "</strong>"
    return " ".join(words)


def _sidebar(rng: random.Random, budget: float) -> str:
    def teaser(index: int) -> str:
        return (f'<li class="teaser teaser--ranked"><a class="teaser__link" href="/world/{rng.randint(1, 10**6)}" '
                f'data-track-label="most-read-{index + 1}"><span class="teaser__rank">{index + 1}</span>'
                f'<h3 class="teaser__headline">{_teaser_headline(rng)}</h3></a></li>')

    frame = ('<aside class="layout__sidebar"><section class="widget widget--most-read">'
             '<h2 class="widget__title">Most read</h2><ol class="teaser-list">{items}</ol></section>'
             '<section class="widget widget--newsletter"><h2 class="widget__title">Morning briefing</h2>'
             '<form class="newsletter-form" action="/newsletter" method="post"><label class="visually-hidden" '
             'for="email">Email</label><input class="newsletter-form__input" id="email" type="email" '
             'placeholder="Your email"><button class="btn btn--primary" type="submit">Sign up</button></form>'
             '</section></aside>')
    return frame.replace("{items}", _filled(budget - len(frame), teaser))


def _cards(rng: random.Random, budget: float) -> str:
    def card(index: int) -> str:
        section = rng.choice(SECTIONS)
        href = f"/{section.lower().replace(' ', '-')}/{rng.randint(1, 10**6)}"
        return (f'<div class="card card--standard" data-position="{index}"><a class="card__media" href="{href}" '
                f'tabindex="-1"><img class="card__img" src="/media/{rng.randint(10**5, 10**6)}-320.jpg" alt="" '
                'width="320" height="180" loading="lazy"></a><div class="card__body">'
                f'<span class="card__kicker">{section}</span><h3 class="card__title"><a class="card__link" '
                f'href="{href}">{_teaser_headline(rng)}</a></h3><p class="card__summary">'
                f'{_teaser_headline(rng)}, and {_teaser_headline(rng).lower()}.</p>'
                f'<time class="card__time" datetime="2025-01-01T00:00:00Z">{rng.randint(1, 23)} hours ago</time>'
                '</div></div>')

    frame = ('<section class="more-stories container" aria-label="More stories"><h2 class="more-stories__title">'
             'More from World</h2><div class="card-grid">{items}</div></section>')
    return frame.replace("{items}", _filled(budget - len(frame), card))


def _footer(rng: random.Random, host: str, budget: float) -> str:
    def column(index: int) -> str:
        links = "".join(f'<li class="site-footer__item"><a class="site-footer__link" '
                        f'href="/{name.lower().replace(" ", "-")}">{name}</a></li>' for name in rng.sample(SECTIONS, 6))
        return (f'<div class="site-footer__column" id="footer-column-{index}"><h4 class="site-footer__heading">'
                f'{rng.choice(SECTIONS)}</h4><ul class="site-footer__list">{links}</ul></div>')

    social = "".join(f'<a class="social-link social-link--{name}" href="/follow/{name}" aria-label="{name}">'
                     f'{_icon(name)}</a>' for name in SOCIAL[:4])
    frame = ('<footer class="site-footer" role="contentinfo"><div class="site-footer__inner container">'
             '<div class="site-footer__columns">{items}</div>'
             f'<div class="site-footer__social">{social}</div><p class="site-footer__legal">&copy; {host}. '
             'All rights reserved.</p></div></footer>')
    return frame.replace("{items}", _filled(budget - len(frame), column))


def _state_script(rng: random.Random, path: str, budget: float) -> str:
    """The page's data again as a script-rendered site inlines it (`window.__STATE__`)."""
    items: list[dict[str, object]] = []
    frame = '<script>window.__STATE__ = {"page": "' + path + '", "items": []};</script>'
    used = len(frame)
    if used > budget:
        return ""
    while True:
        item = {"id": rng.randint(10**8, 10**9), "title": _teaser_headline(rng), "section": rng.choice(SECTIONS),
                "url": f"/world/{rng.randint(1, 10**6)}", "views": rng.randint(0, 10**6)}
        cost = len(json.dumps(item)) + 2
        if used + cost > budget:
            break
        items.append(item)
        used += cost
    return "<script>window.__STATE__ = " + json.dumps({"page": path, "items": items}) + ";</script>"
