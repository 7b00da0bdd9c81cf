"""The data package's rules, one module per stage in the order a reader fixes problems: `descriptor` (its shape and
paths, with `inside`), `layout` (each file's bytes, delimiter, header and numbers), `schema` (types and keys, by
frictionless), `cross_file` (what holds across tables). `multivector.data.validate.checked` applies them in order."""
