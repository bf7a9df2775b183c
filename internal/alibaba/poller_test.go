package alibaba

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/purgeworks/terraform-provider-alicloud/internal/refresh"

	"github.com/purgeworks/terraform-provider-alicloud/internal/emulator"
)

// realClockClient is a client of an emulator on the real clock, whose
// tasks end at once: what one provider process meets in an apply.
func realClockClient(t *testing.T, opts emulator.Options) (*Client, *emulator.Server) {
	t.Helper()
	opts.Credentials = []emulator.Credential{{AccessKeyID: testKey, AccessKeySecret: testSecret}}
	opts.TaskDuration = time.Millisecond
	srv, err := emulator.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	c, err := NewClient(Config{AccessKey: testKey, SecretKey: testSecret, Protocol: "HTTP", Region: DefaultRegion,
		Endpoints: Endpoints{CDN: srv.Addr(), DCDN: srv.Addr(), VOD: srv.Addr()}})
	if err != nil {
		t.Fatal(err)
	}
	return c, srv
}

// directories returns n directory paths on example.com, one task ID each.
func directories(n int) []string {
	dirs := make([]string, n)
	for i := range dirs {
		dirs[i] = fmt.Sprintf("example.com/d%d/", i)
	}
	return dirs
}

// TestWaitsShareLookups: 30 waits on one client, each for its own task,
// share the poller's rounds: ten IDs a call, not a call each.
func TestWaitsShareLookups(t *testing.T) {
	c, srv := realClockClient(t, emulator.Options{})
	res, err := c.Refresh(context.Background(), baseRequest(refresh.CDN, refresh.Directory, directories(30)))
	if err != nil || len(res.TaskIDs) != 30 {
		t.Fatalf("%v, %d IDs", err, len(res.TaskIDs))
	}
	var wg sync.WaitGroup
	for _, id := range res.TaskIDs {
		wg.Go(func() {
			p, err := c.Wait(context.Background(), refresh.CDN, []string{id}, nil, refresh.DefaultBackoff, nil)
			if err != nil || p.Status != refresh.StatusComplete || len(p.Tasks) != 1 || p.Tasks[0].ID != id {
				t.Errorf("task %s: %v, %+v", id, err, p)
			}
		})
	}
	wg.Wait()
	// One round of three calls; a second round at most, should the
	// machine be so slow that the waits wake more than gatherWindow apart.
	all, accepted := calls(srv, "DescribeRefreshTaskById")
	if accepted > 6 || all != accepted {
		t.Fatalf("%d look-ups, %d accepted; want 3 to 6, none refused", all, accepted)
	}
}

// TestLookupsKeepWithinTheRate: twelve VOD tasks take twelve look-ups
// (VOD has no by-ID look-up), more than its 5 a second: the pacer spaces
// them so that none is refused, whether Alibaba counts calendar seconds
// or the last second at each call.
func TestLookupsKeepWithinTheRate(t *testing.T) {
	for _, sliding := range []bool{false, true} {
		t.Run(fmt.Sprintf("sliding=%v", sliding), func(t *testing.T) {
			c, srv := realClockClient(t, emulator.Options{SlidingSecond: sliding})
			res, err := c.Refresh(context.Background(), baseRequest(refresh.VOD, refresh.Directory, directories(12)))
			if err != nil || len(res.TaskIDs) != 12 {
				t.Fatalf("%v, %d IDs", err, len(res.TaskIDs))
			}
			tasks, err := c.TasksByID(context.Background(), refresh.VOD, res.TaskIDs)
			if err != nil || len(tasks) != 12 {
				t.Fatalf("%v, %d tasks", err, len(tasks))
			}
			if all, accepted := calls(srv, "DescribeVodRefreshTasks"); all != 12 || accepted != 12 {
				t.Fatalf("%d look-ups, %d accepted; want 12, none refused", all, accepted)
			}
		})
	}
}
