"""The options: one entry module per way out, listed once in catalogue.py."""
