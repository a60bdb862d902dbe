"""Four places where citeproc-py 0.11.1 departs from the CSL 1.0.2 specification, set right.

The shipped styles (APA 7, Chicago 18 author-date, MLA 9) rely on all four:

* `cs:label` is rendered only when its variable has a value (spec, "Label"): Chicago printed a stray
  "Edition." for every newspaper article;
* `initialize="false"` on `cs:name` keeps given names whole (spec, "Name-part Formatting"): Chicago and
  MLA printed "Khan, S." for "Shahbaz Khan"; and a given name written in a script without letter case
  (Arabic, Hebrew, Chinese, Thai …) is kept whole too, as APA does for names it cannot abbreviate (and
  citeproc-js does): citeproc-py took each of its words for a lower-case particle, "العلي, . محمد .";
* variables rendered through `cs:substitute` are suppressed in the rest of the entry (spec,
  "Substitute"), also when the substitute is a macro: APA and MLA printed an article without an author
  with its title twice ("Budget talks. (1987). Budget talks. Reuters.").
* quotation marks inside a quoted text become the locale's inner quotes (spec, "Quotes": `quotes="true"`
  and open-inner-quote): Chicago and MLA printed a title `Oil & Gas: "Black Gold" Climbs` as
  “Oil & Gas: "Black Gold" Climbs.” and a title opening with a curly quote as ““Curly….

And one for speed: every lookup in the style was an XPath search, made again each time (a macro by name,
some 350 times a citation, the enclosing layout, a term: two thirds of an article page's time), and whether an
element calls a variable was worked out again through all its descendants each time. Both depend on the style
alone and are now worked out once (`_patch_style_lookups`). And a citation of one work was sorted, each of its
sort keys rendered to order a list of one (`_patch_sort_of_one`); and a cited work's data was looked up through
three properties and two dictionaries on each of the ~900 reads an entry makes (`_patch_reference_lookup`).

Installed once, on first use, by `archive.citations.formatting`; checked by tests/citations/.
"""

from __future__ import annotations

import functools
import re
import threading

from citeproc import model
from citeproc.source import CitationItem

_installed = False
_install_lock = threading.Lock()
_recording = threading.local()  # a stack of sets of (tag, variable) rendered inside cs:substitute


def install() -> None:
    global _installed
    with _install_lock:
        if _installed:
            return
        _patch_label()
        _patch_initialize()
        _patch_substitute()
        _patch_nested_quotes()
        _patch_style_lookups()
        _patch_sort_of_one()
        _patch_reference_lookup()
        _installed = True


def _patch_label() -> None:
    original = model.Label.process

    def process(self, item, variable=None, plural=None, context=None, **kwargs):
        name = variable or self.get("variable")
        if name and name != "locator" and variable is None:
            try:
                value = item.reference[name.replace("-", "_")]
            except model.VariableError:
                return None
            if value in (None, ""):
                return None
        return original(self, item, variable=variable, plural=plural, context=context, **kwargs)

    model.Label.process = process


def _patch_initialize() -> None:
    original = model.Name.initialize

    def initialize(self, given, mark, context):
        if self.get("initialize", "true") == "false" or _has_caseless_word(given):
            return given
        return original(self, given, mark, context)

    model.Name.initialize = initialize


def _has_caseless_word(given: str) -> bool:
    """Whether a word of `given` starts with a letter that has no case (neither upper nor lower: Arabic, Hebrew,
    Han, kana, Hangul, Thai …); citeproc tells initials from particles by case alone, so it cannot initialise
    such a name."""
    return any(
        word[0].isalpha() and not word[0].isupper() and not word[0].islower()
        for word in re.split(r"[\s.\-]+", given)
        if word
    )


