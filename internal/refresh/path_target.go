package refresh

import (
	"strconv"
	"strings"
)

// Target is the purge target a path names: two paths with the same Target
// purge the same cached object, however each is spelt. Import, waiting,
// status and the check for a call whose answer was lost all compare paths
// by it, since the task look-ups need not report a path as it was sent.
//
// Forms Alibaba's documents show, which therefore must match:
//   - a path with or without its scheme: the seeds' examples write both
//     "example.com/example.txt" (RefreshDcdnObjectCaches) and
//     "http://example.com/image/1.png" (RefreshObjectCaches); a path sent
//     without one is taken to be the http:// one, the form a task list
//     reporting a scheme would give it.
//   - encoded and unencoded: Alibaba takes paths with non-ASCII characters
//     and spaces percent-encoded (reference notes §9), so "a.com/中.png"
//     and "a.com/%E4%B8%AD.png" are one object.
//
// Forms assumed from RFC 3986's normalizations (§6.2.2, §6.2.3), which no
// Alibaba document contradicts:
//   - the scheme and host in any case ("HTTP://Example.COM/a");
//   - the scheme's default port written or not ("example.com:80/a");
//   - percent-encoding in either hex case ("%e4" and "%E4"), and an
//     unreserved character encoded or not ("%7E" and "~");
//   - an empty path and "/" ("example.com" and "example.com/").
//
// Kept apart, as assumed: http:// and https:// (a task list is taken to
// report the scheme it was sent with); the path's and query's own text
// otherwise (no dot-segment removal, no reordering of parameters, a
// trailing "/" kept), since a CDN keys its cache on them.
//
// A path ParsePath refuses is its own Target, compared as written.
func Target(raw string) string { return TargetOf(File, raw) }

// TargetOf is Target for a path of the given object type. A Regex path is
// a pattern Alibaba matches against the cached URLs' text, encoded: "%e5"
// and "%E5", or "%2E" and "." (any character), match different URLs, so
// only its scheme, host and port are normalized and the pattern is
// compared as written.
func TargetOf(typ ObjectType, raw string) string {
	p, err := ParsePath(raw)
	if err != nil {
		return raw
	}
	scheme := p.Scheme
	if scheme == "" {
		scheme = "http"
	}
	host := p.Domain
	if i := strings.LastIndexByte(p.Host, ':'); i >= 0 {
		port, _ := strconv.Atoi(p.Host[i+1:]) // valid: ParsePath checked it
		if port != defaultPorts[scheme] {
			host += ":" + strconv.Itoa(port)
		}
	}
	rest := p.Rest
	if typ != Regex {
		rest = normalizeEncoding(EncodePath(rest))
	}
	if rest == "" || rest[0] != '/' {
		rest = "/" + rest
	}
	return scheme + "://" + host + rest
}

// SameTarget reports whether two paths purge the same object (see Target).
func SameTarget(a, b string) bool { return a == b || Target(a) == Target(b) }

var defaultPorts = map[string]int{"http": 80, "https": 443}

// normalizeEncoding writes every valid %XX in upper case and decodes those
// of unreserved characters (RFC 3986 §2.3, §6.2.2.2); a "%" not followed by
// two hex digits stays as it is.
func normalizeEncoding(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if !escapeAt(s, i) {
			b.WriteByte(s[i])
			continue
		}
		c := unhex(s[i+1])<<4 | unhex(s[i+2])
		if unreserved(c) {
			b.WriteByte(c)
		} else {
			b.WriteByte('%')
			b.WriteByte(upperHex[c>>4])
			b.WriteByte(upperHex[c&15])
		}
		i += 2
	}
	return b.String()
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}

// unreserved are the characters RFC 3986 §2.3 says never need encoding.
func unreserved(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}

// pathTargets is a set of paths of one object type by TargetOf.
type pathTargets struct {
	typ ObjectType
	set map[string]bool
}

func targetsOf(typ ObjectType, paths []string) pathTargets {
	s := pathTargets{typ, make(map[string]bool, len(paths))}
	for _, p := range paths {
		s.set[TargetOf(typ, p)] = true
	}
	return s
}

func (s pathTargets) has(path string) bool { return s.set[TargetOf(s.typ, path)] }

// PathsAmong reports whether every path of some names a target among all,
// both of object type typ: a configuration's paths among those of an
// imported (perhaps merged) task.
func PathsAmong(typ ObjectType, some, all []string) bool {
	targets := targetsOf(typ, all)
	for _, p := range some {
		if !targets.has(p) {
			return false
		}
	}
	return true
}

// SamePathTargets reports whether a and b, of object type typ, name the
// same set of targets, whatever the order, spelling or repetition.
func SamePathTargets(typ ObjectType, a, b []string) bool {
	return PathsAmong(typ, a, b) && PathsAmong(typ, b, a)
}
