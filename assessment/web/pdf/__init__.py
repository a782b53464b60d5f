"""PDF reports: HTML from the shared templates, laid out by WeasyPrint in a render process.

``fetcher`` (static files only) → ``engine`` (one render) → ``worker`` (the render process) →
``cache`` (content-keyed files) → ``documents`` (what each PDF holds); ``attachment`` reads the
exchange JSON back out of a report.
"""
