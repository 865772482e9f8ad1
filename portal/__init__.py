"""The site shell: settings, home and standard pages, partners, news, navigation and footer."""
