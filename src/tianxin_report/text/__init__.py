"""Stage 2, the text: normalize the Chinese (OpenCC), read figures (quantities), and mark up
the Markdown (markdown-it-py) into HTML blocks and charts; prose is the Markdown's prose as
markup's parser reads it (for normalize and the typography checks)."""
