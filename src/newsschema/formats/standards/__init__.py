"""The formats of published standards: W3C Web Annotation and IPTC ninjs.

``standards.webannotation`` (one annotation collection per article, with text quote and
position selectors, ``standards._text_selectors``) and ``standards.ninjs`` (the article as
ninjs, its annotations as Web Annotation). They build on the stand-off model the annotation
tools share (``formats._standoff``); their earlier paths (``newsschema.formats.webannotation``,
``newsschema.formats.ninjs``) are aliases of these modules (:mod:`newsschema.formats`).
"""
