"""PDF text and identifier extraction, run in a subprocess so a bad PDF cannot hang the app."""
