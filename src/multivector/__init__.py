"""multivector: the reproducible edition of FIIA Briefing Paper 429 (the README maps its modules in data-flow order)."""
