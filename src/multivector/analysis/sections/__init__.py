"""The figures each section's prose quotes: one module per section, named as its notebook, whose `figures(ds, p)`
returns {glue name: Figure}; shared.py holds what several sections quote alike."""
