package alibaba

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/purgeworks/terraform-provider-alicloud/internal/refresh"

	"github.com/purgeworks/terraform-provider-alicloud/internal/emulator"
)

// calls counts the emulator's requests of an action: all, and accepted.
func calls(srv *emulator.Server, action string) (all, accepted int) {
	for _, r := range srv.Requests() {
		if r.Action == action {
			all++
		}
	}
	return all, len(srv.Accepted(action))
}

// TestTransientFailuresEndInOneSubmission: each transient answer is
// repeated until accepted, and exactly one submission takes effect.
func TestTransientFailuresEndInOneSubmission(t *testing.T) {
	for _, f := range []emulator.Fault{
		{Kind: emulator.FaultThrottle, Count: 2},
		{Kind: emulator.FaultServerError, Count: 2},
		{Kind: emulator.FaultQueueFull, Count: 2},
		{Kind: emulator.FaultPerMinute, Count: 1},
		{Kind: emulator.FaultDrop, Count: 1}, // dropped before it took effect: repeated
	} {
		t.Run(string(f.Kind), func(t *testing.T) {
			c, srv, clock := clockedClient(t, time.Second)
			f.Actions = []string{"RefreshDcdnObjectCaches"}
			srv.InjectFault(f)
			start := clock.Now()
			res, err := c.Refresh(context.Background(), refresh.Request{Service: refresh.DCDN, ObjectType: refresh.File, Paths: []string{"example.com/a.js"}})
			if err != nil || len(res.TaskIDs) != 1 {
				t.Fatalf("%v, %+v", err, res)
			}
			all, accepted := calls(srv, "RefreshDcdnObjectCaches")
			if accepted != 1 || all != f.Count+1 {
				t.Fatalf("%d calls, %d accepted; want %d and 1", all, accepted, f.Count+1)
			}
			if f.Kind == emulator.FaultPerMinute && clock.Now().Truncate(time.Minute).Equal(start.Truncate(time.Minute)) {
				t.Fatalf("repeated within the same minute (%s, %s)", start, clock.Now())
			}
		})
	}
}

// TestAmbiguousFailureIsNotRepeatedWhenItLanded: the connection dropped
// after the refresh took effect; the task list shows it, so it is not
// sent again and its task ID is kept.
func TestAmbiguousFailureIsNotRepeatedWhenItLanded(t *testing.T) {
	c, srv, _ := clockedClient(t, time.Second)
	srv.InjectFault(emulator.Fault{Kind: emulator.FaultDrop, Count: 1, AfterProcessing: true, Actions: []string{"RefreshObjectCaches"}})
	paths := []string{"example.com/a.js", "example.com/b.js", "other.example.com/c.js"}
	res, err := c.Refresh(context.Background(), refresh.Request{Service: refresh.CDN, ObjectType: refresh.File, Paths: paths})
	if err != nil {
		t.Fatal(err)
	}
	all, accepted := calls(srv, "RefreshObjectCaches")
	if all != 1 || accepted != 1 {
		t.Fatalf("%d calls, %d accepted; want 1 and 1", all, accepted)
	}
	var want []string
	for _, task := range srv.Tasks() {
		if !strings.Contains(strings.Join(want, ","), task.TaskID) {
			want = append(want, task.TaskID)
		}
	}
	if len(res.TaskIDs) != 2 || strings.Join(res.TaskIDs, ",") != strings.Join(want, ",") {
		t.Fatalf("recovered %v, the emulator has %v", res.TaskIDs, want)
	}
}

// TestLandedCallFoundWhateverTheListSpellsIt: the task list may report a
// path with http:// added, or encoded; the lost-answer check compares by
// target, so the call that landed is found and not sent again.
func TestLandedCallFoundWhateverTheListSpellsIt(t *testing.T) {
	for _, reportScheme := range []bool{false, true} {
		c, srv, _ := clockedClient(t, time.Second)
		srv.SetReportScheme(reportScheme)
		srv.InjectFault(emulator.Fault{Kind: emulator.FaultDrop, Count: 1, AfterProcessing: true, Actions: []string{"RefreshDcdnObjectCaches"}})
		paths := []string{"Example.com:80/a.js", "example.com/新闻 today.html", "example.com/%7Euser/b.js"}
		res, err := c.Refresh(context.Background(), refresh.Request{Service: refresh.DCDN, ObjectType: refresh.File, Paths: paths})
		if err != nil {
			t.Fatal(err)
		}
		if all, accepted := calls(srv, "RefreshDcdnObjectCaches"); all != 1 || accepted != 1 {
			t.Fatalf("report scheme %v: %d calls, %d accepted; want 1 and 1", reportScheme, all, accepted)
		}
		if tasks := srv.Tasks(); len(res.TaskIDs) != 1 || res.TaskIDs[0] != tasks[0].TaskID {
			t.Fatalf("report scheme %v: recovered %v, the emulator has %+v", reportScheme, res.TaskIDs, tasks)
		}
	}
}

