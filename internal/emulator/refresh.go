package emulator

import (
	"net"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// objectPath is one entry of ObjectPath and the domain it is on.
type objectPath struct {
	path   string
	domain string
}

// nouns name what each ObjectType counts, for SingleRequest.OverLimit.
var nouns = map[string]string{
	typeFile:         "URLs",
	typeIgnoreParams: "URLs",
	typeDirectory:    "directories",
	typeRegex:        "regular expressions",
}

// routineID is "Name.Subdomain" (seed 000).
var routineID = regexp.MustCompile(`^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$`)

type refreshBody struct {
	RequestId     string `json:"RequestId"`
	RefreshTaskId string `json:"RefreshTaskId"`
}

// refresh serves RefreshObjectCaches, RefreshDcdnObjectCaches,
// RefreshErObjectCaches and RefreshVodObjectCaches. Every check runs before
// anything is spent, so a refused call costs nothing.
func (e *Emulator) refresh(c call) (any, *apiError) {
	p := c.op.product
	raw := c.params["ObjectPath"]
	if raw == "" {
		return nil, errMissingObjectPath()
	}
	typ := c.params["ObjectType"]
	if typ == "" {
		typ = typeFile // the default in every seed
	}
	limit, ok := p.perRequest[typ]
	if !ok {
		return nil, p.text.objectType(typ)
	}
	if err := checkBool(c.params, "Force"); err != nil {
		return nil, err
	}
	lines := splitPaths(raw)
	if len(lines) > limit {
		return nil, errOverLimit(limit, nouns[typ])
	}
	paths, domains, err := parsePaths(p, lines, typ == typeDirectory)
	if err != nil {
		return nil, err
	}
	owned := domains
	if c.op.kind == opRefreshER {
		merged, err := checkRoutine(p, c.params, domains)
		if err != nil {
			return nil, err
		}
		owned = slices.Concat(domains, merged)
	} else if p.maxDomains > 0 && len(domains) > p.maxDomains {
		return nil, p.errObjectPath() // assumed code: the sources name none for this rule
	}
	if err := e.checkOwned(p, owned); err != nil {
		return nil, err
	}

	kind := p.dailyKind[typ]
	if e.usage.remaining(p, kind) < len(paths) {
		return nil, p.errQuotaExceeded()
	}
	urls := typ == typeFile || typ == typeIgnoreParams
	perDomain := make(map[string]int)
	if urls {
		for _, op := range paths {
			perDomain[op.domain]++
		}
		if err := e.usage.checkMinute(p, perDomain); err != nil {
			return nil, err
		}
	}

	e.usage.spend(p, kind, len(paths))
	e.usage.spendMinute(p, perDomain)
	ids := e.createTasks(c, paths, strings.ToLower(typ), urls)
	return refreshBody{RequestId: c.requestID, RefreshTaskId: strings.Join(ids, ",")}, nil
}

type pushBody struct {
	RequestId  string `json:"RequestId"`
	PushTaskId string `json:"PushTaskId"`
}

type preloadBody struct {
	RequestId     string `json:"RequestId"`
	PreloadTaskId string `json:"PreloadTaskId"`
}

// preload serves PushObjectCache, PreloadDcdnObjectCaches and
// PreloadVodObjectCaches: URLs only, spending the prefetch quota. Their task
// IDs merge like URL refreshes (assumed).
func (e *Emulator) preload(c call) (any, *apiError) {
	p := c.op.product
	raw := c.params["ObjectPath"]
	if raw == "" {
		return nil, errMissingObjectPath()
	}
	if err := checkBool(c.params, "L2Preload"); err != nil {
		return nil, err
	}
	lines := splitPaths(raw)
	if len(lines) > p.preloadPerRequest {
		return nil, errOverLimit(p.preloadPerRequest, "URLs")
	}
	paths, domains, err := parsePaths(p, lines, false)
	if err != nil {
		return nil, err
	}
	if p.preloadFilesOnly {
		for _, op := range paths {
			if namesDirectory(op.path) {
				// Assumed code: ref §9 says VOD prefetches no directories
				// but names no error; that of a path it cannot take.
				return nil, p.errObjectPath()
			}
		}
	}
	if p.maxDomains > 0 && len(domains) > p.maxDomains {
		return nil, p.errObjectPath()
	}
	if err := e.checkOwned(p, domains); err != nil {
		return nil, err
	}
	if e.usage.remaining(p, quotaPreload) < len(paths) {
		return nil, p.errQuotaExceeded()
	}
	if e.preloadsInProgress(p, c.now)+len(paths) > preloadQueue {
		return nil, errPreloadQueueFull()
	}
	e.usage.spend(p, quotaPreload, len(paths))
	id := strings.Join(e.createTasks(c, paths, "preload", true), ",")
	if p == cdnProduct {
		return pushBody{RequestId: c.requestID, PushTaskId: id}, nil
	}
	return preloadBody{RequestId: c.requestID, PreloadTaskId: id}, nil
}

// preloadsInProgress counts a product's prefetch paths still queued.
func (e *Emulator) preloadsInProgress(p *product, now time.Time) int {
	n := 0
	for _, t := range e.tasks {
		if t.product == p && t.objectType == "preload" && now.Before(t.ends(e.taskDuration)) {
			n++
		}
	}
	return n
}

// splitPaths splits ObjectPath on \n or \r\n (seeds 000-003).
func splitPaths(raw string) []string {
	return strings.Split(strings.ReplaceAll(raw, "\r\n", "\n"), "\n")
}

// parsePaths checks each path and returns them with their distinct domains
// in order of appearance.
func parsePaths(p *product, lines []string, directories bool) ([]objectPath, []string, *apiError) {
	paths := make([]objectPath, 0, len(lines))
	var domains []string
	seen := make(map[string]bool)
	for _, line := range lines {
		if utf8.RuneCountInString(line) > p.maxPathLen { // the docs count characters
			return nil, nil, errPathSize()
		}
		domain, err := pathDomain(p, line)
		if err != nil {
			return nil, nil, err
		}
		// Assumed: a directory is named by its trailing slash, as
		// Alibaba's console asks.
		if directories && !strings.HasSuffix(line, "/") {
			return nil, nil, p.errObjectPath()
		}
		paths = append(paths, objectPath{path: line, domain: domain})
		if !seen[domain] {
			seen[domain] = true
			domains = append(domains, domain)
		}
	}
	return paths, domains, nil
}

// namesDirectory reports whether a path names a directory: after the
// domain, the part before any query or fragment is empty or ends in "/"
// (assumed: as a Directory refresh names one, by its trailing slash).
func namesDirectory(path string) bool {
	rest := path
	if i := strings.Index(path, "://"); i >= 0 && !strings.ContainsAny(path[:i], "/?#") {
		rest = path[i+3:]
	}
	if i := strings.IndexAny(rest, "?#"); i >= 0 {
		rest = rest[:i]
	}
	i := strings.IndexByte(rest, '/')
	return i < 0 || strings.HasSuffix(rest, "/")
}

// pathDomain returns the domain of a path written "[http[s]://]domain/...".
func pathDomain(p *product, path string) (string, *apiError) {
	for i := 0; i < len(path); i++ {
		if path[i] <= ' ' || path[i] == 0x7f {
			return "", p.errObjectPath() // empty lines, spaces and control characters
		}
	}
	rest := path
	// A scheme comes before any "/", "?" or "#": a "://" after them is in
	// the path or query ("a.com/r?next=http://b.com").
	if i := strings.Index(path, "://"); i >= 0 && !strings.ContainsAny(path[:i], "/?#") {
		if scheme := strings.ToLower(path[:i]); scheme != "http" && scheme != "https" {
			return "", p.errObjectPath()
		}
		rest = path[i+3:]
	}
	host := rest
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		host = rest[:i]
	}
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	return checkDomain(p, host)
}

