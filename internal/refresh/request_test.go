package refresh

import (
	"fmt"
	"strings"
	"testing"
)

// urls returns n distinct File paths on one domain.
func urls(domain string, n int) []string {
	ps := make([]string, n)
	for i := range ps {
		ps[i] = fmt.Sprintf("%s/asset-%d.js", domain, i)
	}
	return ps
}

func dirs(n int) []string {
	ps := make([]string, n)
	for i := range ps {
		ps[i] = fmt.Sprintf("example.com/d%d/", i)
	}
	return ps
}

func baseRequest(svc Service, typ ObjectType, paths []string) Request {
	r := Request{Service: svc, ObjectType: typ, Paths: paths}
	if svc == EdgeRoutine {
		r.RoutineID = "myroutine.mysubdomain"
	}
	return r
}

// TestPerRequestCounts checks both sides of every documented per-request
// count. The numbers are written out here from the seeds, apart from the
// table, so that a wrong number in the table fails.
func TestPerRequestCounts(t *testing.T) {
	documented := map[ObjectType]int{File: 1000, IgnoreParams: 1000, Directory: 100, Regex: 1}
	gen := map[ObjectType]func(n int) []string{
		File:         func(n int) []string { return urls("example.com", n) },
		IgnoreParams: func(n int) []string { return urls("example.com", n) },
		Directory:    dirs,
		Regex: func(n int) []string {
			ps := make([]string, n)
			for i := range ps {
				ps[i] = fmt.Sprintf("example.com/v%d/.*\\.png", i)
			}
			return ps
		},
	}
	for _, svc := range Services {
		for typ, limit := range documented {
			t.Run(fmt.Sprintf("%s/%s", svc, typ), func(t *testing.T) {
				if ps := baseRequest(svc, typ, gen[typ](limit)).Validate(); len(ps) != 0 {
					t.Fatalf("%d paths (the limit) refused: %v", limit, ps)
				}
				ps := baseRequest(svc, typ, gen[typ](limit+1)).Validate()
				if len(ps) != 1 || ps[0].Index != limit || !strings.Contains(ps[0].Detail, "SingleRequest.OverLimit") {
					t.Fatalf("%d paths: want one SingleRequest.OverLimit problem at object_paths[%d], got %v", limit+1, limit, ps)
				}
			})
		}
	}
}

func TestOverLimitMessage(t *testing.T) {
	ps := baseRequest(CDN, File, urls("example.com", 1204)).Validate()
	want := "object_paths[1000]: a refresh of type File takes at most 1,000 URLs per request (SingleRequest.OverLimit); this resource has 1,204. Set split_requests = true to send them as several requests, or split them across resources"
	if len(ps) != 1 || ps[0].Error() != want {
		t.Fatalf("got %q\nwant %q", ps.Error(), want)
	}
	ps = baseRequest(DCDN, Directory, dirs(101)).Validate()
	if len(ps) != 1 || !strings.Contains(ps[0].Detail, "at most 100 directories per request") {
		t.Fatalf("got %v", ps)
	}
	ps = baseRequest(VOD, Regex, []string{"a.com/x.*", "a.com/y.*"}).Validate()
	if len(ps) != 1 || !strings.Contains(ps[0].Detail, "at most 1 regular expression per request") {
		t.Fatalf("got %v", ps)
	}
}

// TestPathLength: the limit counts the path as Alibaba receives it,
// percent-encoded: "é" is six characters (%C3%A9), "中" nine, a space three.
func TestPathLength(t *testing.T) {
	prefix := "example.com/"
	for _, svc := range Services {
		for _, tc := range []struct {
			name, ok, asSent string
		}{
			{"ascii", prefix + strings.Repeat("a", 1012), ""},
			{"two-byte characters", prefix + strings.Repeat("é", 168) + "aaaa", " as sent, percent-encoded"},
			{"three-byte characters", prefix + strings.Repeat("中", 112) + "aaaa", " as sent, percent-encoded"},
			{"spaces", prefix + strings.Repeat("a b", 202) + "aa", " as sent, percent-encoded"},
		} {
			if ps := baseRequest(svc, File, []string{tc.ok}).Validate(); len(ps) != 0 {
				t.Errorf("%s %s: 1,024 characters refused: %v", svc, tc.name, ps)
			}
			ps := baseRequest(svc, File, []string{tc.ok + "a"}).Validate()
			if len(ps) != 1 || !strings.Contains(ps[0].Detail, "1,025 characters long"+tc.asSent+";") || !strings.Contains(ps[0].Detail, "InvalidObjectPath.Size.Malformed") {
				t.Errorf("%s %s: 1,025 characters: got %v", svc, tc.name, ps)
			}
		}
	}
}

