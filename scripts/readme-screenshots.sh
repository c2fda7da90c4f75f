#!/usr/bin/env bash
# The README's pictures of the Word bilan and of the region's synthesis, made as a user sees them:
# the 2022 sample's docx opened by LibreOffice Writer, and the synthesis page of the samples printed
# by Chromium; and the page that needs no installation, taken by its browser test (the 2022 sample
# read, the column chooser). Needs soffice (Writer), chromium and pdftoppm; writes
# docs/bilan-word.png, docs/synthese-contrats.png, docs/page-fichier-lu.png and docs/page-colonnes.png,
# and docs/apercus/: the first printed page of the 2022, four-year and Metz bilans and of the
# synthesis, in each format (xlsx and docx printed by LibreOffice, html by Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

npm run --silent build
node bin/cls-bilan.js convert samples --out "$work/bilans" --format xlsx,html,docx --quiet
soffice --headless "-env:UserInstallation=file://$work/profile" --convert-to pdf \
  --outdir "$work" "$work/bilans/petr-bilan-2022.bilan.docx" >/dev/null
pdftoppm -r 60 -f 1 -l 1 -png -singlefile "$work/petr-bilan-2022.bilan.pdf" docs/bilan-word
chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
  --print-to-pdf="$work/synthese.pdf" "file://$work/bilans/synthese-contrats.html" 2>/dev/null
pdftoppm -r 80 -f 1 -l 1 -png -singlefile "$work/synthese.pdf" docs/synthese-contrats
# The first printed page of each output, as a committee member gets it on paper.
mkdir -p docs/apercus
first_page() { # FILE → docs/apercus/<name>.png
  local file=$1 name
  name=$(basename "$file" | sed -e 's/\.bilan\././' -e 's/\.\(xlsx\|docx\|html\)$/-\1/')
  case "$file" in
    *.html)
      chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
        --print-to-pdf="$work/$name.pdf" "file://$file" 2>/dev/null
      ;;
    *)
      cp "$file" "$work/$name.${file##*.}"
      soffice --headless "-env:UserInstallation=file://$work/profile" --convert-to pdf \
        --outdir "$work" "$work/$name.${file##*.}" >/dev/null
      ;;
  esac
  pdftoppm -r 50 -f 1 -l 1 -png -singlefile "$work/$name.pdf" "docs/apercus/$name"
}
for stem in petr-bilan-2022 petr-coeur-de-lorraine-2020-2023 metz-fiches-actions-2018; do
  for format in xlsx html docx; do first_page "$work/bilans/$stem.bilan.$format"; done
done
for format in xlsx html; do first_page "$work/bilans/synthese-contrats.$format"; done
ls -l docs/apercus

npm run --silent build:page
UPDATE_SCREENSHOT=1 PAGE_SKIP_BUILD=1 npm run --silent test:page >"$work/page-test.log" || {
  tail -40 "$work/page-test.log"
  exit 1
}
ls -l docs/bilan-word.png docs/synthese-contrats.png docs/page-fichier-lu.png docs/page-colonnes.png