// checkDomain normalizes a domain name, refusing wildcards and malformed
// names with the errors of refresh paths.
func checkDomain(p *product, name string) (string, *apiError) {
	d := normalizeDomain(name)
	if strings.Contains(d, "*") {
		return "", p.errExtensiveDomain()
	}
	if !validDomain(d) {
		return "", p.errObjectPath()
	}
	return d, nil
}

func normalizeDomain(d string) string {
	return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(d)), ".")
}

// validDomain accepts names of two or more labels of letters, digits, '-'
// and '_'.
func validDomain(d string) bool {
	labels := strings.Split(d, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" {
			return false
		}
		for _, r := range l {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
				return false
			}
		}
	}
	return true
}

// checkRoutine applies RefreshErObjectCaches' own rules (seed 000): every
// path on one domain, RoutineId as "Name.Subdomain", MergeDomainName a
// comma-separated list of domains, which it returns.
func checkRoutine(p *product, params map[string]string, domains []string) ([]string, *apiError) {
	if len(domains) != 1 {
		return nil, p.errObjectPath()
	}
	id := params["RoutineId"]
	if id == "" {
		return nil, errMissing("RoutineId")
	}
	if !routineID.MatchString(id) {
		return nil, errInvalidParameters()
	}
	var merged []string
	if m := params["MergeDomainName"]; m != "" {
		for _, name := range strings.Split(m, ",") {
			d := normalizeDomain(name)
			if strings.Contains(d, "*") {
				return nil, p.errExtensiveDomain()
			}
			if !validDomain(d) {
				return nil, errInvalidParameters()
			}
			merged = append(merged, d)
		}
	}
	return merged, nil
}

// checkOwned refuses domains outside Options.Domains, when that is set.
func (e *Emulator) checkOwned(p *product, domains []string) *apiError {
	if e.domains == nil {
		return nil
	}
	for _, d := range domains {
		if !e.domains[d] {
			return p.errDomainNotFound()
		}
	}
	return nil
}

// checkBool refuses a boolean parameter that is neither "true" nor "false".
func checkBool(params map[string]string, name string) *apiError {
	switch params[name] {
	case "", "true", "false":
		return nil
	}
	return errInvalidParameter(name)
}
