"""The site layer: Sphinx extensions, templates and static files that turn executed notebooks into pages."""