// TestLostRegexNotTakenForAnother: a Regex call is lost before Alibaba saw
// it; a moment earlier another pattern, the same URL but for the case of
// its hex, was refreshed. The patterns match different URLs, so the lost
// one is sent again, not taken for landed.
func TestLostRegexNotTakenForAnother(t *testing.T) {
	c, srv, _ := clockedClient(t, time.Second)
	if _, err := c.Refresh(context.Background(), refresh.Request{Service: refresh.CDN, ObjectType: refresh.Regex, Paths: []string{"example.com/img/%e5.*"}}); err != nil {
		t.Fatal(err)
	}
	srv.InjectFault(emulator.Fault{Kind: emulator.FaultDrop, Count: 1, Actions: []string{"RefreshObjectCaches"}})
	res, err := c.Refresh(context.Background(), refresh.Request{Service: refresh.CDN, ObjectType: refresh.Regex, Paths: []string{"example.com/img/%E5.*"}})
	if err != nil {
		t.Fatal(err)
	}
	if all, accepted := calls(srv, "RefreshObjectCaches"); all != 3 || accepted != 2 {
		t.Fatalf("%d calls, %d accepted; want 3 and 2: the lost pattern sent again", all, accepted)
	}
	if tasks := srv.Tasks(); len(tasks) != 2 || res.TaskID != tasks[1].TaskID || tasks[1].ObjectPath != "example.com/img/%E5.*" {
		t.Fatalf("task %s, the emulator has %+v", res.TaskID, tasks)
	}
}

// TestPermanentFailuresAreTriedOnce: refusals repeating cannot help are
// reported at once, with Alibaba's code, message and RequestId.
func TestPermanentFailuresAreTriedOnce(t *testing.T) {
	tests := []struct {
		code  string
		setup func(*testing.T) (*Client, *emulator.Server)
		req   refresh.Request
	}{
		{"QuotaExceeded.Refresh", func(t *testing.T) (*Client, *emulator.Server) {
			c, srv, _ := clockedClient(t, time.Second)
			for i := 0; i < 20; i++ { // CDN: 20 regular expressions a day
				if _, err := c.Refresh(context.Background(), refresh.Request{Service: refresh.CDN, ObjectType: refresh.Regex, Paths: []string{fmt.Sprintf("example.com/%d/.*", i)}}); err != nil {
					t.Fatal(err)
				}
			}
			srv.ResetRequests()
			return c, srv
		}, refresh.Request{Service: refresh.CDN, ObjectType: refresh.Regex, Paths: []string{"example.com/x/.*"}}},
		{"InvalidDomain.NotFound", func(t *testing.T) (*Client, *emulator.Server) {
			srv, _ := emulator.Start(emulator.Options{Credentials: []emulator.Credential{{AccessKeyID: testKey, AccessKeySecret: testSecret}}, Domains: []string{"mine.example.com"}})
			t.Cleanup(func() { _ = srv.Close() })
			c, _ := NewClient(Config{AccessKey: testKey, SecretKey: testSecret, Region: DefaultRegion, Protocol: "HTTP", Endpoints: Endpoints{VOD: srv.Addr()}})
			return c, srv
		}, refresh.Request{Service: refresh.VOD, ObjectType: refresh.File, Paths: []string{"theirs.example.com/a.mp4"}}},
		{"SignatureDoesNotMatch", func(t *testing.T) (*Client, *emulator.Server) {
			return newTestClient(t, emulator.Credential{AccessKeyID: testKey, AccessKeySecret: testSecret}, Config{AccessKey: testKey, SecretKey: "wrong"})
		}, refresh.Request{Service: refresh.CDN, ObjectType: refresh.File, Paths: []string{"example.com/a"}}},
		{"InvalidAccessKeyId.NotFound", func(t *testing.T) (*Client, *emulator.Server) {
			return newTestClient(t, emulator.Credential{AccessKeyID: testKey, AccessKeySecret: testSecret}, Config{AccessKey: "unknown", SecretKey: testSecret})
		}, refresh.Request{Service: refresh.DCDN, ObjectType: refresh.File, Paths: []string{"example.com/a"}}},
	}
	for _, tc := range tests {
		t.Run(tc.code, func(t *testing.T) {
			c, srv := tc.setup(t)
			_, err := c.Refresh(context.Background(), tc.req)
			var apiErr *APIError
			if !errors.As(err, &apiErr) || apiErr.Code != tc.code || apiErr.RequestID == "" {
				t.Fatalf("want %s with a RequestId and advice, got %v", tc.code, err)
			}
			if all, _ := calls(srv, tc.req.Service.Operation()); all != 1 {
				t.Fatalf("tried %d times, want once", all)
			}
		})
	}
}