func TestDomainsPerRequest(t *testing.T) {
	onDomains := func(n int) []string {
		ps := make([]string, n)
		for i := range ps {
			ps[i] = fmt.Sprintf("https://d%d.example.com/a.js", i)
		}
		return ps
	}
	tests := []struct {
		svc     Service
		n       int
		wantErr string
		index   int
	}{
		{CDN, 10, "", 0},
		{CDN, 11, "at most 10 domains per request; this resource names 11", 10},
		{DCDN, 10, "", 0},
		{DCDN, 11, "a dcdn refresh takes paths on at most 10 domains per request; this resource names 11", 10},
		{VOD, 50, "", 0},
		{EdgeRoutine, 1, "", 0},
		{EdgeRoutine, 2, "one domain only", 1},
	}
	for _, tc := range tests {
		ps := baseRequest(tc.svc, File, onDomains(tc.n)).Validate()
		switch {
		case tc.wantErr == "" && len(ps) != 0:
			t.Errorf("%s with %d domains refused: %v", tc.svc, tc.n, ps)
		case tc.wantErr != "" && (len(ps) != 1 || !strings.Contains(ps[0].Detail, tc.wantErr) || ps[0].Index != tc.index):
			t.Errorf("%s with %d domains: want %q at index %d, got %v", tc.svc, tc.n, tc.wantErr, tc.index, ps)
		}
	}
	// Case and port do not make another domain.
	same := []string{"example.com/a", "EXAMPLE.com/b", "https://example.com:8443/c"}
	if ps := baseRequest(EdgeRoutine, File, same).Validate(); len(ps) != 0 {
		t.Errorf("one domain in three spellings refused: %v", ps)
	}
}

