#!/usr/bin/env bash
# Writes the SHA-256 of FILE to OUT in `sha256sum -c` format, naming FILE
# without its directory, so that the check works beside the download.
# The release (.goreleaser.yml) runs it for each emulator archive.
set -euo pipefail
file=$1 out=$2
(cd "$(dirname "$file")" && sha256sum "$(basename "$file")") >"$out"
