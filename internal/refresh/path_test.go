package refresh

import (
	"errors"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestParsePath(t *testing.T) {
	tests := []struct {
		raw                        string
		scheme, host, domain, rest string
	}{
		{"example.com/a.png", "", "example.com", "example.com", "/a.png"},
		{"https://Img.Example.com:8443/a?b=c", "https", "Img.Example.com:8443", "img.example.com", "/a?b=c"},
		{"http://example.com", "http", "example.com", "example.com", ""},
		{"example.com?x=1", "", "example.com", "example.com", "?x=1"},
		{"example.com/release notes.html", "", "example.com", "example.com", "/release notes.html"},
		{"example.com/图片.png", "", "example.com", "example.com", "/图片.png"},
	}
	for _, tc := range tests {
		p, err := ParsePath(tc.raw)
		if err != nil {
			t.Fatalf("ParsePath(%q): %v", tc.raw, err)
		}
		if p.Scheme != tc.scheme || p.Host != tc.host || p.Domain != tc.domain || p.Rest != tc.rest {
			t.Errorf("ParsePath(%q) = %+v", tc.raw, p)
		}
	}
	for raw, want := range map[string]error{
		"":                 ErrEmptyPath,
		"a.com/x\ny":       ErrLineBreak,
		"a.com/x ":         ErrWhitespace,
		"a.com/a\u3000b":   ErrWhitespace,
		"a b.com/x":        ErrBadDomain,
		"a.com/a\tb":       ErrWhitespace,
		"a.com/a\x00b":     ErrWhitespace,
		"gopher://a.com/x": ErrScheme,
		"/x":               ErrNoDomain,
		"*.a.com/x":        ErrWildcardDomain,
		"a_b/x":            ErrBadDomain,
	} {
		if _, err := ParsePath(raw); !errors.Is(err, want) {
			t.Errorf("ParsePath(%q) = %v, want %v", raw, err, want)
		}
	}
}

// FuzzParsePath checks that parsing never panics and that an accepted path
// can be sent: one line, a real domain, nothing lost; that its encoded form
// carries no space or non-ASCII byte, is encoded once only, and names the
// same target; and that Target is a fixed point.
func FuzzParsePath(f *testing.F) {
	for _, seed := range []string{
		"example.com/a.png", "https://example.com:8443/a?b=c", "HTTP://EXAMPLE.COM/", "*.example.com/a",
		"example.com/a\nb.com/c", "ftp://x.com/", "/a", "a..b/c", "例子.测试/图片.png", "a.com:0/x", "a.com:/x",
		" a.com/x", "a.com/x\r", "https://", "a.com#frag", "xn--bcher-kva.example/a",
		"a.com/release notes.html", "a.com/图片.png", "a.com/%E5%9B%BE", "a.com/%e5%9b%be", "a.com/a\tb", "a.com/a\u3000b",
		"A.COM:80/%7e", "https://a.com:443", "a.com/100%", "a.com/%zz", "a.com/%", "a.com/100% off", "a.com/图%",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		p, err := ParsePath(raw)
		if err != nil {
			var pe *PathError
			if !errors.As(err, &pe) || pe.Detail == "" || pe.Cause == nil {
				t.Fatalf("ParsePath(%q) error without detail or cause: %v", raw, err)
			}
			return
		}
		if strings.ContainsFunc(raw, func(r rune) bool { return unicode.IsSpace(r) && r != ' ' || unicode.IsControl(r) }) || strings.Contains(p.Domain, "*") || strings.TrimSpace(raw) != raw {
			t.Fatalf("ParsePath(%q) accepted a path the API would split or refuse", raw)
		}
		if p.Domain == "" || !strings.Contains(p.Domain, ".") || p.Domain != strings.ToLower(p.Domain) {
			t.Fatalf("ParsePath(%q) domain %q", raw, p.Domain)
		}
		if p.Scheme != "" && p.Scheme != "http" && p.Scheme != "https" {
			t.Fatalf("ParsePath(%q) scheme %q", raw, p.Scheme)
		}
		if !strings.HasSuffix(raw, p.Host+p.Rest) {
			t.Fatalf("ParsePath(%q) lost text: host %q rest %q", raw, p.Host, p.Rest)
		}
		if utf8.ValidString(raw) && strings.ContainsAny(p.Host, "/?#") {
			t.Fatalf("ParsePath(%q) host %q holds a separator", raw, p.Host)
		}

		sent := EncodePath(raw)
		if strings.ContainsFunc(sent, func(r rune) bool { return r <= ' ' || r >= utf8.RuneSelf }) {
			t.Fatalf("EncodePath(%q) = %q sends a space, a control or a non-ASCII byte", raw, sent)
		}
		if EncodePath(sent) != sent {
			t.Fatalf("EncodePath(%q) encodes twice: %q", sent, EncodePath(sent))
		}
		if (sent == raw) == needsEncoding(raw) {
			t.Fatalf("EncodePath(%q) = %q, needsEncoding %v", raw, sent, needsEncoding(raw))
		}
		for i := 0; sent != raw && i < len(sent); i++ {
			if sent[i] == '%' && !escapeAt(sent, i) {
				t.Fatalf("EncodePath(%q) = %q sends a %% that starts no escape, at byte %d", raw, sent, i)
			}
		}
		q, err := ParsePath(sent)
		if err != nil || q.Domain != p.Domain || q.Scheme != p.Scheme {
			t.Fatalf("the encoded %q parses otherwise: %+v, %v", sent, q, err)
		}
		target := Target(raw)
		if !SameTarget(raw, sent) || Target(target) != target {
			t.Fatalf("Target(%q) = %q, of its encoded form %q, of itself %q", raw, target, Target(sent), Target(target))
		}
		if !strings.HasPrefix(target, "http://"+p.Domain) && !strings.HasPrefix(target, "https://"+p.Domain) {
			t.Fatalf("Target(%q) = %q loses the domain %q", raw, target, p.Domain)
		}
		// A Regex pattern is kept as written: only the part before it moves.
		pattern := TargetOf(Regex, raw)
		if TargetOf(Regex, pattern) != pattern || p.Rest != "" && !strings.HasSuffix(pattern, p.Rest) {
			t.Fatalf("TargetOf(Regex, %q) = %q, of itself %q", raw, pattern, TargetOf(Regex, pattern))
		}
	})
}
