"""Text as people type it: every Latin letter folded to its base letters.

Unicode decomposition (NFKD) takes the accents off "é", "ñ" or "ș", but letters such as "ø",
"æ", "ß", "ł" or "đ" are letters of their own, not a base letter with a mark: NFKD keeps them,
and an ASCII slug drops them ("Sønderborg" became "snderborg", and a visitor typing
"sonderborg" found nothing). `fold()` spells each of them with the base letters a reader of
English, French or Spanish would type. Searches, slugs and sort keys all go through it.
"""

import re
import unicodedata

# Letters NFKD does not decompose, and what people type for them. Lower case only: fold()
# applies casefold() first (which also turns "ß" into "ss").
_LETTERS = str.maketrans(
    {
        "æ": "ae",
        "ǽ": "ae",
        "ǣ": "ae",
        "œ": "oe",
        "ø": "o",
        "ǿ": "o",
        "ß": "ss",
        "ẞ": "ss",
        "ł": "l",
        "ƚ": "l",
        "đ": "d",
        "ð": "d",
        "ɖ": "d",
        "ı": "i",
        "ȷ": "j",
        "þ": "th",
        "ħ": "h",
        "ŧ": "t",
        "ŋ": "n",
        "ĸ": "k",
        "ſ": "s",
        "ƀ": "b",
        "ƈ": "c",
        "ȼ": "c",
        "ɇ": "e",
        "ƒ": "f",
        "ǥ": "g",
        "ɨ": "i",
        "ɉ": "j",
        "ƙ": "k",
        "ɲ": "n",
        "ɵ": "o",
        "ɍ": "r",
        "ʉ": "u",
        "ɏ": "y",
        "ƶ": "z",
        "ʒ": "z",
        "ĳ": "ij",
        "ŀ": "l",
        "ɛ": "e",
        "ɔ": "o",
        "ə": "e",
        # Arabic letters written in two ways (NFKD already takes the hamza off "أ", "إ",
        # "آ"): alif maqsura and the Persian yeh as yeh, teh marbuta as heh, the Persian
        # keheh as kaf; the tatweel, a stretch of the line, is no letter.
        "ى": "ي",
        "ی": "ي",
        "ة": "ه",
        "ک": "ك",
        "ـ": "",
    }
)


def fold(text):
    """Lower-case text with every Latin letter reduced to its base letters: accents off
    ("Köln" → "koln", "Gdańsk" → "gdansk"), and letters that are not a base letter with an
    accent spelled out ("Sønderborg" → "sonderborg", "Æbeltoft" → "aebeltoft", "Straße" →
    "strasse", "Łódź" → "lodz", "Đà Nẵng" → "da nang"). Other characters (spaces,
    punctuation, other scripts) are kept as they are; letters of other scripts lose their
    combining marks: Arabic its short vowels and hamzas ("الإسكندرية" → "الاسكندريه", with the
    letters written two ways made one), Russian "ё" and "й" their marks ("Орёл" → "орел")."""
    lowered = unicodedata.normalize("NFKC", str(text or "")).casefold().translate(_LETTERS)
    decomposed = unicodedata.normalize("NFKD", lowered)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # A letter whose accent NFKD removed may be one of the letters above ("ǿ" → "ø").
    return unicodedata.normalize("NFC", stripped.translate(_LETTERS))


# An elided Dutch article before a place name ("'s-Hertogenbosch", "'t Zandt"): filed under
# the name that follows, as Dutch and the other languages' indexes file it.
_ELIDED_ARTICLE = re.compile(r"^['’‘`´ʼ]\s*(?:s|t)[\s\-‐‑]+")
_WORD_SEPARATORS = re.compile(r"[\W_]+")


# Chinese characters (the unified ideographs, their extension A and the compatibility block).
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def pinyin(text):
    """`text` with its Chinese characters spelled in pinyin without tones, one syllable per
    word ("北京" → "bei jing", "重庆" → "chong qing": pypinyin reads a character by the word it
    is in). pypinyin's dictionaries take some 57 MB: imported here, when a Chinese name is
    sorted (a city saved), never by a process that only shows pages."""
    from pypinyin import lazy_pinyin

    return " ".join(lazy_pinyin(text))


def sort_key(text, language="en"):
    """The key a name sorts by in `language`: folded, with punctuation and an elided article
    in front dropped ("'s-Hertogenbosch" sorts under H), the words separated by one space (a
    word ends before any letter follows: "San José" before "Sanaa"). In Spanish, "ñ" is a
    letter of its own, after "n": it is kept as "n~" ("~" comes after "z" byte by byte,
    which is how the keys are compared: see City.sort_name). In Chinese, characters are spelled
    in pinyin first: names sort as a Chinese index files them. Arabic and Russian letters sort
    in the order of their alphabets, which is their order in Unicode ("ё" as "е")."""
    text = _ELIDED_ARTICLE.sub("", unicodedata.normalize("NFC", str(text or "").strip()))
    # Marks that stay apart after NFC (Arabic short vowels, "مَدينة") are no word boundary.
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    # A Chinese index files names by their pinyin (北京 under B, with "Berlin").
    if language.lower().startswith("zh") and _HAN.search(text):
        text = pinyin(text)
    spanish = language.split("-")[0] == "es"
    words = []
    for word in _WORD_SEPARATORS.split(text):
        if spanish:
            word = word.replace("ñ", "n~").replace("Ñ", "n~")
        folded = fold(word)
        if folded:
            words.append(folded)
    return " ".join(words)


def count_words(text):
    """Words as the browser's counter counts them (static/js/word-count.js): runs of
    non-space characters."""
    return len((text or "").split())
