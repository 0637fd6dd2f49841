"""Stage 2, the text: normalize the Chinese (OpenCC), read figures (quantities), and mark up
the Markdown (markdown-it-py) into HTML blocks and charts."""
