"""The edition in other languages: translation catalogs, the translated stage, and what the command line says of them.

Kept apart from `multivector.i18n` (what a notebook's kernel runs: the languages and the formatting of figures), so
that a change here re-publishes the pages without re-running any notebook (engine.keys.kernel_code).
"""
