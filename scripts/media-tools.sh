#!/usr/bin/env bash
# Installs the Debian packages the offline clips and rough cut use, when missing: chromium (the still
# a clip moves over, the PDF storyboard), ffmpeg (clips, the cut, ffprobe), espeak-ng (the scratch
# dialogue), the slate's font and poppler-utils (pdfunite joins a long PDF storyboard printed in
# parts; the tests read PDFs with pdftoppm and pdftotext). Idempotent; a second run only checks.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v ffmpeg >/dev/null || need+=(ffmpeg)
command -v espeak-ng >/dev/null || need+=(espeak-ng)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf ] || need+=(fonts-dejavu-core)
command -v pdfunite >/dev/null || need+=(poppler-utils)
[ ${#need[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if ! command -v apt-get >/dev/null; then
  echo "media-tools: install ${need[*]} with your system's package manager (clips and the rough cut need them)" >&2
  exit 1
fi
echo "media-tools: installing Debian packages: ${need[*]}"
# /tmp/apt.lock serializes with anything else on the machine installing packages.
flock /tmp/apt.lock sh -c "$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends ${need[*]} >/dev/null"
