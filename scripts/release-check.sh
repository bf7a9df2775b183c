#!/usr/bin/env bash
# `make release-check`: what a release would build, checked without
# publishing.
#
# 1. goreleaser check validates .goreleaser.yml.
# 2. A snapshot build of this platform builds the provider and the emulator
#    as the release does; the provider's binary carries its version.
# 3. A snapshot release of the emulator alone for every platform it ships on
#    (linux, darwin, windows; amd64, arm64): its archives each hold the
#    binary and have a .sha256 that checks, and the registry's SHA256SUMS,
#    signed with a throwaway GPG key, lists none of them.
#
# Step 3 leaves the provider out (RELEASE_CHECK_EMULATOR_ONLY) because its
# cross-build for the registry's 14 platforms takes over 20 minutes on
# 2 cores from a cold build cache (measured: 2 platforms in 3 minutes); the
# emulator's, on the standard library
# alone, about 3 minutes cold and seconds after.
set -euo pipefail
cd "$(dirname "$0")/.."

# GORELEASER comes from the GNUmakefile, which pins the version.
read -r -a goreleaser <<<"${GORELEASER:?run this as make release-check}"
fail() { echo "release-check: $*" >&2; exit 1; }
for tool in gpg unzip sha256sum; do
  command -v "$tool" >/dev/null || fail "$tool is needed (Debian: apt-get install gnupg unzip coreutils)"
done

"${goreleaser[@]}" check

"${goreleaser[@]}" build --snapshot --single-target --clean
bin=$(ls dist/*/terraform-provider-alicloud_v* 2>/dev/null | head -n 1)
[ -n "$bin" ] || fail "no dist/*/terraform-provider-alicloud_v* built"
ver=${bin##*_v}
grep -a -q -F "$ver" "$bin" || fail "$bin: the version $ver is not stamped in (main.version)"
echo "built $bin, version $ver"
emu=$(ls dist/alicloud-emulator_*/alicloud-emulator 2>/dev/null | head -n 1)
[ -n "$emu" ] || fail "no dist/alicloud-emulator_*/alicloud-emulator built"
"$emu" -h 2>&1 | grep -q -- -access-key-id || fail "$emu -h does not print the emulator's flags"
echo "built $emu"

GNUPGHOME=$(mktemp -d)
export GNUPGHOME
trap 'rm -rf "$GNUPGHOME"' EXIT
gpg --batch --quiet --passphrase '' --quick-gen-key "release-check <release-check@localhost>" ed25519 sign 1d
GPG_FINGERPRINT=$(gpg --list-keys --with-colons | awk -F: '/^fpr/ {print $10; exit}')
RELEASE_CHECK_EMULATOR_ONLY=true GPG_FINGERPRINT=$GPG_FINGERPRINT \
  "${goreleaser[@]}" release --snapshot --clean

sums=$(ls dist/terraform-provider-alicloud_*_SHA256SUMS)
gpg --batch --quiet --verify "$sums.sig" "$sums" 2>/dev/null || fail "$sums.sig does not verify"
! grep -q alicloud-emulator "$sums" || fail "$sums lists the emulator: the registry's checksums are the provider's only"
for platform in linux_amd64 linux_arm64 darwin_amd64 darwin_arm64 windows_amd64 windows_arm64; do
  case $platform in
    windows_*) archive=$(ls dist/alicloud-emulator_*_"$platform".zip 2>/dev/null) && list=(unzip -Z1 "$archive") ;;
    *) archive=$(ls dist/alicloud-emulator_*_"$platform".tar.gz 2>/dev/null) && list=(tar -tzf "$archive") ;;
  esac
  [ -n "$archive" ] || fail "no emulator archive for $platform"
  "${list[@]}" | grep -q -x 'alicloud-emulator\(\.exe\)\{0,1\}' || fail "$archive holds no alicloud-emulator binary"
  (cd dist && sha256sum --quiet -c "$(basename "$archive").sha256") || fail "$archive.sha256 does not check"
  echo "packed $archive"
done