func TestPathRules(t *testing.T) {
	tests := []struct {
		typ     ObjectType
		path    string
		wantErr string // "" means valid
	}{
		{File, "example.com/a.png", ""},
		{File, "http://example.com/a.png?v=1", ""},
		{File, "HTTPS://example.com/a.png", ""},
		{File, "example.com:8080/a.png", ""},
		{File, "xn--bcher-kva.example/a", ""},
		{File, "例子.测试/a.png", `write the domain in punycode: "xn--fsqu00a.xn--0zwm56d"`},
		{File, "example.com/r?next=http://b.com/x", ""},
		{File, "example.com/a#https://b", ""},
		{File, "", "empty"},
		{File, "   ", "empty"},
		{File, "example.com/a\nexample.com/b", "line break"},
		{File, "example.com/a\r", "line break"},
		{File, " example.com/a", "white space"},
		{File, "example.com/my file.png", ""},
		{File, "example.com/my%20file.png", ""},
		{File, "example.com/发布 说明.html", ""},
		{File, "example.com/a\tb", `holds "\t" at byte 13, which no URL carries; remove it, or write it percent-encoded if it is meant (%09)`},
		{File, "example.com/a\u00a0b", `holds "\u00a0" at byte 13`},
		{File, "example.com/a\u3000b", `(%E3%80%80)`},
		{File, "example.com/a\x7fb", `holds "\x7f"`},
		{File, "example.com/a ", "leading or trailing white space"},
		{Regex, `example.com/图片/.*\.png`, `write them encoded, for example "example.com/%E5%9B%BE%E7%89%87/.*\\.png"`},
		{Regex, `example.com/my docs/.*`, `"example.com/my%20docs/.*"`},
		{Regex, `example.com/图/%[0-9A-F]{2}`, `"example.com/%E5%9B%BE/%[0-9A-F]{2}"`}, // a pattern's % is its own
		{Regex, `example.com/%E5%9B%BE/.*\.png`, ""},
		{File, "ftp://example.com/a", `scheme "ftp"`},
		{File, "/a.png", "names no domain"},
		{File, "https:///a.png", "names no domain"},
		{File, "*.example.com/a.png", "InvalidExtensiveDomain.ValueNotSupported"},
		{File, "https://img.*.example.com/a.png", "wildcard"},
		{File, "localhost/a", "not a domain name"},
		{File, "exa!mple.com/a", "not a domain name"},
		{File, "example..com/a", "not a domain name"},
		{File, "-example.com/a", "not a domain name"},
		{File, "example.com:99999/a", "invalid port"},
		{File, "user@example.com/a", "not a domain name"},
		{Directory, "example.com/img/", ""},
		{Directory, "example.com/", ""},
		{Directory, "example.com/img", `write "example.com/img/"`},
		{Regex, `example.com/img/.*\.png`, ""},
		{Regex, `example.com/img/(a|b`, "not a valid regular expression"},
		{Regex, "example.com/", "no pattern"},
		{IgnoreParams, "example.com/a.js", ""},
		{IgnoreParams, "example.com/a.js?v=2", `write "example.com/a.js"`},
	}
	for _, tc := range tests {
		ps := baseRequest(CDN, tc.typ, []string{tc.path}).Validate()
		switch {
		case tc.wantErr == "" && len(ps) != 0:
			t.Errorf("%s %q refused: %v", tc.typ, tc.path, ps)
		case tc.wantErr != "" && (len(ps) != 1 || !strings.Contains(ps[0].Detail, tc.wantErr)):
			t.Errorf("%s %q: want a problem saying %q, got %v", tc.typ, tc.path, tc.wantErr, ps)
		case tc.wantErr != "" && ps[0].Where() != "object_paths[0]":
			t.Errorf("%s %q: problem at %s, want object_paths[0]", tc.typ, tc.path, ps[0].Where())
		}
	}
}

func TestEdgeRoutineOptions(t *testing.T) {
	paths := []string{"example.com/a.js"}
	tests := []struct {
		name    string
		req     Request
		where   []string
		wantErr string
	}{
		{"edge routine complete", Request{Service: EdgeRoutine, ObjectType: File, Paths: paths, RoutineID: "r.sub", MergeDomainNames: []string{"a.example.com", "b.example.com"}}, nil, ""},
		{"routine ID missing", Request{Service: EdgeRoutine, ObjectType: File, Paths: paths}, []string{"routine_id"}, "set routine_id"},
		{"routine ID without subdomain", Request{Service: EdgeRoutine, ObjectType: File, Paths: paths, RoutineID: "myroutine"}, []string{"routine_id"}, "Name.Subdomain"},
		{"routine ID with three parts", Request{Service: EdgeRoutine, ObjectType: File, Paths: paths, RoutineID: "a.b.c"}, []string{"routine_id"}, "Name.Subdomain"},
		{"routine ID pending", Request{Service: EdgeRoutine, ObjectType: File, Paths: paths, Pending: Pending{RoutineID: true}}, nil, ""},
		{"merge domain with scheme", Request{Service: EdgeRoutine, ObjectType: File, Paths: paths, RoutineID: "r.s", MergeDomainNames: []string{"ok.com", "https://a.com"}}, []string{"merge_domain_names[1]"}, "bare domain names"},
		{"merge domain wildcard", Request{Service: EdgeRoutine, ObjectType: File, Paths: paths, RoutineID: "r.s", MergeDomainNames: []string{"*.a.com"}}, []string{"merge_domain_names[0]"}, "wildcard"},
		{"routine ID on cdn", Request{Service: CDN, ObjectType: File, Paths: paths, RoutineID: "r.s"}, []string{"routine_id"}, `set service = "edge_routine"`},
		{"both on dcdn", Request{Service: DCDN, ObjectType: File, Paths: paths, RoutineID: "r.s", MergeDomainNames: []string{"a.com"}}, []string{"routine_id", "merge_domain_names"}, "only the edge_routine service"},
		{"pending merge on vod", Request{Service: VOD, ObjectType: File, Paths: paths, Pending: Pending{MergeDomainNames: true}}, []string{"merge_domain_names"}, "only the edge_routine service"},
	}
	for _, tc := range tests {
		ps := tc.req.Validate()
		var where []string
		for _, p := range ps {
			where = append(where, p.Where())
			if !strings.Contains(p.Detail, tc.wantErr) {
				t.Errorf("%s: %q does not say %q", tc.name, p.Detail, tc.wantErr)
			}
		}
		if fmt.Sprint(where) != fmt.Sprint(tc.where) {
			t.Errorf("%s: problems at %v, want %v (%v)", tc.name, where, tc.where, ps)
		}
	}
}

