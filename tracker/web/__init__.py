"""The public pages: lists, record pages, home and search, feeds and sitemaps.

Views read through `tracker.selectors` and hold no query logic of their own.
"""
