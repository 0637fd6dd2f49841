"""Stage 1, the sources: read the content folder, the theme and the fonts (the only
readers), and validate what was read into the report model."""
