"""Qt-free exporters that turn library papers into BibTeX, CSL-JSON, RIS and Markdown."""
