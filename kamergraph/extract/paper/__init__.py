"""First layer: one paper read once, whatever its format, into a `Paper` (model.py): the
cleaned view with its offset map back to the source (normalise), footnotes, marks and page
furniture (layout), the paper's structure (blocks), and its own identity from its header
(identity, driven by the tables in extract/rules/)."""
