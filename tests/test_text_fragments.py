"""archive/text_fragments.py: a link's #:~:text= fragment that leads to one occurrence of words in a page."""

import re
from urllib.parse import unquote

from django.http import QueryDict

from archive.concordance import concordance
from archive.text_fragments import text_fragment


def parts(fragment: str) -> tuple[str, str, str]:
    """The fragment's prefix, words and suffix, decoded."""
    directive = fragment.removeprefix("#:~:text=")
    prefix, _, rest = directive.rpartition("-,")
    words, _, suffix = rest.partition(",-")
    return unquote(prefix), unquote(words), unquote(suffix)


def test_the_fragment_holds_the_words_and_three_words_either_side():
    """GIVEN a line's context with its ellipses WHEN made a fragment THEN the three words before, the keyword and
    the three after, the directive's own signs ("-", ",", "&") encoded in them."""
    fragment = text_fragment("… the key issue of how to estimate export ", "quotas", ", delegates said. The 54 …")
    assert fragment.startswith("#:~:text=") and parts(fragment) == ("to estimate export", "quotas", ", delegates said.")
    hyphens = text_fragment("… a cut-price, ", "oil", " & gas - deal …")
    assert "-" not in hyphens.removeprefix("#:~:text=").replace("-,", "").replace(",-", "")
    assert "&" not in hyphens and parts(hyphens) == ("a cut-price,", "oil", "& gas -")


def test_a_line_at_the_start_or_end_of_a_text_has_no_prefix_or_suffix():
    assert text_fragment("", "Coffee", " quota talks opened …") == "#:~:text=Coffee,-quota%20talks%20opened"
    assert text_fragment("… a new export ", "quota", "") == "#:~:text=a%20new%20export-,quota"
    assert text_fragment("before", " ", "after") == ""


def test_every_line_of_the_seeds_leads_to_text_its_article_holds(archive):
    """GIVEN the concordance of a word in the seeds WHEN each line's fragment is read THEN its prefix, words and
    suffix stand together in the article's title or text (whitespace aside), as the browser will look for them."""
    found = concordance(QueryDict("q=pakistan OR russia"))
    assert len(found.lines) > 5
    for line in found.lines:
        article = line.article
        text = re.sub(r"\s+", "", f"{article.title} {article.body}")
        assert re.sub(r"\s+", "", "".join(parts(line.text_fragment))) in text, line
