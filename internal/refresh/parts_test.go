package refresh

import (
	"fmt"
	"testing"
)

func TestPartsTakeTurnsBetweenDomains(t *testing.T) {
	two := append(urls("a.example.com", 1500), urls("b.example.com", 1500)...)
	// Edge routine: one domain a request, the domains in turn.
	var got []string
	for _, p := range (Request{Service: EdgeRoutine, ObjectType: File, Paths: two, RoutineID: "r.s"}).Parts() {
		d, _ := ParsePath(p.Paths[0])
		got = append(got, fmt.Sprintf("%s:%d", d.Domain, len(p.Paths)))
	}
	if want := "[a.example.com:1000 b.example.com:1000 a.example.com:500 b.example.com:500]"; fmt.Sprint(got) != want {
		t.Fatalf("edge routine parts %v, want %s", got, want)
	}
	// DCDN: every request takes from both domains, each in its order.
	parts := (Request{Service: DCDN, ObjectType: File, Paths: two}).Parts()
	if len(parts) != 3 || parts[0].Paths[0] != two[0] || parts[0].Paths[1] != two[1500] || parts[0].Paths[2] != two[1] {
		t.Fatalf("dcdn parts do not deal domains in turn: %v…", parts[0].Paths[:3])
	}

	// Twelve domains. DCDN names at most ten a request: the first ten take
	// turns in their requests, then the other two in theirs. VOD names any
	// number: all twelve take turns.
	var twelve []string
	for d := range 12 {
		twelve = append(twelve, urls(fmt.Sprintf("d%d.example.com", d), 150)...)
	}
	for svc, want := range map[Service]string{DCDN: "[10:1000 10:500 2:300]", VOD: "[12:1000 12:800]"} {
		got = nil
		parts := (Request{Service: svc, ObjectType: File, Paths: twelve}).Parts()
		for _, p := range parts {
			if ps := p.Validate(); len(ps) != 0 {
				t.Fatalf("%s: a part breaks a rule: %v", svc, ps)
			}
			got = append(got, fmt.Sprintf("%d:%d", len(p.URLsPerDomain()), len(p.Paths)))
		}
		if fmt.Sprint(got) != want {
			t.Errorf("%s parts (domains:paths) %v, want %s", svc, got, want)
		}
		turn := len(parts[0].URLsPerDomain()) // a path of each domain, then each one's second
		if first := parts[0].Paths; first[0] != twelve[0] || first[1] != twelve[150] || first[turn] != twelve[1] {
			t.Errorf("%s parts do not deal domains in turn: %v…", svc, first[:turn+1])
		}
	}
	// CDN, whose minute holds ten requests of a domain, fills each request
	// with whole domains, at most ten: a domain Alibaba refuses fails only
	// the requests that name it.
	got = nil
	for _, p := range (Request{Service: CDN, ObjectType: File, Paths: twelve}).Parts() {
		if ps := p.Validate(); len(ps) != 0 {
			t.Fatalf("cdn: a part breaks a rule: %v", ps)
		}
		got = append(got, fmt.Sprintf("%d:%d", len(p.URLsPerDomain()), len(p.Paths)))
	}
	if want := "[7:1000 6:800]"; fmt.Sprint(got) != want {
		t.Errorf("cdn parts (domains:paths) %v, want %s", got, want)
	}
}

// TestPartsRefillTheirGroup: a DCDN request names at most ten domains, and
// a domain after the first ten joins the requests as soon as one of those
// runs out. Two large domains ten apart then share each minute (1,000 URLs
// a domain) instead of taking turns by the minute: d10's paths go out in
// the second request, not after d0's 4,000, which take four minutes.
func TestPartsRefillTheirGroup(t *testing.T) {
	paths := urls("d0.example.com", 4000)
	for d := 1; d <= 9; d++ {
		paths = append(paths, urls(fmt.Sprintf("d%d.example.com", d), 1)...)
	}
	paths = append(paths, urls("d10.example.com", 4000)...)
	parts := Request{Service: DCDN, ObjectType: File, Paths: paths, Split: true}.Parts()
	sent := map[string]int{}
	for _, p := range parts {
		if ps := p.Validate(); len(ps) != 0 {
			t.Fatalf("a part breaks a rule: %v", ps)
		}
		for _, x := range p.Paths {
			sent[x]++
		}
	}
	if len(sent) != len(paths) {
		t.Fatalf("%d paths sent of %d", len(sent), len(paths))
	}
	for x, n := range sent {
		if n != 1 {
			t.Fatalf("%s sent %d times", x, n)
		}
	}
	if n := parts[1].URLsPerDomain()["d10.example.com"]; n == 0 {
		t.Errorf("the second request takes nothing of d10.example.com: %v", parts[1].URLsPerDomain())
	}
}