func TestPendingPaths(t *testing.T) {
	// A pending path is counted but not checked.
	paths := append(urls("example.com", 1000), "")
	r := baseRequest(CDN, File, paths)
	r.Pending.Paths = map[int]bool{1000: true}
	if ps := r.Validate(); len(ps) != 1 || ps[0].Index != 1000 || !strings.Contains(ps[0].Detail, "OverLimit") {
		t.Fatalf("want only the count problem, got %v", ps)
	}
	r = baseRequest(CDN, Directory, []string{""})
	r.Pending.Paths = map[int]bool{0: true}
	if ps := r.Validate(); len(ps) != 0 {
		t.Fatalf("pending path checked: %v", ps)
	}
	r = baseRequest(CDN, Directory, nil)
	r.Pending.PathList = true
	if ps := r.Validate(); len(ps) != 0 {
		t.Fatalf("pending list checked: %v", ps)
	}
}

func TestEmptyRequestAndProblemCap(t *testing.T) {
	if ps := baseRequest(CDN, File, nil).Validate(); len(ps) != 1 || ps[0].Where() != "object_paths" {
		t.Fatalf("no paths: got %v", ps)
	}
	bad := make([]string, 25)
	for i := range bad {
		bad[i] = fmt.Sprintf("ftp://example.com/%d", i)
	}
	ps := baseRequest(CDN, File, bad).Validate()
	if len(ps) != maxPathProblems+1 || !strings.Contains(ps[maxPathProblems].Detail, "5 more paths are invalid") {
		t.Fatalf("want %d problems and a summary, got %d: %v", maxPathProblems, len(ps), ps)
	}
}

func TestEnumSuggestions(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"cdn", ""},
		{"CDN", `did you mean "cdn"?`},
		{"edge-routine", `did you mean "edge_routine"?`},
		{"EdgeRoutine", `did you mean "edge_routine"?`},
		{"dcnd", `did you mean "dcdn"?`},
		{"cloudfront", "is not one of"},
	}
	for _, tc := range tests {
		_, err := ParseService(tc.in)
		if (tc.want == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.want)) {
			t.Errorf("ParseService(%q) = %v, want %q", tc.in, err, tc.want)
		}
	}
	if _, err := ParseService("cloudfront"); err != nil && strings.Contains(err.Error(), "did you mean") {
		t.Errorf("no suggestion expected: %v", err)
	}
	for in, want := range map[string]string{"file": `"File"`, "directory": `"Directory"`, "regexp": `"Regex"`, "ignore_params": `"IgnoreParams"`} {
		if _, err := ParseObjectType(in); err == nil || !strings.Contains(err.Error(), "did you mean "+want) {
			t.Errorf("ParseObjectType(%q) = %v, want a suggestion of %s", in, err, want)
		}
	}
}

