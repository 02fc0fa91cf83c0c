"""Values: money, AQLs, ids, text, counts, the clock, who acts, errors, and reading
untrusted files. The lowest layer: it imports nothing else of Casefile's."""
