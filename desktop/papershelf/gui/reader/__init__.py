"""The PDF reader (issue 20).

Page images rendered off the UI thread, a page view with selection, highlights and
search, and the page that holds them.
"""
