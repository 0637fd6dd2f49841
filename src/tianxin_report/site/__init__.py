"""Stage 4, the site in memory: pages, facts data, discovery files, share images, font
plan and print documents, as OutputFile and PdfJob lists; nothing is written here."""
