"""First layer: one paper read once, whatever its format: the cleaned view with its offset map
back to the source (normalise), footnotes and page furniture (layout), and the paper's own
identity from its header (identity, driven by the tables in extract/rules/)."""
