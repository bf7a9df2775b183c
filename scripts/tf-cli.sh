#!/usr/bin/env bash
# Print the absolute path of a Terraform-compatible CLI for the acceptance tests.
#
#   scripts/tf-cli.sh          -> prints the CLI path (only that, on stdout)
#   scripts/tf-cli.sh --env    -> prints `export ...` lines for terraform-plugin-testing:
#                                 eval "$(scripts/tf-cli.sh --env)"
#
# Resolution order:
#   1. $TF_ACC_TERRAFORM_PATH, if it is set and executable;
#   2. `terraform` on PATH, unless TF_CLI_PREFER_TOFU=1;
#   3. OpenTofu built from the Go module proxy, cached in
#      ${TOFU_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-alicloud/tofu-<version>}.
#      The first build takes several minutes; later runs reuse the cached binary.
#
# The OpenTofu build happens in a throwaway wrapper module (never in this repository) that
# requires github.com/opentofu/opentofu and repeats the replace directives of OpenTofu's own
# go.mod (they are not inherited by dependants). For v1.10.10 that is the single line
#   replace github.com/hashicorp/hcl/v2 v2.20.1 => github.com/opentofu/hcl/v2 v2.20.2-0.20251021132045-587d123c2828
# The directives are copied from the downloaded go.mod, so bumping TOFU_VERSION needs no other edit.
set -euo pipefail

TOFU_VERSION=v1.10.10
TOFU_MODULE=github.com/opentofu/opentofu

log() { printf 'tf-cli: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
	sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//' >&2
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

build_tofu() {
	local cache_dir=$1 bin=$2
	command -v go >/dev/null 2>&1 || die "Go is not on PATH; it is needed to build OpenTofu $TOFU_VERSION (or install terraform, or set TF_ACC_TERRAFORM_PATH)"
	mkdir -p -- "$cache_dir" || die "cannot create cache directory $cache_dir"

	local work
	work=$(mktemp -d "$cache_dir/build.XXXXXX") || die "cannot create a temporary directory in $cache_dir"
	# shellcheck disable=SC2064 # expand $work now
	trap "rm -rf -- '$work'" EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM

	# Isolate from any workspace or user GOFLAGS (e.g. -mod=vendor) around us.
	export GOWORK=off GOFLAGS='-mod=mod -buildvcs=false' CGO_ENABLED=0

	log "building OpenTofu $TOFU_VERSION from the Go module proxy (takes several minutes the first time)"
	local start=$SECONDS dl upstream_dir
	dl=$(go mod download -json "$TOFU_MODULE@$TOFU_VERSION") || {
		printf '%s\n' "$dl" >&2
		die "cannot download $TOFU_MODULE@$TOFU_VERSION"
	}
	upstream_dir=$(printf '%s\n' "$dl" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
	[ -f "$upstream_dir/go.mod" ] || die "cannot find go.mod of $TOFU_MODULE@$TOFU_VERSION (got dir '$upstream_dir')"

	local replaces
	replaces=$(go_mod_replaces "$upstream_dir/go.mod") || exit 1

	mkdir "$work/wrapper"
	(
		cd "$work/wrapper"
		go mod init tf-cli/tofu-wrapper 2>/dev/null
		go mod edit -require="$TOFU_MODULE@$TOFU_VERSION"
		local r
		while IFS= read -r r; do
			[ -n "$r" ] || continue
			log "  replace ${r%%=*} => ${r#*=}"
			go mod edit -replace="$r"
		done <<<"$replaces"
		go build -trimpath \
			-ldflags "-s -w -X '$TOFU_MODULE/version.dev=no'" \
			-o "$work/tofu" "$TOFU_MODULE/cmd/tofu"
	) >&2 || die "building OpenTofu $TOFU_VERSION failed (see the output above)"

	cli_version "$work/tofu" >/dev/null || die "the freshly built $work/tofu does not run"
	# Same filesystem as the final path, so the rename is atomic.
	mv -f -- "$work/tofu" "$bin.tmp.$$"
	mv -f -- "$bin.tmp.$$" "$bin"
	log "built $bin in $((SECONDS - start))s"
}

resolve_cli() {
	if [ -n "${TF_ACC_TERRAFORM_PATH:-}" ]; then
		if [ -f "$TF_ACC_TERRAFORM_PATH" ] && [ -x "$TF_ACC_TERRAFORM_PATH" ]; then
			abspath "$TF_ACC_TERRAFORM_PATH"
			return
		fi
		log "TF_ACC_TERRAFORM_PATH=$TF_ACC_TERRAFORM_PATH is not an executable file; ignoring it"
	fi

	local tf
	if [ "${TF_CLI_PREFER_TOFU:-}" != 1 ] && tf=$(command -v terraform 2>/dev/null) && [ -x "$tf" ]; then
		abspath "$tf"
		return
	fi

	local cache_dir bin
	cache_dir=${TOFU_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-alicloud/tofu-$TOFU_VERSION}
	bin=$cache_dir/tofu
	if [ -x "$bin" ] && cli_version "$bin" >/dev/null; then
		log "using cached OpenTofu $TOFU_VERSION"
	else
		build_tofu "$cache_dir" "$bin"
	fi
	abspath "$bin"
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
	case $version_out in
		OpenTofu*)
			printf 'export TF_ACC_PROVIDER_HOST=%s\n' registry.opentofu.org
			printf 'export TF_ACC_PROVIDER_NAMESPACE=%s\n' hashicorp
			;;
	esac
}

# On one line so that editing this file while it runs cannot affect the running copy.
main "$@"; exit
