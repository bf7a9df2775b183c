package refresh

import (
	"errors"
	"fmt"
	"regexp/syntax"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// Path is an object path split into the parts the rules look at.
type Path struct {
	Raw    string
	Scheme string // "http", "https" or "" (none given)
	Host   string // as written, port included
	Domain string // the host in lower case, without its port
	Rest   string // everything after the host: "/dir/a.png?x=1", or ""
}

// Sentinel causes, so that tests and callers can tell rules apart.
var (
	ErrEmptyPath      = errors.New("empty path")
	ErrLineBreak      = errors.New("line break in path")
	ErrWhitespace     = errors.New("white space or control character")
	ErrScheme         = errors.New("unsupported scheme")
	ErrNoDomain       = errors.New("no domain")
	ErrWildcardDomain = errors.New("wildcard domain")
	ErrBadDomain      = errors.New("malformed domain")
)

// PathError explains why a path was refused and how to fix it.
type PathError struct {
	Cause  error  // one of the Err… sentinels, or nil for a type-specific rule
	Detail string // what is wrong and what to write instead
}

func (e *PathError) Error() string { return e.Detail }
func (e *PathError) Unwrap() error { return e.Cause }

// ParsePath splits an object path as the API reads it: an optional http or
// https scheme, the accelerated domain (with an optional port), and the rest.
// It refuses what would make the API split, misread or reject the path.
func ParsePath(raw string) (Path, error) {
	p := Path{Raw: raw}
	switch {
	case strings.TrimSpace(raw) == "":
		return p, &PathError{ErrEmptyPath,
			"the path is empty; remove the element or give a URL such as example.com/index.html"}
	case strings.ContainsAny(raw, "\r\n"):
		return p, &PathError{ErrLineBreak,
			fmt.Sprintf("%q contains a line break, which would split it in two: the API separates paths with line breaks; remove it", raw)}
	case strings.TrimSpace(raw) != raw:
		return p, &PathError{ErrWhitespace,
			fmt.Sprintf("%q has leading or trailing white space; remove it", raw)}
	}
	// Interior spaces and non-ASCII characters are sent percent-encoded
	// (EncodePath); a tab, a control character or an unusual space is not
	// part of any URL a user means.
	if i := strings.IndexFunc(raw, refusedRune); i >= 0 {
		r, _ := utf8.DecodeRuneInString(raw[i:])
		return p, &PathError{ErrWhitespace,
			fmt.Sprintf("%q holds %q at byte %d, which no URL carries; remove it, or write it percent-encoded if it is meant (%s)", raw, string(r), i, percentEncoded(string(r)))}
	}

	rest := raw
	// A scheme comes before any "/", "?" or "#": a "://" after them is in
	// the path or query ("a.com/r?next=http://b.com").
	if i := strings.Index(rest, "://"); i >= 0 && !strings.ContainsAny(rest[:i], "/?#") {
		p.Scheme = strings.ToLower(rest[:i])
		if p.Scheme != "http" && p.Scheme != "https" {
			return p, &PathError{ErrScheme,
				fmt.Sprintf("%q uses the scheme %q; write http://, https:// or no scheme at all", raw, rest[:i])}
		}
		rest = rest[i+3:]
	}
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	p.Host, p.Rest = rest[:end], rest[end:]
	if p.Host == "" {
		return p, &PathError{ErrNoDomain,
			fmt.Sprintf("%q names no domain; start it with the accelerated domain, for example example.com%s", raw, p.Rest)}
	}
	domain, err := checkHost(p.Host)
	if err != nil {
		return p, err
	}
	p.Domain = domain
	return p, nil
}

// checkHost validates host[:port] and returns the domain in lower case.
func checkHost(host string) (string, error) {
	domain := host
	if i := strings.LastIndexByte(host, ':'); i >= 0 {
		domain = host[:i]
		if port, err := strconv.Atoi(host[i+1:]); err != nil || port < 1 || port > 65535 {
			return "", &PathError{ErrBadDomain,
				fmt.Sprintf("%q has an invalid port; write a domain such as example.com or example.com:8080", host)}
		}
	}
	if err := CheckDomain(domain); err != nil {
		return "", err
	}
	return strings.ToLower(domain), nil
}

// CheckDomain validates a bare domain name such as example.com: no wildcard,
// no scheme, port or path, at least two labels of ASCII letters, digits, '-'
// or '_'. An internationalized name is written in punycode, as the
// accelerated domain is configured.
func CheckDomain(domain string) error {
	if strings.Contains(domain, "*") {
		return &PathError{ErrWildcardDomain,
			fmt.Sprintf("%q is a wildcard domain, which Alibaba refuses (InvalidExtensiveDomain.ValueNotSupported); name each subdomain instead", domain)}
	}
	if ascii, err := idna.Lookup.ToASCII(domain); err == nil && ascii != domain && strings.ToLower(domain) != ascii {
		return &PathError{ErrBadDomain,
			fmt.Sprintf("%q is not written in ASCII; write the domain in punycode: %q", domain, ascii)}
	}
	bad := &PathError{ErrBadDomain,
		fmt.Sprintf("%q is not a domain name; write one such as example.com", domain)}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return bad
	}
	for _, label := range labels {
		if label == "" || utf8.RuneCountInString(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return bad
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
				return bad
			}
		}
	}
	return nil
}

