"""The character index of chapter 11, in Python, for the benchmark's peers.

Built from a names file (one `XXXX<TAB>NAME` line per named character,
code points in hex and in order, as `mojifinder-load names` writes it), so
that the Python peers search the very names the Rust servers search, not
the older Unicode version of this Python's `unicodedata`. Without a file,
`unicodedata` supplies the names.
"""

import sys
import unicodedata


def tokenize(text):
    """Uppercase words, cut at whitespace and hyphens (as the Rust crate)."""
    return text.replace("-", " ").upper().split()


def read_names(path=None):
    """Every (character, name) pair, in code point order."""
    if path is None:
        for code in range(sys.maxunicode + 1):
            name = unicodedata.name(chr(code), "")
            if name:
                yield chr(code), name
        return
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            code, name = line.rstrip("\n").split("\t")
            yield chr(int(code, 16)), name


class CharIndex:
    """Each word to the set of characters whose names contain it."""

    def __init__(self, names_path=None):
        self.names = {}
        self.entries = {}
        for char, name in read_names(names_path):
            self.names[char] = name
            for word in tokenize(name):
                self.entries.setdefault(word, set()).add(char)

    def search(self, query):
        """The characters whose names have every word of `query`, in code
        point order."""
        sets = []
        for word in tokenize(query):
            found = self.entries.get(word)
            if found is None:
                return []
            sets.append(found)
        if not sets:
            return []
        sets.sort(key=len)
        return sorted(sets[0].intersection(*sets[1:]))
