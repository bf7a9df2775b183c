#!/usr/bin/env bash
# Print the absolute path of a Terraform-compatible CLI for the acceptance tests.
#
#   scripts/tf-cli.sh          -> prints the CLI path (only that, on stdout)
#   scripts/tf-cli.sh --env    -> prints `export ...` lines for terraform-plugin-testing:
#                                 eval "$(scripts/tf-cli.sh --env)"
#
# Which CLI: $TF_CLI, one of
#   terraform-1.14  (default) Terraform 1.14: `terraform` on PATH when it is 1.14 or newer,
#                   else Terraform $TERRAFORM_VERSION built from the Go module proxy and cached;
#   terraform       `terraform` on PATH, whatever its version;
#   tofu            OpenTofu $TOFU_VERSION built from the Go module proxy and cached;
#   a path          that executable (e.g. TF_CLI=/usr/local/bin/terraform).
# $TF_ACC_TERRAFORM_PATH, when set to an executable, wins over all of these, and
# TF_CLI_PREFER_TOFU=1 means TF_CLI=tofu (both kept from earlier versions of this script).
#
# Builds are cached in ${TF_CLI_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-alicloud}/<cli>-<version>/
# (TOFU_CACHE_DIR, if set, is the OpenTofu build's directory). The first build of each takes
# several minutes on two cores; later runs reuse the cached binary.
#
# Both builds happen in a throwaway wrapper module (never in this repository), because neither
# CLI can be built with `go install` from the proxy:
#   - OpenTofu's go.mod has replace directives, which are not inherited by dependants; the wrapper
#     repeats them, copied from the downloaded go.mod, so bumping TOFU_VERSION needs no other edit.
#   - Terraform's go.mod replaces ten nested modules with local directories that its module zip
#     lacks: nine state backends (internal/backend/remote-state/{azure,consul,cos,gcs,kubernetes,
#     oci,oss,pg,s3}) and internal/legacy. The wrapper replaces each with a small local module of
#     the same path: a backend stub whose New() returns the in-memory backend (the tests keep
#     state locally and configure no backend), and an empty internal/legacy (only Terraform's
#     own tests import it, hence `go mod tidy -e`).
set -euo pipefail

TOFU_VERSION=v1.12.6
TOFU_MODULE=github.com/opentofu/opentofu
TERRAFORM_VERSION=v1.14.3
TERRAFORM_MODULE=github.com/hashicorp/terraform
# The nested modules Terraform's go.mod replaces with directories its module zip lacks.
TERRAFORM_BACKEND_STUBS="azure consul cos gcs kubernetes oci oss pg s3"

log() { printf 'tf-cli: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
	sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//' >&2
}

# Absolute path of an executable file.
abspath() {
	local dir base
	dir=$(dirname -- "$1")
	base=$(basename -- "$1")
	dir=$(cd -- "$dir" && pwd -P) || return 1
	printf '%s/%s\n' "$dir" "$base"
}