// checkPath applies the rules of one path for a service and object type.
func checkPath(raw string, svc Service, typ ObjectType) (Path, error) {
	p, err := ParsePath(raw)
	if err != nil {
		return p, err
	}
	// The limit counts what Alibaba receives: the path percent-encoded,
	// where a Chinese character takes nine characters.
	limit := Table[svc].PathLength
	if n := utf8.RuneCountInString(EncodePath(raw)); limit.Max > 0 && n > limit.Max {
		asSent := ""
		if needsEncoding(raw) {
			asSent = " as sent, percent-encoded"
		}
		return p, &PathError{nil,
			fmt.Sprintf("the path is %s characters long%s; the API takes at most %s characters per path (InvalidObjectPath.Size.Malformed); shorten it, or refresh its directory with object_type = \"Directory\"",
				thousands(n), asSent, thousands(limit.Max))}
	}
	switch typ {
	case Directory:
		if !strings.HasSuffix(raw, "/") {
			return p, &PathError{nil,
				fmt.Sprintf("a Directory path must end with \"/\"; write %q", raw+"/")}
		}
	case Regex:
		// Alibaba matches a regex against encoded URLs, but encoding a
		// pattern can change its meaning (a character class, a quantifier
		// after a multi-byte character): the user writes it encoded.
		if needsEncoding(raw) {
			return p, &PathError{nil,
				fmt.Sprintf("%q holds non-ASCII characters or spaces; Alibaba matches a Regex path against percent-encoded URLs, and the provider does not rewrite a pattern: write them encoded, for example %q", raw, encode(raw, false))}
		}
		if p.Rest == "" || p.Rest == "/" {
			return p, &PathError{nil,
				fmt.Sprintf("%q has no pattern after the domain; a Regex path looks like example.com/img/.*\\.png", raw)}
		}
		if _, err := syntax.Parse(p.Rest, syntax.Perl); err != nil {
			reason := err.Error()
			var se *syntax.Error
			if errors.As(err, &se) {
				reason = fmt.Sprintf("%s in `%s`", se.Code, se.Expr)
			}
			return p, &PathError{nil,
				fmt.Sprintf("%q is not a valid regular expression (RE2 syntax): %s", p.Rest, reason)}
		}
	case IgnoreParams:
		if strings.Contains(raw, "?") {
			return p, &PathError{nil,
				fmt.Sprintf("an IgnoreParams path must not carry a query string: write %q and every variant of its parameters is refreshed", raw[:strings.Index(raw, "?")])}
		}
	}
	return p, nil
}

// thousands formats n as the docs print limits: 1,000 and 10,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
