"""The store: keeps cases on disk (atomic files, locks, the case files, the index, check).
It knows nothing of the rules: its caller hands it the summariser (protocol.py)."""
