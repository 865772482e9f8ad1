"""Polish wording helpers shared by the apps."""


def polish_plural(count, one, few, many):
    """The Polish plural form for a count: 1 wynik, 2 wyniki, 5 wyników, 22 wyniki, 12 wyników."""
    if count == 1:
        return one
    if 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
        return few
    return many


# Letters NFKD does not take apart (ł) and those it does, in one table.
POLISH_TO_ASCII = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")


def polish_slug(text):
    """A page's address from its title: Polish letters written without diacritics („Łódź,
    zażółć” → „lodz-zazolc”), as Wagtail's editor does with WAGTAIL_ALLOW_UNICODE_SLUGS off."""
    from django.utils.text import slugify

    return slugify(text.translate(POLISH_TO_ASCII), allow_unicode=False)
