package alibaba

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/purgeworks/terraform-provider-alicloud/internal/refresh"

	"github.com/purgeworks/terraform-provider-alicloud/internal/emulator"
)

// TestPreloadAgreesWithEmulator: each service's prefetch is accepted at
// its per-request limit and refused, by the emulator too, one above.
func TestPreloadAgreesWithEmulator(t *testing.T) {
	for _, svc := range refresh.PreloadServices {
		t.Run(string(svc), func(t *testing.T) {
			c, srv, _ := clockedClient(t, time.Second)
			limit := refresh.Table[svc].PreloadPerRequest.Max
			paths := urls("example.com", limit+1)
			res, err := c.Preload(context.Background(), refresh.Preload{Service: svc, Paths: paths[:limit], Area: "overseas", L2Preload: true, WithHeader: `{"Origin":"https://a.example.com"}`})
			if err != nil || len(res.TaskIDs) == 0 {
				t.Fatalf("%d paths: %v", limit, err)
			}
			sent := srv.Accepted(refresh.Describe(svc).Prefetch.Action)
			if len(sent) != 1 || sent[0].Params["Area"] != "overseas" || sent[0].Params["L2Preload"] != "true" || sent[0].Params["WithHeader"] != `{"Origin":"https://a.example.com"}` {
				t.Fatalf("sent %+v", sent)
			}
			var apiErr *APIError
			over := refresh.Preload{Service: svc, Paths: paths}
			if _, err := c.sendPreload(takeSDK(t, c), over); !errors.As(err, &apiErr) || apiErr.Code != "SingleRequest.OverLimit" {
				t.Fatalf("the emulator took %d: %v", limit+1, err)
			}
			// Prefetch tasks are followed like refresh tasks.
			p, err := c.Wait(context.Background(), svc, res.TaskIDs, nil, refresh.DefaultBackoff, nil)
			if err != nil || p.Status != refresh.StatusComplete {
				t.Fatalf("wait: %v %+v", err, p)
			}
		})
	}
}

func TestPreloadQueueFullIsRetried(t *testing.T) {
	c, srv, _ := clockedClient(t, time.Second)
	srv.InjectFault(emulator.Fault{Kind: emulator.FaultQueueFull, Count: 2, Actions: []string{"PushObjectCache"}})
	if _, err := c.Preload(context.Background(), refresh.Preload{Service: refresh.CDN, Paths: []string{"example.com/a"}}); err != nil {
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
	ref, err := c.Refresh(context.Background(), refresh.Request{Service: refresh.CDN, ObjectType: refresh.File, Paths: paths})
	if err != nil {
		t.Fatal(err)
	}
	srv.InjectFault(emulator.Fault{Kind: emulator.FaultDrop, Count: 1, Actions: []string{"PushObjectCache"}})
	res, err := c.Preload(context.Background(), refresh.Preload{Service: refresh.CDN, Paths: paths})
	if err != nil {
		t.Fatal(err)
	}
	if _, accepted := calls(srv, "PushObjectCache"); accepted != 1 || res.TaskID == ref.TaskID {
		t.Fatalf("prefetch accepted %d times, task %s (the refresh's is %s)", accepted, res.TaskID, ref.TaskID)
	}
}
