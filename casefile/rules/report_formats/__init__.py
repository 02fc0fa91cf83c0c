"""Report file formats read into Report records: Casefile's own and Inspectorio Sight's."""
