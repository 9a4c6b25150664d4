"""Articles in from web pages and web archives: one small module per step.

``extract`` (HTML bytes -> :class:`~.extract.Article` or a problem), ``archive`` (the HTML response
records of a WARC), ``language``, ``relevance``, ``duplicates`` (MinHash) and ``licence`` are plain
functions with cheap imports, picklable, shared by ``add-seed`` and any larger pipeline; ``steps``
chains them as generator steps whose filters keep what they dropped and why.
"""
