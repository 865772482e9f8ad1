"""Polish wording helpers shared by the apps."""


def polish_plural(count, one, few, many):
    """The Polish plural form for a count: 1 wynik, 2 wyniki, 5 wyników, 22 wyniki, 12 wyników."""
    if count == 1:
        return one
    if 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
        return few
    return many
