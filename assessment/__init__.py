"""Due Regard's pure core: the catalogue, the scoring engine and the exchange format.

Nothing in this package (outside ``assessment.web``) imports Flask, SQLAlchemy or WeasyPrint.
"""
