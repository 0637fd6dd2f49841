#!/bin/bash
# Set up the peer baseline: MkDocs + Material + mkdocs-static-i18n + mkdocs-with-pdf (WeasyPrint),
# building the same article as HTML plus a zh and an en PDF.
# Adapted from /work/shared/peers/setup_mkdocs_withpdf.sh. One venv holds MkDocs, the plugins
# and pylopdf-fonts-zh-cn (the full Noto Serif SC / Sans SC the PDFs embed).
#
# usage: setup_mkdocs_withpdf.sh [WORK_DIR]   (default /tmp/tianxin-bench/peers)
# The venv is created once and reused; the site folder is rewritten every time (cheap).
# Afterwards:  cd WORK_DIR/site && WORK_DIR/venv/bin/mkdocs build -q -d WORK_DIR/out
set -euo pipefail
P=${1:-/tmp/tianxin-bench/peers}
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$P"
if [ ! -x "$P/venv/bin/mkdocs" ] || [ ! -f "$P/venv/.installed" ]; then
  rm -rf "$P/venv"
  python3 -m venv "$P/venv"
  "$P/venv/bin/pip" install -q --disable-pip-version-check \
    'mkdocs==1.6.*' mkdocs-material mkdocs-static-i18n mkdocs-with-pdf pylopdf-fonts-zh-cn
  touch "$P/venv/.installed"
fi
FONTS=$("$P/venv/bin/python" -c \
  'import os, pylopdf_fonts_zh_cn as f; print(os.path.dirname(f.__file__))')
[ -f "$FONTS/NotoSerifSC-Regular.otf" ] || { echo "fonts not found in $FONTS" >&2; exit 1; }

rm -rf "$P/content"
python3 "$HERE/make_content.py" "$P/content" >/dev/null

S=$P/site
rm -rf "$S"; mkdir -p "$S/docs" "$S/pdf-templates"
for l in zh en; do
  mkdir -p "$S/docs/$l"
  cp "$P/content/$l/01-intro.md" "$S/docs/$l/index.md"
  for f in 02-why-digital 03-advantages 04-act-fast 05-harvest; do
    cp "$P/content/$l/$f.md" "$S/docs/$l/"
  done
done
# full (not subset) Noto SC fonts, by absolute file URL
cat > "$S/pdf-templates/styles.scss" <<SCSS
@font-face { font-family: 'Report Serif SC'; src: url('file://$FONTS/NotoSerifSC-Regular.otf'); }
@font-face { font-family: 'Report Sans SC'; src: url('file://$FONTS/NotoSansSC-Regular.otf'); }
@media print {
  html, body, article { font-family: 'Report Serif SC', serif; }
  h1, h2, h3, h4, h5, h6, label { font-family: 'Report Sans SC', sans-serif; }
}
SCSS
cat > "$S/mkdocs.yml" <<'YML'
site_name: "拔节 — 湖南高质量发展报告"
site_url: https://example.invalid/report/
theme:
  name: material
  language: zh
plugins:
  - search
  - with-pdf:
      output_path: pdf/report.pdf
      custom_template_path: pdf-templates
      cover_title: "拔节"
      cover_subtitle: "湖南高质量发展报告"
      toc_title: "目录"
  - i18n:
      docs_structure: folder
      languages:
        - locale: zh
          default: true
          name: 简体中文
          build: true
        - locale: en
          name: English
          build: true
nav:
  - index.md
  - 02-why-digital.md
  - 03-advantages.md
  - 04-act-fast.md
  - 05-harvest.md
YML
echo "peer ready: $S"
