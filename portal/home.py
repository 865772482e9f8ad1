"""The home page's sections from the other areas (the open call, upcoming events, latest
documents), gathered through the Wagtail hook `register_home_section`, so that the site shell
does not import the areas above it.

A hook is `function(request, home) -> dict | None`: {"order": int, "template": str, "context":
dict}; None when the area has nothing to show.
"""

from wagtail import hooks


def home_sections(request, home):
    sections = []
    for hook in hooks.get_hooks("register_home_section"):
        section = hook(request, home)
        if section:
            sections.append(section)
    return sorted(sections, key=lambda section: section.get("order", 100))
