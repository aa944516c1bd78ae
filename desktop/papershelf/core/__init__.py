"""Domain types shared by every layer: plain data, no I/O."""
