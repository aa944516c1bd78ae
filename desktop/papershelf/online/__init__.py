"""Talking to online services (arXiv, Hugging Face, Crossref, feeds); Qt-free."""
