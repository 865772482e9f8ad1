"""The project shell of Kooperacje 3D: settings, URLs, WSGI/ASGI and the commands that set up a
site (roles, demo content). It composes the apps and is imported by none of them."""