func TestTransientFailureStopsAtTheDeadline(t *testing.T) {
	c, srv, _ := clockedClient(t, time.Second)
	srv.InjectFault(emulator.Fault{Kind: emulator.FaultThrottle, Count: 1000, Actions: []string{"RefreshObjectCaches"}})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err := c.Refresh(ctx, refresh.Request{Service: refresh.CDN, ObjectType: refresh.File, Paths: []string{"example.com/a"}})
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Code != "TooManyRequests" {
		t.Fatalf("want the last throttling answer, got %v", err)
	}
	if _, accepted := calls(srv, "RefreshObjectCaches"); accepted != 0 {
		t.Fatal("a call was accepted")
	}
}

func TestSplitSendsEveryPathOnce(t *testing.T) {
	manyDomains := make([]string, 0, 25)
	for i := 0; i < 25; i++ {
		manyDomains = append(manyDomains, fmt.Sprintf("https://d%d.example.com/a.js", i))
	}
	var erPaths []string
	for i := 0; i < 30; i++ {
		erPaths = append(erPaths, fmt.Sprintf("api%d.example.com/v/%d", i%3, i))
	}
	tests := []struct {
		name      string
		req       refresh.Request
		requests  int
		perDomain int // most domains one request may name; 0: no limit
	}{
		{"2,500 CDN URLs", refresh.Request{Service: refresh.CDN, ObjectType: refresh.File, Paths: urls("example.com", 2500)}, 3, 10},
		{"25 domains on CDN", refresh.Request{Service: refresh.CDN, ObjectType: refresh.File, Paths: manyDomains}, 3, 10},
		{"edge routine across 3 domains", refresh.Request{Service: refresh.EdgeRoutine, ObjectType: refresh.File, Paths: erPaths, RoutineID: "r.s"}, 3, 1},
		{"3 regular expressions", refresh.Request{Service: refresh.DCDN, ObjectType: refresh.Regex, Paths: []string{"a.com/1/.*", "a.com/2/.*", "b.com/3/.*"}}, 3, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, srv, _ := clockedClient(t, time.Second)
			tc.req.Split = true
			if ps := tc.req.Validate(); len(ps) != 0 {
				t.Fatalf("split request refused: %v", ps)
			}
			res, err := c.Refresh(context.Background(), tc.req)
			if err != nil {
				t.Fatal(err)
			}
			sent := srv.Accepted(tc.req.Service.Operation())
			if len(sent) != tc.requests || len(srv.Requests()) != tc.requests+1 { // +1: the quota look-up
				t.Fatalf("%d requests accepted of %d sent, want %d", len(sent), len(srv.Requests())-1, tc.requests)
			}
			seen := map[string]int{}
			for _, r := range sent {
				part := strings.Split(r.Params["ObjectPath"], "\n")
				probe := refresh.Request{Service: tc.req.Service, ObjectType: tc.req.ObjectType, Paths: part, RoutineID: tc.req.RoutineID}
				if ps := probe.Validate(); len(ps) != 0 {
					t.Fatalf("a request broke a per-request rule: %v", ps)
				}
				for _, p := range part {
					seen[p]++
				}
			}
			for _, p := range tc.req.Paths {
				if seen[p] != 1 {
					t.Fatalf("%s sent %d times", p, seen[p])
				}
			}
			if len(seen) != len(tc.req.Paths) || len(res.TaskIDs) == 0 || res.TaskID != strings.Join(res.TaskIDs, ",") {
				t.Fatalf("result %+v", res)
			}
		})
	}
}

