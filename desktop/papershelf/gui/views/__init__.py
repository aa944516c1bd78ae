"""Pages of the main window besides the paper list: the Inbox and the reading statistics."""
