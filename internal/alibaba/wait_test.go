package alibaba

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/purgeworks/terraform-provider-alicloud/internal/refresh"

	"github.com/purgeworks/terraform-provider-alicloud/internal/emulator"
)

// clockedClient serves the emulator on a manual clock that the client's
// sleep advances: waiting costs no real time, and look-ups land when the
// schedule says.
func clockedClient(t testing.TB, taskDuration time.Duration) (*Client, *emulator.Server, *emulator.ManualClock) {
	t.Helper()
	clock := emulator.NewManualClock(time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC))
	srv, err := emulator.Start(emulator.Options{
		Credentials:  []emulator.Credential{{AccessKeyID: testKey, AccessKeySecret: testSecret}},
		Clock:        clock,
		TaskDuration: taskDuration,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	c, err := NewClient(Config{AccessKey: testKey, SecretKey: testSecret, Region: DefaultRegion, Protocol: "HTTP",
		Endpoints: Endpoints{CDN: srv.Addr(), DCDN: srv.Addr(), VOD: srv.Addr()}}, WithClock(manualClock{clock}))
	if err != nil {
		t.Fatal(err)
	}
	return c, srv, clock
}

func TestWaitUntilComplete(t *testing.T) {
	c, srv, _ := clockedClient(t, 5*time.Second)
	res, err := c.Refresh(context.Background(), refresh.Request{Service: refresh.CDN, ObjectType: refresh.File, Paths: []string{"example.com/a.js", "example.com/b.js"}})
	if err != nil {
		t.Fatal(err)
	}
	var seen []string
	p, err := c.Wait(context.Background(), refresh.CDN, res.TaskIDs, nil, refresh.DefaultBackoff, func(p refresh.Progress) { seen = append(seen, p.Status) })
	if err != nil {
		t.Fatal(err)
	}
	// Look-ups at 1 s, 3 s and 7 s: complete from 5 s on.
	if p.Status != refresh.StatusComplete || p.Percent != 100 || len(p.Tasks) != 2 || fmt.Sprint(seen) != "[Refreshing Refreshing Complete]" {
		t.Fatalf("progress %+v, seen %v", p, seen)
	}
	if n := len(srv.Accepted("DescribeRefreshTaskById")); n != 3 {
		t.Fatalf("%d look-ups, want 3", n)
	}
}

// TestWaitThroughPending: CDN and DCDN tasks may report Pending before
// Refreshing (reference notes §9); waiting goes on through it, and the
// progress says Pending while every path is.
func TestWaitThroughPending(t *testing.T) {
	for _, svc := range []refresh.Service{refresh.CDN, refresh.DCDN} {
		t.Run(string(svc), func(t *testing.T) {
			c, srv, _ := clockedClient(t, 5*time.Second)
			srv.SetPendingDuration(3 * time.Second)
			res, err := c.Refresh(context.Background(), refresh.Request{Service: svc, ObjectType: refresh.File, Paths: []string{"example.com/a.js", "example.com/b.js"}})
			if err != nil {
				t.Fatal(err)
			}
			var seen []string
			p, err := c.Wait(context.Background(), svc, res.TaskIDs, nil, refresh.DefaultBackoff, func(p refresh.Progress) { seen = append(seen, p.Status) })
			if err != nil {
				t.Fatal(err)
			}
			// Look-ups at 1 s, 3 s, 7 s and 15 s: Pending until 3 s,
			// Refreshing until 8 s.
			if p.Status != refresh.StatusComplete || p.Percent != 100 || len(p.Tasks) != 2 || fmt.Sprint(seen) != "[Pending Refreshing Refreshing Complete]" {
				t.Fatalf("progress %+v, seen %v", p, seen)
			}
			if n := len(srv.Accepted(map[refresh.Service]string{refresh.CDN: "DescribeRefreshTaskById", refresh.DCDN: "DescribeDcdnRefreshTaskById"}[svc])); n != 4 {
				t.Fatalf("%d look-ups, want 4", n)
			}
		})
	}
}

func TestWaitReportsFailure(t *testing.T) {
	c, srv, _ := clockedClient(t, 2*time.Second)
	srv.FailNextTasks(1, "Origin Timeout")
	res, err := c.Refresh(context.Background(), refresh.Request{Service: refresh.DCDN, ObjectType: refresh.Directory, Paths: []string{"example.com/a/", "example.com/b/"}})
	if err != nil {
		t.Fatal(err)
	}
	p, err := c.Wait(context.Background(), refresh.DCDN, res.TaskIDs, nil, refresh.DefaultBackoff, nil)
	if err != nil {
		t.Fatal(err)
	}
	if p.Status != refresh.StatusFailed || !strings.Contains(p.Failures(), "example.com/a/ (task ") ||
		!strings.Contains(p.Failures(), "Origin Timeout") || strings.Contains(p.Failures(), "example.com/b/") {
		t.Fatalf("progress %+v, failures %q", p, p.Failures())
	}
}

// TestWaitJudgesOwnPaths: two refreshes of one domain merged into one task
// ID; the other's path fails. Waiting for this one's paths sees it
// complete, with its own progress; waiting for the other's sees it fail.
func TestWaitJudgesOwnPaths(t *testing.T) {
	c, srv, _ := clockedClient(t, 2*time.Second)
	srv.FailPath("example.com/theirs.js", "Origin Timeout")
	srv.SetReportScheme(true)
	mine := []string{"example.com/mine.js", "example.com/图.png"}
	theirs := []string{"example.com/theirs.js"}
	a, errA := c.Refresh(context.Background(), refresh.Request{Service: refresh.CDN, ObjectType: refresh.File, Paths: mine})
	b, errB := c.Refresh(context.Background(), refresh.Request{Service: refresh.CDN, ObjectType: refresh.File, Paths: theirs})
	if errA != nil || errB != nil || a.TaskID != b.TaskID {
		t.Fatalf("not merged: %v %v, %s and %s", errA, errB, a.TaskID, b.TaskID)
	}
	p, err := c.Wait(context.Background(), refresh.CDN, a.TaskIDs, mine, refresh.DefaultBackoff, nil)
	if err != nil || p.Status != refresh.StatusComplete || p.Percent != 100 || len(p.Tasks) != 2 {
		t.Fatalf("mine: %v, %+v", err, p)
	}
	p, err = c.Wait(context.Background(), refresh.CDN, b.TaskIDs, theirs, refresh.DefaultBackoff, nil)
	if err != nil || p.Status != refresh.StatusFailed || p.Failures() != "http://example.com/theirs.js (task "+b.TaskID+"): Origin Timeout" {
		t.Fatalf("theirs: %v, %+v", err, p)
	}
}

func TestWaitEndsWithContext(t *testing.T) {
	c, _, _ := clockedClient(t, time.Hour)
	res, err := c.Refresh(context.Background(), refresh.Request{Service: refresh.VOD, ObjectType: refresh.File, Paths: []string{"example.com/a.mp4"}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	looks := 0
	p, err := c.Wait(ctx, refresh.VOD, res.TaskIDs, nil, refresh.DefaultBackoff, func(refresh.Progress) {
		if looks++; looks == 3 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) || p.Status != refresh.StatusRefreshing || looks != 3 {
		t.Fatalf("err %v, progress %+v after %d look-ups", err, p, looks)
	}
}

// TestLookupsBatchIDs: the by-ID look-ups take ten IDs a call; VOD has
// none and filters its task list on one ID a call.
func TestLookupsBatchIDs(t *testing.T) {
	dirs := make([]string, 25)
	for i := range dirs {
		dirs[i] = fmt.Sprintf("example.com/d%d/", i)
	}
	for svc, action := range map[refresh.Service]string{refresh.CDN: "DescribeRefreshTaskById", refresh.EdgeRoutine: "DescribeDcdnRefreshTaskById", refresh.VOD: "DescribeVodRefreshTasks"} {
		c, srv, _ := clockedClient(t, time.Second)
		res, err := c.Refresh(context.Background(), baseRequest(svc, refresh.Directory, dirs)) // one ID a directory
		if err != nil || len(res.TaskIDs) != 25 {
			t.Fatalf("%s: %v, %d IDs", svc, err, len(res.TaskIDs))
		}
		tasks, err := c.TasksByID(context.Background(), svc, res.TaskIDs)
		if err != nil || len(tasks) != 25 {
			t.Fatalf("%s: %v, %d tasks", svc, err, len(tasks))
		}
		want := map[refresh.Service]int{refresh.CDN: 3, refresh.EdgeRoutine: 3, refresh.VOD: 25}[svc]
		if n := len(srv.Accepted(action)); n != want {
			t.Errorf("%s: %d %s calls, want %d", svc, n, action, want)
		}
	}
}

func TestListTasksFollowsPages(t *testing.T) {
	c, srv, _ := clockedClient(t, time.Second)
	for i := 0; i < 3; i++ {
		paths := make([]string, 100)
		for j := range paths {
			paths[j] = fmt.Sprintf("example.com/%d/%d.js", i, j)
		}
		if _, err := c.Refresh(context.Background(), refresh.Request{Service: refresh.DCDN, ObjectType: refresh.File, Paths: paths}); err != nil {
			t.Fatal(err)
		}
	}
	tasks, err := c.ListTasks(context.Background(), refresh.DCDN, refresh.TaskFilter{})
	if err != nil || len(tasks) != 300 {
		t.Fatalf("%v, %d tasks", err, len(tasks))
	}
	// 300 tasks, 50 a page (DCDN's largest), paced under 5 calls a second.
	if n := len(srv.Accepted("DescribeDcdnRefreshTasks")); n != 6 {
		t.Fatalf("%d pages read, want 6", n)
	}
	for _, r := range srv.Requests() {
		if r.Code != "" {
			t.Fatalf("a call was refused: %+v", r)
		}
	}
	one, err := c.ListTasks(context.Background(), refresh.DCDN, refresh.TaskFilter{ObjectPath: "example.com/1/7.js"})
	if err != nil || len(one) != 1 || one[0].ObjectPath != "example.com/1/7.js" || one[0].ObjectType != "file" {
		t.Fatalf("%v, %+v", err, one)
	}
}

func TestQuota(t *testing.T) {
	c, _, _ := clockedClient(t, time.Second)
	if _, err := c.Refresh(context.Background(), refresh.Request{Service: refresh.CDN, ObjectType: refresh.File, Paths: []string{"example.com/a", "example.com/b", "example.com/c"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Refresh(context.Background(), baseRequest(refresh.EdgeRoutine, refresh.Directory, []string{"example.com/d/"})); err != nil {
		t.Fatal(err)
	}
	q, err := c.Quota(context.Background(), refresh.CDN)
	if err != nil || *q.URLQuota != 10000 || *q.URLRemain != 9997 || *q.RegexQuota != 20 || *q.IgnoreParamsRemain != 100 {
		t.Fatalf("cdn %v %+v", err, q)
	}
	q, err = c.Quota(context.Background(), refresh.DCDN) // edge routine spends DCDN's quota
	if err != nil || *q.DirRemain != 99 {
		t.Fatalf("dcdn %v %+v", err, q)
	}
	q, err = c.Quota(context.Background(), refresh.VOD)
	if err != nil || *q.URLQuota != 2000 || q.RegexQuota != nil || q.IgnoreParamsQuota != nil {
		t.Fatalf("vod %v %+v", err, q)
	}
}

// TestLookupsRetryThrottling: a throttled or failing look-up is tried
// again.
func TestLookupsRetryThrottling(t *testing.T) {
	c, srv, _ := clockedClient(t, time.Second)
	res, err := c.Refresh(context.Background(), refresh.Request{Service: refresh.CDN, ObjectType: refresh.File, Paths: []string{"example.com/a"}})
	if err != nil {
		t.Fatal(err)
	}
	srv.InjectFault(emulator.Fault{Kind: emulator.FaultThrottle, Count: 1, Actions: []string{"DescribeRefreshTaskById"}})
	srv.InjectFault(emulator.Fault{Kind: emulator.FaultServerError, Count: 1, Actions: []string{"DescribeRefreshTaskById"}})
	tasks, err := c.TasksByID(context.Background(), refresh.CDN, res.TaskIDs)
	if err != nil || len(tasks) != 1 {
		t.Fatalf("%v, %d tasks", err, len(tasks))
	}
	if n := len(srv.Accepted("DescribeRefreshTaskById")); n != 1 {
		t.Fatalf("%d accepted look-ups, want 1", n)
	}
}

// BenchmarkWait follows one task of several lengths through the emulator
// and reports the look-ups it cost and how late its completion was seen,
// in the emulator's time (the client's waits move its clock), for the
// default backoff and for one with a 60 s ceiling.
//
//	go test ./internal/refresh -run '^$' -bench Wait
func BenchmarkWait(b *testing.B) {
	backoffs := map[string]refresh.Backoff{"ceiling=30s": refresh.DefaultBackoff, "ceiling=60s": {Initial: time.Second, Factor: 2, Max: time.Minute}}
	for _, name := range []string{"ceiling=30s", "ceiling=60s"} {
		for _, length := range []time.Duration{time.Second, 5 * time.Second, 30 * time.Second, 2 * time.Minute, 5 * time.Minute, 5*time.Minute + 10*time.Second, 6 * time.Minute} {
			b.Run(fmt.Sprintf("%s/task=%s", name, length), func(b *testing.B) {
				c, srv, clock := clockedClient(b, length)
				var lookups, late float64
				for range b.N {
					before := len(srv.Accepted("DescribeRefreshTaskById"))
					res, err := c.Refresh(context.Background(), refresh.Request{Service: refresh.CDN, ObjectType: refresh.File, Paths: []string{"example.com/a.js"}})
					if err != nil {
						b.Fatal(err)
					}
					start := clock.Now()
					if _, err := c.Wait(context.Background(), refresh.CDN, res.TaskIDs, nil, backoffs[name], nil); err != nil {
						b.Fatal(err)
					}
					lookups += float64(len(srv.Accepted("DescribeRefreshTaskById")) - before)
					late += clock.Now().Sub(start.Add(length)).Seconds()
					clock.Advance(24 * time.Hour) // a new day: fresh quota, old tasks forgotten
				}
				b.ReportMetric(lookups/float64(b.N), "lookups/task")
				b.ReportMetric(late/float64(b.N), "s-late")
			})
		}
	}
}

// TestWaitOutlastsFailingLookups: look-ups that stay throttled past their
// own retries only delay the news; waiting goes on until the task is seen
// complete, and each failure is told.
func TestWaitOutlastsFailingLookups(t *testing.T) {
	c, srv, _ := clockedClient(t, 5*time.Second)
	var told []string
	c.Notify = func(_ context.Context, msg string, _ map[string]any) { told = append(told, msg) }
	res, err := c.Refresh(context.Background(), refresh.Request{Service: refresh.CDN, ObjectType: refresh.File, Paths: []string{"example.com/a.js"}})
	if err != nil {
		t.Fatal(err)
	}
	// Two whole look-ups fail, each after its retries.
	srv.InjectFault(emulator.Fault{Kind: emulator.FaultThrottle, Count: 2 * (lookupRetries + 1), Actions: []string{"DescribeRefreshTaskById"}})
	p, err := c.Wait(context.Background(), refresh.CDN, res.TaskIDs, nil, refresh.DefaultBackoff, nil)
	if err != nil || p.Status != refresh.StatusComplete {
		t.Fatalf("err %v, progress %+v", err, p)
	}
	if len(told) != 2 {
		t.Fatalf("told %q, want two failed look-ups", told)
	}
}

// TestWaitNamesTheLastFailedLookup: when the wait ends while look-ups fail,
// the error says why there was no news.
func TestWaitNamesTheLastFailedLookup(t *testing.T) {
	c, srv, _ := clockedClient(t, time.Hour)
	res, err := c.Refresh(context.Background(), refresh.Request{Service: refresh.DCDN, ObjectType: refresh.File, Paths: []string{"example.com/a.js"}})
	if err != nil {
		t.Fatal(err)
	}
	srv.InjectFault(emulator.Fault{Kind: emulator.FaultServerError, Count: 1000, Actions: []string{"DescribeDcdnRefreshTaskById"}})
	ctx, cancel := context.WithCancel(context.Background())
	failures := 0
	c.Notify = func(context.Context, string, map[string]any) {
		if failures++; failures == 3 {
			cancel()
		}
	}
	_, err = c.Wait(ctx, refresh.DCDN, res.TaskIDs, nil, refresh.DefaultBackoff, nil)
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "the last look-up failed: DescribeDcdnRefreshTaskById: ") {
		t.Fatalf("err %v", err)
	}
}
