"""Words after a count in every language of the edition, by gettext's plural rules (`ngettext`): a message with a
singular and a plural English text, whose translation gives as many forms as the language's rule has (Russian three:
"1 показатель", "2 показателя", "5 показателей"). The rule is the one Babel gives a catalog of the language (CLDR's
data as gettext's `Plural-Forms` expression), so no language's rule is written here."""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from functools import cache

from babel.messages.plurals import get_plural

from multivector.i18n import SOURCE


@dataclass(frozen=True)
class Plural:
    """A message that follows a count: `{count}` in both texts is the count, as the language writes it."""

    singular: str
    plural: str

    @property
    def msgid(self) -> tuple[str, str]:
        """The message as a gettext catalog holds it (msgid, msgid_plural)."""
        return (self.singular, self.plural)


@cache
def _rule(lang: str):
    return gettext.c2py(get_plural(lang).plural_expr)


def forms(lang: str) -> int:
    """How many forms a message after a count has in `lang` (gettext's nplurals)."""
    return get_plural(lang).num_plurals


def choose(message: Plural, n: int, lang: str = SOURCE, translated: tuple | list | None = None) -> str:
    """The text of `message` for the count `n`: the form `lang`'s rule picks from `translated` (a catalog's forms, one
    per form of the rule), or the English singular or plural when there is no translation with every form."""
    if translated and len(translated) == forms(lang) and all(translated):
        return translated[_rule(lang)(n)]
    return message.singular if _rule(SOURCE)(n) == 0 else message.plural
