package refresh

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/purgeworks/terraform-provider-alicloud/internal/emulator"
)

func TestPreloadRules(t *testing.T) {
	tests := []struct {
		p     Preload
		where string
		says  string
	}{
		{Preload{Service: CDN, Paths: urls("example.com", 100)}, "", ""},
		{Preload{Service: CDN, Paths: urls("example.com", 101)}, "object_paths[100]", "a prefetch takes at most 100 URLs per request (SingleRequest.OverLimit); this resource has 101"},
		{Preload{Service: DCDN, Paths: []string{"*.example.com/a"}}, "object_paths[0]", "wildcard"},
		{Preload{Service: VOD, Paths: []string{"example.com/a\tb"}}, "object_paths[0]", "which no URL carries"},
		{Preload{Service: VOD, Paths: []string{"example.com/a b"}}, "", ""},
		{Preload{Service: EdgeRoutine, Paths: []string{"example.com/a"}}, "service", `"edge_routine" is not one of "cdn", "dcdn", "vod"`},
		{Preload{Service: CDN, Paths: []string{"example.com/a"}, Area: "Overseas"}, "area", `did you mean "overseas"?`},
		{Preload{Service: CDN, Paths: []string{"example.com/a"}, WithHeader: `{"Origin":"https://example.com"}`}, "", ""},
		{Preload{Service: CDN, Paths: []string{"example.com/a"}, WithHeader: `Origin: x`}, "with_header", "JSON object"},
		{Preload{Service: CDN, Paths: nil}, "object_paths", "at least one path"},
	}
	for _, tc := range tests {
		ps := tc.p.Validate()
		switch {
		case tc.where == "" && len(ps) != 0:
			t.Errorf("%+v refused: %v", tc.p.Service, ps)
		case tc.where != "" && (len(ps) != 1 || ps[0].Where() != tc.where || !strings.Contains(ps[0].Detail, tc.says)):
			t.Errorf("want %s: …%s…, got %v", tc.where, tc.says, ps)
		}
	}
}

// TestPreloadAgreesWithEmulator: each service's prefetch is accepted at
// its per-request limit and refused, by the emulator too, one above.
func TestPreloadAgreesWithEmulator(t *testing.T) {
	for _, svc := range PreloadServices {
		t.Run(string(svc), func(t *testing.T) {
			c, srv, _ := clockedClient(t, time.Second)
			limit := Table[svc].PreloadPerRequest.Max
			paths := urls("example.com", limit+1)
			res, err := c.Preload(context.Background(), Preload{Service: svc, Paths: paths[:limit], Area: "overseas", L2Preload: true, WithHeader: `{"Origin":"https://a.example.com"}`})
			if err != nil || len(res.TaskIDs) == 0 {
				t.Fatalf("%d paths: %v", limit, err)
			}
			sent := srv.Accepted(PreloadOperation(svc))
			if len(sent) != 1 || sent[0].Params["Area"] != "overseas" || sent[0].Params["L2Preload"] != "true" || sent[0].Params["WithHeader"] != `{"Origin":"https://a.example.com"}` {
				t.Fatalf("sent %+v", sent)
			}
			var apiErr *APIError
			over := Preload{Service: svc, Paths: paths}
			if _, err := c.sendPreload(takeSDK(t, c), over); !errors.As(err, &apiErr) || apiErr.Code != "SingleRequest.OverLimit" {
				t.Fatalf("the emulator took %d: %v", limit+1, err)
			}
			// Prefetch tasks are followed like refresh tasks.
			p, err := c.Wait(context.Background(), svc, res.TaskIDs, nil, DefaultBackoff, nil)
			if err != nil || p.Status != StatusComplete {
				t.Fatalf("wait: %v %+v", err, p)
			}
		})
	}
}

func TestPreloadQueueFullIsRetried(t *testing.T) {
	c, srv, _ := clockedClient(t, time.Second)
	srv.InjectFault(emulator.Fault{Kind: emulator.FaultQueueFull, Count: 2, Actions: []string{"PushObjectCache"}})
	if _, err := c.Preload(context.Background(), Preload{Service: CDN, Paths: []string{"example.com/a"}}); err != nil {
		t.Fatal(err)
	}
	all, accepted := calls(srv, "PushObjectCache")
	if all != 3 || accepted != 1 {
		t.Fatalf("%d calls, %d accepted", all, accepted)
	}
	for _, r := range srv.Requests()[:2] {
		if r.Code != "PreloadQueueFull" {
			t.Fatalf("fault answered %s", r.Code)
		}
	}
}

// TestDroppedPrefetchIsNotTheRefresh: a prefetch right after a refresh of
// the same URL (the documented use) whose connection dropped is sent again,
// not mistaken for the refresh's task.
func TestDroppedPrefetchIsNotTheRefresh(t *testing.T) {
	c, srv, _ := clockedClient(t, time.Second)
	paths := []string{"example.com/a.js"}
	ref, err := c.Refresh(context.Background(), Request{Service: CDN, ObjectType: File, Paths: paths})
	if err != nil {
		t.Fatal(err)
	}
	srv.InjectFault(emulator.Fault{Kind: emulator.FaultDrop, Count: 1, Actions: []string{"PushObjectCache"}})
	res, err := c.Preload(context.Background(), Preload{Service: CDN, Paths: paths})
	if err != nil {
		t.Fatal(err)
	}
	if _, accepted := calls(srv, "PushObjectCache"); accepted != 1 || res.TaskID == ref.TaskID {
		t.Fatalf("prefetch accepted %d times, task %s (the refresh's is %s)", accepted, res.TaskID, ref.TaskID)
	}
}