# Quote a value for POSIX shells: 'it'"'"'s' style.
shquote() {
	local s=$1
	s=${s//\'/\'\\\'\'}
	printf "'%s'" "$s"
}

# Runs the binary's version command; succeeds when it works at all.
cli_version() {
	CHECKPOINT_DISABLE=1 "$1" version 2>/dev/null
}

cache_root() {
	printf '%s\n' "${TF_CLI_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-alicloud}"
}

# Echo the replace directives of a go.mod, one per line, as "old[@ver]=new[@ver]".
go_mod_replaces() {
	awk '
		{ sub(/[ \t]*\/\/.*$/, "") }
		/^replace[ \t]*\($/ { inblock = 1; next }
		inblock && /^\)/   { inblock = 0; next }
		inblock            { print; next }
		/^replace[ \t]/    { sub(/^replace[ \t]+/, ""); print }
	' "$1" | while read -r line; do
		[ -n "$line" ] || continue
		local lhs=${line%%=>*} rhs=${line#*=>}
		# shellcheck disable=SC2086 # deliberate word splitting of "path [version]"
		set -- $lhs
		local old=$1${2:+@$2}
		# shellcheck disable=SC2086
		set -- $rhs
		case $1 in
			./* | ../* | /*) die "OpenTofu's go.mod has a filesystem replace ($line); cannot build it as a dependency" ;;
		esac
		printf '%s=%s\n' "$old" "$1${2:+@$2}"
	done
}

# The directory of a downloaded module version in the module cache.
module_dir() {
	local dl dir
	dl=$(go mod download -json "$1@$2") || {
		printf '%s\n' "$dl" >&2
		die "cannot download $1@$2"
	}
	dir=$(printf '%s\n' "$dl" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
	[ -f "$dir/go.mod" ] || die "cannot find go.mod of $1@$2 (got dir '$dir')"
	printf '%s\n' "$dir"
}

# Writes the OpenTofu wrapper module into the current directory.
tofu_wrapper() {
	local replaces r
	replaces=$(go_mod_replaces "$(module_dir "$TOFU_MODULE" "$TOFU_VERSION")/go.mod") || exit 1
	go mod init tf-cli/tofu-wrapper 2>/dev/null
	go mod edit -require="$TOFU_MODULE@$TOFU_VERSION"
	while IFS= read -r r; do
		[ -n "$r" ] || continue
		log "  replace ${r%%=*} => ${r#*=}"
		go mod edit -replace="$r"
	done <<<"$replaces"
}

# Writes the Terraform wrapper module, with its stubs, into the current directory.
terraform_wrapper() {
	module_dir "$TERRAFORM_MODULE" "$TERRAFORM_VERSION" >/dev/null
	go mod init tf-cli/terraform-wrapper 2>/dev/null
	go mod edit -require="$TERRAFORM_MODULE@$TERRAFORM_VERSION"
	local name path
	for name in $TERRAFORM_BACKEND_STUBS; do
		path=$TERRAFORM_MODULE/internal/backend/remote-state/$name
		mkdir -p "stubs/$name"
		printf 'module %s\n\ngo 1.25\n\nrequire %s %s\n' "$path" "$TERRAFORM_MODULE" "$TERRAFORM_VERSION" >"stubs/$name/go.mod"
		cat >"stubs/$name/backend.go" <<-EOF
			// Package $name stands in for Terraform's $name state backend, whose module the
			// $TERRAFORM_MODULE module zip lacks: configuring it gives in-memory state.
			package $name

			import (
				"$TERRAFORM_MODULE/internal/backend"
				"$TERRAFORM_MODULE/internal/backend/remote-state/inmem"
			)

			func New() backend.Backend { return inmem.New() }
		EOF
		go mod edit -replace="$path=./stubs/$name"
	done
	# Keeps the requirement through `go mod tidy` (a main package cannot be imported for real).
	printf '//go:build tools\n\npackage tools\n\nimport _ "%s"\n' "$TERRAFORM_MODULE" >tools.go
	mkdir -p stubs/legacy
	printf 'module %s\n\ngo 1.25\n' "$TERRAFORM_MODULE/internal/legacy" >stubs/legacy/go.mod
	go mod edit -replace="$TERRAFORM_MODULE/internal/legacy=./stubs/legacy"
	# -e: Terraform's own tests import internal/legacy/terraform, which the empty stub lacks.
	go mod tidy -e
}

# build_cli NAME VERSION MODULE PACKAGE BINARY CACHE_DIR: builds PACKAGE in a wrapper module
# written by NAME_wrapper and moves the binary to CACHE_DIR/BINARY.
build_cli() {
	local name=$1 version=$2 module=$3 pkg=$4 binary=$5 cache_dir=$6
	local bin=$cache_dir/$binary
	command -v go >/dev/null 2>&1 || die "Go is not on PATH; it is needed to build $name $version (or set TF_CLI to an installed CLI's path)"
	mkdir -p -- "$cache_dir" || die "cannot create cache directory $cache_dir"

	local work
	work=$(mktemp -d "$cache_dir/build.XXXXXX") || die "cannot create a temporary directory in $cache_dir"
	# shellcheck disable=SC2064 # expand $work now
	trap "rm -rf -- '$work'" EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM

	# Isolate from any workspace or user GOFLAGS (e.g. -mod=vendor) around us.
	export GOWORK=off GOFLAGS='-mod=mod -buildvcs=false' CGO_ENABLED=0

	log "building $name $version from the Go module proxy (takes several minutes the first time)"
	local start=$SECONDS
	mkdir "$work/wrapper"
	(
		cd "$work/wrapper"
		"${name}_wrapper"
		go build -trimpath \
			-ldflags "-s -w -X '$module/version.dev=no'" \
			-o "$work/$binary" "$pkg"
	) >&2 || die "building $name $version failed (see the output above)"

	cli_version "$work/$binary" >/dev/null || die "the freshly built $work/$binary does not run"
	# Same filesystem as the final path, so the rename is atomic.
	mv -f -- "$work/$binary" "$bin.tmp.$$"
	mv -f -- "$bin.tmp.$$" "$bin"
	log "built $bin in $((SECONDS - start))s"
}

# cached_cli NAME VERSION MODULE PACKAGE BINARY CACHE_DIR: the cached build, built if missing.
cached_cli() {
	local bin=$6/$5
	if [ -x "$bin" ] && cli_version "$bin" >/dev/null; then
		log "using cached $1 $2"
	else
		build_cli "$@"
	fi
	abspath "$bin"
}

tofu_cli() {
	cached_cli tofu "$TOFU_VERSION" "$TOFU_MODULE" "$TOFU_MODULE/cmd/tofu" tofu \
		"${TOFU_CACHE_DIR:-$(cache_root)/tofu-$TOFU_VERSION}"
}

# `terraform` on PATH, if any.
path_terraform() {
	local tf
	tf=$(command -v terraform 2>/dev/null) && [ -x "$tf" ] && abspath "$tf"
}

# Terraform 1.14 or newer: the one on PATH if it is, else the cached build.
terraform_114_cli() {
	local tf major minor
	if tf=$(path_terraform); then
		# "Terraform v1.14.3" -> 1 14 (warnings may come before it)
		read -r major minor < <(cli_version "$tf" | sed -n 's/^Terraform v\([0-9]*\)\.\([0-9]*\).*/\1 \2/p') || true
		if [ -n "${major:-}" ] && { [ "$major" -gt 1 ] || { [ "$major" -eq 1 ] && [ "$minor" -ge 14 ]; }; }; then
			printf '%s\n' "$tf"
			return
		fi
	fi
	cached_cli terraform "$TERRAFORM_VERSION" "$TERRAFORM_MODULE" "$TERRAFORM_MODULE" terraform \
		"$(cache_root)/terraform-$TERRAFORM_VERSION"
}

resolve_cli() {
	if [ -n "${TF_ACC_TERRAFORM_PATH:-}" ]; then
		if [ -f "$TF_ACC_TERRAFORM_PATH" ] && [ -x "$TF_ACC_TERRAFORM_PATH" ]; then
			abspath "$TF_ACC_TERRAFORM_PATH"
			return
		fi
		log "TF_ACC_TERRAFORM_PATH=$TF_ACC_TERRAFORM_PATH is not an executable file; ignoring it"
	fi

	local want=${TF_CLI:-terraform-1.14}
	if [ -z "${TF_CLI:-}" ] && [ "${TF_CLI_PREFER_TOFU:-}" = 1 ]; then
		want=tofu
	fi
	case $want in
		terraform-1.14) terraform_114_cli ;;
		terraform) path_terraform || die "TF_CLI=terraform, but there is no terraform on PATH" ;;
		tofu | opentofu) tofu_cli ;;
		*/*)
			[ -f "$want" ] && [ -x "$want" ] || die "TF_CLI=$want is not an executable file"
			abspath "$want"
			;;
		*) die "unknown TF_CLI=$want: use terraform-1.14, terraform, tofu or a path to a CLI" ;;
	esac
}

main() {
	local mode=path
	case $# in
		0) ;;
		1)
			case $1 in
				--env) mode=exports ;;
				-h | --help) usage; exit 0 ;;
				*) usage; die "unknown argument: $1" ;;
			esac
			;;
		*) usage; die "too many arguments" ;;
	esac

	local cli
	cli=$(resolve_cli)
	[ -n "$cli" ] || die "no CLI found"

	if [ "$mode" = path ]; then
		printf '%s\n' "$cli"
		return
	fi

	local version_out
	version_out=$(cli_version "$cli") || die "$cli version failed"
	printf 'export TF_ACC_TERRAFORM_PATH=%s\n' "$(shquote "$cli")"
	# A CLI configuration file that does not exist means no configuration,
	# as when the variable is unset; but OpenTofu 1.12 then prints a warning
	# on stdout before its version, which terraform-plugin-testing cannot parse.
	if [ -n "${TF_CLI_CONFIG_FILE:-}" ] && [ ! -e "$TF_CLI_CONFIG_FILE" ]; then
		log "TF_CLI_CONFIG_FILE=$TF_CLI_CONFIG_FILE does not exist: unsetting it for the tests"
		printf 'unset TF_CLI_CONFIG_FILE\n'
	fi
	# Not only the first line: a CLI may print warnings (such as a missing
	# TF_CLI_CONFIG_FILE) before its version.
	if grep -q '^OpenTofu v' <<<"$version_out"; then
		printf 'export TF_ACC_PROVIDER_HOST=%s\n' registry.opentofu.org
		printf 'export TF_ACC_PROVIDER_NAMESPACE=%s\n' hashicorp
	fi
}

# On one line so that editing this file while it runs cannot affect the running copy.
main "$@"; exit
