"""Casefile's domain core, in layers that import only downward (docs/architecture.md):
values < records < rules < store < actions. It never imports Textual, screens or tui."""
