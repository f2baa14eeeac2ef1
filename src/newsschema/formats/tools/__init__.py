"""The annotation tools' formats: brat, INCEpTION, Label Studio, doccano and spaCy.

Stand-off annotation over an article's text, as the tools teams annotate with read and write
it: ``tools.brat``, ``tools.inception``, ``tools.labelstudio``, ``tools.doccano`` and
``tools.spacy_docbin``. What they share with the standards and the machine-quote formats (the
stand-off model ``formats._standoff``, offsets, tool files and JSON, the label maps of
``formats.labels``) stays at ``formats/``. Their earlier paths (``newsschema.formats.brat``...)
are aliases of these modules (:mod:`newsschema.formats`).
"""