def _patch_substitute() -> None:
    original_variable = model.Text._variable
    original_render = model.Substitute.render

    def _variable(self, item, context):
        text = original_variable(self, item, context)
        stack = getattr(_recording, "stack", None)
        if stack and text is not None and str(text):
            stack[-1].add((self.tag, self.get("variable")))
        return text

    def render(self, item, context=None, **kwargs):
        stack = _recording.__dict__.setdefault("stack", [])
        stack.append(set())
        try:
            text = original_render(self, item, context=context, **kwargs)
        finally:
            rendered = stack.pop()
        if text and context is not None:
            repressed = context.get_layout().repressed
            for tag, variable in rendered:
                repressed.setdefault(tag, []).append(variable)
        return text

    model.Text._variable = _variable
    model.Substitute.render = render


# A straight double quote that opens (at the start, after a space, an opening bracket or dash, or a tag) or
# closes; curly double quotes as they are.
_OPENING_STRAIGHT = re.compile(r'(^|(?<=[\s(\[{\u2014\u2013>]))"')


def _patch_nested_quotes() -> None:
    original = model.Quoted.quote

    def quote(self, string):
        if self.get("quotes", "false").lower() == "true":
            inner = (self.get_single_term(name="open-inner-quote"), self.get_single_term(name="close-inner-quote"))
            string = _with_inner_quotes(string, *inner)
        return original(self, string)

    model.Quoted.quote = quote


def _with_inner_quotes(string, opening: str, closing: str):
    """`string` (citeproc's text: a str, a formatter's tag, or a list of them) with its double quotes made the
    inner ones, each piece keeping its type."""
    if isinstance(string, list):
        return type(string)(_with_inner_quotes(piece, opening, closing) for piece in string)
    text = str(string)
    if '"' not in text and "“" not in text and "”" not in text:
        return string
    text = _OPENING_STRAIGHT.sub(opening, text).replace('"', closing).replace("“", opening).replace("”", closing)
    return str.__new__(type(string), text)  # the same type, not wrapped again (a formatter's tag wraps on creation)


# Bound on the remembered answers (least recently used out first): the three styles and their locales hold a
# few thousand elements; a tree parsed on every render (none is today) could not make the process grow without end.
_MAX_REMEMBERED = 200_000


def _patch_style_lookups() -> None:
    """Answers that depend only on the style, worked out once per element: what an XPath expression finds from
    it (a macro by name, the enclosing layout, a term), and whether it calls a variable (through its children
    and macros). The elements are the parsed styles' own, kept for the process (`formatting._style`); the
    cache holding them keeps each one's proxy, so its key, the same."""
    found = functools.lru_cache(maxsize=_MAX_REMEMBERED)(model.CitationStylesElement.xpath_search)

    def xpath_search(self, expression):
        return list(found(self, expression))  # a copy: a caller may change the list it gets

    model.CitationStylesElement.xpath_search = xpath_search
    for cls in (model.Parent, model.Text):
        cls.calls_variable = functools.lru_cache(maxsize=_MAX_REMEMBERED)(cls.calls_variable)


def _patch_sort_of_one() -> None:
    """`cs:sort` over one item returns it without rendering its keys: the article page's citations and the
    in-text citations that decide a year's letter (`formatting._year_suffixes`) are each of one work, and
    rendering the sort keys was half of what each cost."""
    original = model.Sort.sort

    def sort(self, items, context):
        items = list(items)
        return items if len(items) < 2 else original(self, items, context)

    model.Sort.sort = sort


def _patch_reference_lookup() -> None:
    """A cited item's reference (its work's data) looked up once and kept on the item: the item belongs to one
    citation of one bibliography, whose source does not change, and the lookup was a quarter of a reference
    list's time. Not kept when the item is not yet registered (the lookup fails, as before)."""
    lookup = CitationItem.reference.fget

    def reference(self):
        kept = self.__dict__.get("_archive_reference")
        if kept is None:
            kept = self.__dict__["_archive_reference"] = lookup(self)
        return kept

    CitationItem.reference = property(reference)
