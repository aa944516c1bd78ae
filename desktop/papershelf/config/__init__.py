"""Where things live on disk and the user's settings."""
