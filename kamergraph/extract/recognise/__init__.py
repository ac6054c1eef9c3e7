"""Second layer: recognisers that read one paper (its text, view, layout and identity) and
return records: documents, members, motions, commitments, citations, laws, questions, figures."""
