"""Text as search compares it: case, diacritics and punctuation aside.

"Đà Nẵng", "da nang" and "DA-NANG" all fold to "da nang". Only the marks of
the Latin script are dropped: the vowel signs of Khmer, Thai, Lao and Burmese
are letters of those scripts, kept as written ("ភ្នំពេញ" stays itself).
PostgreSQL's `unaccent` folds the records' own text the same way on that
database; on SQLite, the same function is registered as `tracker_fold`.
"""

import re
import unicodedata

# The combining marks Latin letters take (Vietnamese stacks two: ẵ is a + ̆ + ̃).
LATIN_MARKS = range(0x0300, 0x0370)
# Letters that carry their mark in their shape, not as a combining mark.
LETTERS = str.maketrans({"đ": "d", "ð": "d", "ø": "o", "ł": "l", "ß": "ss", "æ": "ae", "œ": "oe"})
# A name stored for search starts and ends with a space and is separated from the
# next by " ; ", so a word's start is always after a space.
SEPARATOR = " ; "

SCRIPTS = {
    "LATIN": "Latn",
    "KHMER": "Khmr",
    "THAI": "Thai",
    "LAO": "Laoo",
    "MYANMAR": "Mymr",
}


# ASCII text folds to its lower-cased letters and digits, anything else a space
ASCII_OTHER = re.compile(r"[^a-z0-9]+")


def fold(text):
    """`text` lower-cased, without Latin diacritics, its punctuation a space."""
    if text is None:
        return None
    if text.isascii():
        return ASCII_OTHER.sub(" ", text.lower()).strip()
    return fold_unicode(text)


def fold_unicode(text):
    """`fold` of any text, ASCII or not."""
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", text).casefold())
    kept = []
    for char in decomposed.translate(LETTERS):
        category = unicodedata.category(char)
        if ord(char) in LATIN_MARKS or category == "Cf":
            continue
        kept.append(" " if category[0] in "PSZ" or category == "Cc" else char)
    return " ".join(unicodedata.normalize("NFC", "".join(kept)).split())


def folded_names(*names):
    """The names, folded and each once (and a Latin name also without its spaces,
    "danang" for "Da Nang"), as stored for search: " da nang ; danang ; ..."."""
    seen = []
    for name in names:
        for part in (name or "").split(SEPARATOR.strip()):
            variant = fold(part)
            for each in (variant, variant.replace(" ", "") if script_of(variant) == "Latn" else ""):
                if each and each not in seen:
                    seen.append(each)
    return f" {SEPARATOR.join(seen)} " if seen else ""


def script_of(name):
    """The ISO 15924 code of the first letter's script among the region's ("Latn",
    "Khmr", "Thai", "Laoo", "Mymr"), or "" for any other script."""
    for char in name:
        if char.isalpha():
            script = unicodedata.name(char, "").split(" ")[0]
            return SCRIPTS.get(script, "")
    return ""
