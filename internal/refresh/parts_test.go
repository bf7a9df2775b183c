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
}
