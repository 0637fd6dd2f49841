"""Stage 5, the output (the only writers): font subsets, PDFs, the search index, the build
stamp, and the site swapped into place at once."""
