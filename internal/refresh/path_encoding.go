package refresh

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Alibaba takes object paths as encoded URLs: non-ASCII characters (Chinese,
// for example) and spaces percent-encoded (the CDN and DCDN guides on
// refresh rules; reference notes §9). Users write paths as their files are
// named, and fileset() yields them so: the provider encodes them on the
// wire and keeps what the user wrote in state.

// EncodePath is a path as it is sent: every byte of a non-ASCII character
// and every space percent-encoded (UTF-8, upper-case hex as RFC 3986 §2.1
// recommends; a space is %20), everything else as written. A "%" that
// starts a %XX escape is never encoded, so a path written already encoded
// is sent as it is, and EncodePath(EncodePath(p)) == EncodePath(p).
//
// In a path it rewrites, a "%" that starts no escape ("100% off.html") can
// only be the name's own: it is sent as %25, since "100%%20off.html" is no
// URL at all. A path needing no encoding is sent exactly as written.
func EncodePath(raw string) string { return encode(raw, true) }

// encode is EncodePath, with a "%" starting no escape encoded or not: a
// Regex pattern's "%" is the pattern's own ("%[0-9A-F]{2}").
func encode(raw string, strayPercent bool) string {
	if !needsEncoding(raw) {
		return raw
	}
	var b strings.Builder
	b.Grow(len(raw) + 16)
	for i := 0; i < len(raw); i++ {
		if c := raw[i]; c == ' ' || c >= utf8.RuneSelf || strayPercent && c == '%' && !escapeAt(raw, i) {
			b.WriteByte('%')
			b.WriteByte(upperHex[c>>4])
			b.WriteByte(upperHex[c&15])
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// escapeAt reports whether s holds a %XX escape at i.
func escapeAt(s string, i int) bool {
	return i+2 < len(s) && s[i] == '%' && isHex(s[i+1]) && isHex(s[i+2])
}

const upperHex = "0123456789ABCDEF"

// percentEncoded is every byte of s as %XX, for an error message's
// suggestion.
func percentEncoded(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		b.WriteByte('%')
		b.WriteByte(upperHex[s[i]>>4])
		b.WriteByte(upperHex[s[i]&15])
	}
	return b.String()
}

// needsEncoding reports whether raw holds a byte EncodePath rewrites.
func needsEncoding(raw string) bool {
	return strings.ContainsFunc(raw, func(r rune) bool { return r == ' ' || r >= utf8.RuneSelf })
}

// EncodePaths is EncodePath of each path.
func EncodePaths(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = EncodePath(p)
	}
	return out
}

// refusedRune reports a character a path may not hold even encoded: a
// control character (a tab, a NUL), or white space other than a plain
// space (a no-break or ideographic space is almost always pasted by
// mistake). Plain spaces inside a path are encoded; at either end they
// are refused before this is asked.
func refusedRune(r rune) bool {
	return unicode.IsControl(r) || unicode.IsSpace(r) && r != ' '
}
