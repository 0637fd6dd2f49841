"""Stage 3, the checks: diagnostics only (typography, translations, untagged figures, font
coverage, unpublished files); nothing here changes the report or touches a file."""