func TestSplitPreflightRefusesWhatTheQuotaCannotCover(t *testing.T) {
	c, srv, _ := clockedClient(t, time.Second)
	if _, err := c.Refresh(context.Background(), refresh.Request{Service: refresh.VOD, ObjectType: refresh.File, Paths: urls("example.com", 1000)}); err != nil {
		t.Fatal(err)
	}
	srv.ResetRequests()
	_, err := c.Refresh(context.Background(), refresh.Request{Service: refresh.VOD, ObjectType: refresh.File, Paths: urls("example.com", 1500), Split: true})
	var short *refresh.QuotaShortError
	if !errors.As(err, &short) || short.Need != 1500 || short.Remain != 1000 || !strings.Contains(err.Error(), "1,500 File paths of today's vod quota, and 1,000 of 2,000 remain: nothing was sent") {
		t.Fatalf("want a quota refusal with the numbers, got %v", err)
	}
	if reqs := srv.Requests(); len(reqs) != 1 || reqs[0].Action != "DescribeVodRefreshQuota" {
		t.Fatalf("want only the quota look-up, got %+v", reqs)
	}
}

func TestSplitStoppedMidwayKeepsWhatWasSubmitted(t *testing.T) {
	srv, err := emulator.Start(emulator.Options{Credentials: []emulator.Credential{{AccessKeyID: testKey, AccessKeySecret: testSecret}}, Domains: []string{"mine.example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	c, _ := NewClient(Config{AccessKey: testKey, SecretKey: testSecret, Region: DefaultRegion, Protocol: "HTTP", Endpoints: Endpoints{DCDN: srv.Addr()}})
	paths := []string{"mine.example.com/a", "theirs.example.com/b", "mine.example.com/c"}
	res, err := c.Refresh(context.Background(), refresh.Request{Service: refresh.EdgeRoutine, ObjectType: refresh.File, Paths: paths, RoutineID: "r.s", Split: true})
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Code != "InvalidDomain.NotFound" {
		t.Fatalf("want the refusal of the second request, got %v", err)
	}
	if len(res.TaskIDs) != 1 || res.TaskID != res.TaskIDs[0] {
		t.Fatalf("want the first request's task kept, got %+v", res)
	}
	if _, accepted := calls(srv, "RefreshErObjectCaches"); accepted != 1 {
		t.Fatalf("%d accepted", accepted)
	}
}

func TestPacer(t *testing.T) {
	p := NewPacers().of("dcdn|")
	t0 := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	// 30 calls a second: 30 at once, the 31st when the first leaves the
	// window (a second and the margin).
	for i := range 30 {
		if got := p.reserve(t0, "op", 30, 0, nil); got != 0 {
			t.Errorf("call %d waits %v, want none", i, got)
		}
	}
	if got, want := p.reserve(t0, "op", 30, 0, nil), time.Second+callWindowMargin; got != want {
		t.Errorf("call 31 waits %v, want %v", got, want)
	}
	// 1,000 URLs a minute per domain, sliding.
	if got := p.reserve(t0, "urls", 0, 1000, map[string]int{"a.com": 600}); got != 0 {
		t.Errorf("first 600 wait %v", got)
	}
	if got := p.reserve(t0.Add(10*time.Second), "urls", 0, 1000, map[string]int{"b.com": 1000}); got != 0 {
		t.Errorf("another domain waits %v", got)
	}
	if got := p.reserve(t0.Add(10*time.Second), "urls", 0, 1000, map[string]int{"a.com": 400}); got != 0 {
		t.Errorf("the rest of a.com's minute waits %v", got)
	}
	got := p.reserve(t0.Add(20*time.Second), "urls", 0, 1000, map[string]int{"a.com": 1, "b.com": 1})
	if want := 50*time.Second + time.Millisecond; got != want { // until b.com's 1,000 leave the window at t0+70s
		t.Errorf("waits %v, want %v", got, want)
	}
}

// BenchmarkSplit pushes 10,000 DCDN URLs (a day's quota) over 20, 10, 5 and 2
// domains through the emulator, whose clock the client's waits move, and
// reports the time taken against the quota-bound minimum: 1,000 URLs per
// domain per minute, the last minute's batch sent as it opens. Refused
// calls are counted; pacing should leave none.
//
//	go test ./internal/refresh -run '^$' -bench Split -benchtime 1x
func BenchmarkSplit(b *testing.B) {
	const total, perMinute = 10000, 1000
	for _, domains := range []int{20, 10, 5, 2} {
		b.Run(fmt.Sprintf("domains=%d", domains), func(b *testing.B) {
			var took, refused float64
			for range b.N {
				c, srv, clock := clockedClient(b, time.Second)
				paths := make([]string, 0, total)
				for i := 0; i < total; i++ {
					paths = append(paths, fmt.Sprintf("d%d.example.com/f%d.js", i%domains, i))
				}
				start := clock.Now()
				if _, err := c.Refresh(context.Background(), refresh.Request{Service: refresh.DCDN, ObjectType: refresh.File, Paths: paths, Split: true}); err != nil {
					b.Fatal(err)
				}
				took += clock.Now().Sub(start).Seconds()
				for _, r := range srv.Requests() {
					if r.Code != "" {
						refused++
					}
				}
			}
			minimum := float64((total/domains+perMinute-1)/perMinute-1) * 60
			b.ReportMetric(took/float64(b.N), "s-taken")
			b.ReportMetric(minimum, "s-minimum")
			if minimum > 0 {
				b.ReportMetric(100*minimum/(took/float64(b.N)), "%-of-bound")
			}
			b.ReportMetric(refused/float64(b.N), "refused")
		})
	}
}

// TestUnreachableEndpointGivesUp: a refused connection is retried, but not
// until the deadline: five in a row end the refresh, each retry announced.
func TestUnreachableEndpointGivesUp(t *testing.T) {
	var slept time.Duration
	c, err := NewClient(Config{AccessKey: "k", SecretKey: "s", Region: DefaultRegion, Protocol: "HTTP", Endpoints: Endpoints{CDN: "127.0.0.1:1"}},
		WithClock(sleepCounter{&slept}))
	if err != nil {
		t.Fatal(err)
	}
	var notes []string
	c.Notify = func(_ context.Context, msg string, fields map[string]any) {
		notes = append(notes, fmt.Sprintf("%s %v", msg, fields["attempt"]))
	}
	_, err = c.Refresh(context.Background(), refresh.Request{Service: refresh.CDN, ObjectType: refresh.File, Paths: []string{"example.com/a"}})
	if err == nil || !strings.Contains(err.Error(), "could not connect 5 times in a row") {
		t.Fatalf("want a give-up after five refusals, got %v", err)
	}
	if len(notes) != 4 || notes[0] != "RefreshObjectCaches failed; trying again 1" {
		t.Fatalf("retries announced: %v", notes)
	}
	if slept < 7*time.Second || slept > 16*time.Second {
		t.Fatalf("waited %v in all, want the backoff of four retries (7.5 to 15 s)", slept)
	}
}

// TestPacerRechecksCallsAtAMovedSlot: callers that one domain's minute
// pushes to the same moment still keep within the calls per second.
func TestPacerRechecksCallsAtAMovedSlot(t *testing.T) {
	p := NewPacers().of("dcdn|")
	t0 := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	p.reserve(t0, "op", 30, 1000, map[string]int{"a.com": 1000})
	now := t0.Add(30 * time.Second)
	var slots []time.Time
	for range 100 {
		slots = append(slots, now.Add(p.reserve(now, "op", 30, 1000, map[string]int{"a.com": 1})))
	}
	for _, s := range slots {
		n := 0
		for _, u := range slots {
			if !u.Before(s) && u.Before(s.Add(time.Second)) {
				n++
			}
		}
		if n > 30 {
			t.Fatalf("%d calls in the second from %v (limit 30)", n, s.Sub(t0))
		}
	}
}

// TestPacerRemembersTheWholeMinute: a call moved later by one domain does
// not make the pacer forget another domain's URLs still in the minute.
func TestPacerRemembersTheWholeMinute(t *testing.T) {
	p := NewPacers().of("dcdn|")
	t0 := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	p.reserve(t0, "op", 0, 1000, map[string]int{"a.com": 950})
	p.reserve(t0.Add(10*time.Second), "op", 0, 1000, map[string]int{"b.com": 1000})
	p.reserve(t0.Add(20*time.Second), "op", 0, 1000, map[string]int{"a.com": 1, "b.com": 1}) // moved to b.com's next minute
	if d := p.reserve(t0.Add(21*time.Second), "op", 0, 1000, map[string]int{"a.com": 100}); d == 0 {
		t.Fatal("a.com took 1,050 URLs within one minute")
	}
}

// TestSplitKeepsWithinTheMinute: 1,500 DCDN URLs on one domain are paced
// over two minutes and no call is refused for the per-minute limit.
func TestSplitKeepsWithinTheMinute(t *testing.T) {
	c, srv, _ := clockedClient(t, time.Second)
	if _, err := c.Refresh(context.Background(), refresh.Request{Service: refresh.DCDN, ObjectType: refresh.File, Paths: urls("example.com", 1500), Split: true}); err != nil {
		t.Fatal(err)
	}
	for _, r := range srv.Requests() {
		if r.Code != "" {
			t.Fatalf("a call was refused: %s %s", r.Action, r.Code)
		}
	}
	if _, accepted := calls(srv, "RefreshDcdnObjectCaches"); accepted != 2 {
		t.Fatalf("%d refreshes accepted, want 2", accepted)
	}
}

// TestAmbiguousFailureAfterAnEarlierRefresh: the same path refreshed half
// a minute earlier is not taken for the call whose connection dropped.
func TestAmbiguousFailureAfterAnEarlierRefresh(t *testing.T) {
	c, srv, clock := clockedClient(t, time.Second)
	paths := []string{"example.com/a.js"}
	first, err := c.Refresh(context.Background(), refresh.Request{Service: refresh.CDN, ObjectType: refresh.File, Paths: paths})
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(30 * time.Second)
	srv.InjectFault(emulator.Fault{Kind: emulator.FaultDrop, Count: 1, Actions: []string{"RefreshObjectCaches"}})
	second, err := c.Refresh(context.Background(), refresh.Request{Service: refresh.CDN, ObjectType: refresh.File, Paths: paths})
	if err != nil {
		t.Fatal(err)
	}
	if _, accepted := calls(srv, "RefreshObjectCaches"); accepted != 2 || second.TaskID == first.TaskID {
		t.Fatalf("the dropped refresh was not sent again: %d accepted, tasks %s and %s", accepted, first.TaskID, second.TaskID)
	}
}

// TestParallelCalls shares one client between goroutines, as parallel
// resources do; `go test -race` (in CI) checks it.
func TestParallelCalls(t *testing.T) {
	c, srv := testClient(t)
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := c.Refresh(context.Background(), refresh.Request{Service: refresh.DCDN, ObjectType: refresh.File, Paths: []string{fmt.Sprintf("example.com/%d.js", i)}})
			if err == nil {
				_, err = c.TasksByID(context.Background(), refresh.DCDN, res.TaskIDs)
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if _, accepted := calls(srv, "RefreshDcdnObjectCaches"); accepted != 20 {
		t.Fatalf("%d refreshes accepted, want 20", accepted)
	}
}

// TestClassify: the class of each code the issue names, and of codes whose
// HTTP status alone would mislead.
func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		status int
		code   string
		want   class
	}{
		{503, "ServiceUnavailable", transient},
		{500, "InternalError", transient},
		{429, "TooManyRequests", transient},
		{400, "Throttling.User", transient},
		{403, "TooMany.Refresh", transient},
		{403, "ServiceBusy", transient}, // "the domain is configuring, please retry later"
		{400, "QuotaPerMinuteExceeded.Refresh", nextMinute},
		{400, "QuotaExceeded.Refresh", permanent},
		{400, "InvalidObjectPath.Malformed", permanent},
		{400, "InvalidObjectType.ValueNotSupported", permanent},
		{400, "SingleRequest.OverLimit", permanent},
		{400, "InvalidExtensiveDomain.ValueNotSupported", permanent},
		{404, "InvalidDomain.NotFound", permanent},
		{500, "InvalidDomain.Configure_failed", permanent}, // a 500, but repeating cannot help
		{403, "OperationDenied.Suspended", permanent},
		{400, "IllegalOperation", permanent},
		{400, "SignatureDoesNotMatch", permanent},
		{404, "InvalidAccessKeyId.NotFound", permanent},
		{400, "MissingParameter", permanent},
	} {
		if got := classify(&APIError{Operation: "RefreshObjectCaches", HTTPStatus: tc.status, Code: tc.code}); got != tc.want {
			t.Errorf("%s (HTTP %d): class %d, want %d", tc.code, tc.status, got, tc.want)
		}
	}
	if classify(&TransportError{Unsent: true}) != transient || classify(&TransportError{}) != ambiguous || classify(errors.New("x")) != permanent {
		t.Error("transport errors misclassified")
	}
}

// TestRetryIsPacedWhenSent: a call repeated after a wait counts against the
// domain's minute when it is sent, not when it first failed, so the next
// call on the domain waits for that minute too and nothing is refused.
func TestRetryIsPacedWhenSent(t *testing.T) {
	c, srv, clock := clockedClient(t, time.Second)
	clock.Advance(50 * time.Second) // 08:00:50
	urls := func(prefix string, n int) []string {
		paths := make([]string, n)
		for i := range paths {
			paths[i] = fmt.Sprintf("example.com/%s%d", prefix, i)
		}
		return paths
	}
	srv.InjectFault(emulator.Fault{Kind: emulator.FaultPerMinute, Count: 1, Actions: []string{"RefreshDcdnObjectCaches"}})
	if _, err := c.Refresh(context.Background(), refresh.Request{Service: refresh.DCDN, ObjectType: refresh.File, Paths: urls("a", 500)}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Refresh(context.Background(), refresh.Request{Service: refresh.DCDN, ObjectType: refresh.File, Paths: urls("b", 1000)}); err != nil {
		t.Fatal(err)
	}
	// The fault, then two accepted calls: no refusal of the emulator's own.
	if all, accepted := calls(srv, "RefreshDcdnObjectCaches"); all != 3 || accepted != 2 {
		t.Fatalf("%d calls, %d accepted; want 3 and 2", all, accepted)
	}
}

// TestNothingIsSentAfterCancel: a context that has ended stops the refresh
// before anything is sent, every time.
func TestNothingIsSentAfterCancel(t *testing.T) {
	c, srv := testClient(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for range 20 {
		if _, err := c.Refresh(ctx, refresh.Request{Service: refresh.CDN, ObjectType: refresh.File, Paths: []string{"example.com/a.js"}}); !errors.Is(err, context.Canceled) {
			t.Fatalf("err %v, want context.Canceled", err)
		}
	}
	if all, _ := calls(srv, "RefreshObjectCaches"); all != 0 {
		t.Fatalf("%d refreshes sent after the context ended", all)
	}
}

// TestPacersAreSharedByEndpoint: the clients of a process book one pacer
// per API endpoint, shared by the services of one API (edge routine
// refreshes count as DCDN's), unless a client is given its own pacers.
func TestPacersAreSharedByEndpoint(t *testing.T) {
	cfg := Config{AccessKey: "k", SecretKey: "s", Region: DefaultRegion, Protocol: "HTTP", Endpoints: Endpoints{CDN: "127.0.0.1:1", DCDN: "127.0.0.1:2"}}
	newClient := func(opts ...Option) *Client {
		c, err := NewClient(cfg, opts...)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	a, b, own := newClient(), newClient(), newClient(WithPacers(NewPacers()))
	if a.pacer(refresh.CDN) != b.pacer(refresh.CDN) || a.pacer(refresh.CDN) == own.pacer(refresh.CDN) {
		t.Error("two clients of one endpoint must share its pacer, and a client with its own pacers must not")
	}
	if a.pacer(refresh.EdgeRoutine) != a.pacer(refresh.DCDN) || a.pacer(refresh.DCDN) == a.pacer(refresh.CDN) || a.pacer(refresh.VOD) == a.pacer(refresh.CDN) {
		t.Error("edge routines share DCDN's pacer, and no other service shares one")
	}
}