// TestDocumentedLimits pins the table to the seeds' numbers.
func TestDocumentedLimits(t *testing.T) {
	daily := map[Service][2]int{CDN: {10000, 100}, DCDN: {10000, 100}, VOD: {2000, 100}, EdgeRoutine: {10000, 100}}
	for svc, want := range daily {
		got := [2]int{Table[svc].DailyQuota[File].Max, Table[svc].DailyQuota[Directory].Max}
		if got != want {
			t.Errorf("%s daily quota URLs/dirs = %v, want %v", svc, got, want)
		}
	}
	if q := Table[CDN].DailyQuota; q[Regex].Max != 20 || q[IgnoreParams].Max != 100 {
		t.Errorf("CDN regex/IgnoreParams quota = %d/%d, want 20/100", q[Regex].Max, q[IgnoreParams].Max)
	}
	perMinute := map[Service]int{CDN: 10000, DCDN: 1000, EdgeRoutine: 1000}
	for svc, want := range perMinute {
		if got := Table[svc].URLsPerMinutePerDomain.Max; got != want {
			t.Errorf("%s URLs per minute per domain = %d, want %d", svc, got, want)
		}
	}
	// The newer pages of the reference notes' section 9.
	if d := Table[DCDN].DomainsPerRequest; d.Max != 10 || d.Assumed() {
		t.Errorf("DCDN domains per request = %+v, want 10 from the doc", d)
	}
	if l := Table[DCDN]; l.PreloadCallsPerSecond.Max != 15 || l.PreloadPerRequest.Max != 100 || l.PreloadDailyQuota.Max != 1000 || l.PreloadDailyQuota.Assumed() {
		t.Errorf("DCDN prefetch = %d/s, %d a request, %d a day, want 15, 100, 1,000 from the doc", l.PreloadCallsPerSecond.Max, l.PreloadPerRequest.Max, l.PreloadDailyQuota.Max)
	}
	if l := Table[VOD]; l.PreloadDailyQuota.Max != 500 || l.PreloadDailyQuota.Assumed() || !l.PreloadFilesOnly {
		t.Errorf("VOD prefetch = %d a day, files only %v, want 500 from the doc, files only", l.PreloadDailyQuota.Max, l.PreloadFilesOnly)
	}
	if src := Table[DCDN].URLsPerMinutePerDomain.Source; !strings.Contains(src, "10,000") {
		t.Errorf("DCDN URLs per minute source %q does not mention the 10,000 of the newer page", src)
	}
	for _, svc := range Services {
		for _, typ := range ObjectTypes {
			if Table[svc].PerRequest[typ].Source == "" {
				t.Errorf("%s %s per-request limit has no source", svc, typ)
			}
		}
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 10000: "10,000", 1234567: "1,234,567", -1000: "-1,000"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestLimitsMarkdown(t *testing.T) {
	md := LimitsMarkdown()
	for _, row := range []string{
		"| URLs (`File`, `IgnoreParams`) per request | 1,000 | 1,000 | 1,000\\* | 1,000 |",
		"| regular expressions per request | 1 | 1\\* | 1\\* | 1\\* |",
		"| directories per request | 100 | 100 | 100\\* | 100 |",
		"| domains per request | at most 10 | at most 10 | — | exactly 1 |",
		"| daily quota: URLs / directories | 10,000 / 100 | 10,000 / 100 | 2,000 / 100 | 10,000 / 100 |",
		"| daily quota: regular expressions / `IgnoreParams` | 20 / 100 | — / — | — / — | — / — |",
	} {
		if !strings.Contains(md, row) {
			t.Errorf("the limits table lacks %q:\n%s", row, md)
		}
	}
}

func TestWarnings(t *testing.T) {
	over := baseRequest(CDN, IgnoreParams, urls("example.com", 101))
	if ps := over.Validate(); len(ps) != 0 {
		t.Fatalf("101 IgnoreParams URLs refused: %v", ps)
	}
	ws := over.Warnings()
	if len(ws) != 1 || !strings.Contains(ws[0].Detail, "101 IgnoreParams paths exceed cdn's default daily quota of 100") {
		t.Fatalf("warnings %v", ws)
	}
	for _, r := range []Request{
		baseRequest(CDN, IgnoreParams, urls("example.com", 100)),
		baseRequest(CDN, File, urls("example.com", 1000)),
		baseRequest(DCDN, IgnoreParams, urls("example.com", 1000)), // no documented quota
	} {
		if ws := r.Warnings(); len(ws) != 0 {
			t.Errorf("%s %s x%d: unexpected warnings %v", r.Service, r.ObjectType, len(r.Paths), ws)
		}
	}
}
