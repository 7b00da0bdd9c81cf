"""multivector: the reproducible edition of FIIA Briefing Paper 429 (the README maps its modules in data-flow order)."""

import sys

# jsonschema (which altair, nbformat and frictionless import) imports the optional rfc3987_syntax at import time, and
# that compiles a Lark grammar: 2.2 s of CPU in every process, eight notebook kernels per build
# (python-jsonschema/jsonschema#1428). Nothing in this project validates the 'iri' format, and jsonschema leaves that
# checker out when the module cannot be imported, which is what this marks it as.
if "jsonschema" not in sys.modules:
    sys.modules.setdefault("rfc3987_syntax", None)
