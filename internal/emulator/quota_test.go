package emulator

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/cdn"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/dcdn"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vod"
)

// paths returns n distinct paths of a type on domain.
func paths(typ, domain string, n int) []string {
	out := make([]string, n)
	for i := range out {
		switch typ {
		case "Directory":
			out[i] = fmt.Sprintf("http://%s/d%d/", domain, i)
		case "Regex":
			out[i] = fmt.Sprintf("http://%s/r%d/.*", domain, i)
		default:
			out[i] = fmt.Sprintf("http://%s/f%d.txt", domain, i)
		}
	}
	return out
}

func (v *env) push(ps ...string) error {
	req := cdn.CreatePushObjectCacheRequest()
	v.at(req)
	req.ObjectPath = strings.Join(ps, "\n")
	_, err := v.cdn.PushObjectCache(req)
	return err
}

func (v *env) dcdnQuota() *dcdn.DescribeDcdnRefreshQuotaResponse {
	req := dcdn.CreateDescribeDcdnRefreshQuotaRequest()
	v.at(req)
	return must(v.dcdn.DescribeDcdnRefreshQuota(req))
}

func (v *env) vodQuota() *vod.DescribeVodRefreshQuotaResponse {
	req := vod.CreateDescribeVodRefreshQuotaRequest()
	v.at(req)
	return must(v.vod.DescribeVodRefreshQuota(req))
}

func TestCDNDailyQuotas(t *testing.T) {
	for _, c := range []struct {
		typ      string
		perCall  int
		calls    int
		quota    func(*cdn.DescribeRefreshQuotaResponse) (total, remain string)
		wantSize string
	}{
		{"File", 1000, 10, func(q *cdn.DescribeRefreshQuotaResponse) (string, string) { return q.UrlQuota, q.UrlRemain }, "10000"},
		{"Directory", 100, 1, func(q *cdn.DescribeRefreshQuotaResponse) (string, string) { return q.DirQuota, q.DirRemain }, "100"},
		{"Regex", 1, 20, func(q *cdn.DescribeRefreshQuotaResponse) (string, string) { return q.RegexQuota, q.RegexRemain }, "20"},
		{"IgnoreParams", 100, 1, func(q *cdn.DescribeRefreshQuotaResponse) (string, string) {
			return q.IgnoreParamsQuota, q.IgnoreParamsRemain
		}, "100"},
		{"preload", 100, 10, func(q *cdn.DescribeRefreshQuotaResponse) (string, string) { return q.PreloadQuota, q.PreloadRemain }, "1000"},
	} {
		t.Run(c.typ, func(t *testing.T) {
			v := newEnv(t)
			submit := func(ps []string) error {
				if c.typ == "preload" {
					return v.push(ps...)
				}
				_, err := v.refreshCDN(c.typ, ps...)
				return err
			}
			all := paths(c.typ, "example.com", c.perCall*c.calls+1)
			for i := range c.calls {
				if err := submit(all[i*c.perCall : (i+1)*c.perCall]); err != nil {
					t.Fatalf("call %d: %v", i, err)
				}
			}
			if total, remain := c.quota(v.cdnQuota()); total != c.wantSize || remain != "0" {
				t.Fatalf("quota %s, remain %s", total, remain)
			}
			last := all[len(all)-1:]
			wantError(t, submit(last), 400, "QuotaExceeded.Refresh")

			// Still spent at the last second of the UTC day, back at midnight.
			midnight := time.Date(2025, 3, 2, 0, 0, 0, 0, time.UTC)
			v.clock.Set(midnight.Add(-time.Second))
			wantError(t, submit(last), 400, "QuotaExceeded.Refresh")
			v.clock.Set(midnight)
			if _, remain := c.quota(v.cdnQuota()); remain != c.wantSize {
				t.Fatalf("next day: remain %s", remain)
			}
			if err := submit(last); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestDCDNAndEdgeRoutineShareQuota(t *testing.T) {
	v := newEnv(t)
	// 1,000 a minute a domain: ten domains reach the daily 10,000.
	for i := range 9 {
		must(v.refreshDCDN("", urls(fmt.Sprintf("d%d.example.com", i), 1000)...))
	}
	must(v.refreshER("", "r.sub", "", urls("er.example.com", 1000)...))
	if q := v.dcdnQuota(); q.UrlQuota != "10000" || q.UrlRemain != "0" || q.DirQuota != "100" {
		t.Fatalf("%+v", q)
	}
	wantError(t, second(v.refreshER("", "r.sub", "", "http://x.example.com/a")), 400, "QuotaExceeded.Refresh")
	wantError(t, second(v.refreshDCDN("", "http://x.example.com/a")), 400, "QuotaExceeded.Refresh")
	// Directories have their own 100.
	must(v.refreshDCDN("Directory", paths("Directory", "x.example.com", 100)...))
	wantError(t, second(v.refreshER("Directory", "r.sub", "", "http://x.example.com/z/")), 400, "QuotaExceeded.Refresh")
	if q := v.dcdnQuota(); q.DirRemain != "0" {
		t.Fatalf("%+v", q)
	}
	// CDN's quota is untouched.
	if q := v.cdnQuota(); q.UrlRemain != "10000" {
		t.Fatalf("%+v", q)
	}
}

func TestVODQuota(t *testing.T) {
	v := newEnv(t)
	must(v.refreshVOD("", urls("a.example.com", 1000)...))
	must(v.refreshVOD("IgnoreParams", urls("b.example.com", 999)...)) // IgnoreParams spends VOD's URL quota
	must(v.refreshVOD("Regex", "c.example.com/.*"))                   // and Regex its directory quota
	if q := v.vodQuota(); q.UrlRemain != "1" || q.DirRemain != "99" || q.BlockRemain != "100" {
		t.Fatalf("%+v", q)
	}
	se := wantServerError(t, second(v.refreshVOD("", urls("c.example.com", 2)...)), 400, "QuotaExceeded.Refresh")
	if se.Message() != "You’ve exceeded the prescribed refresh limits." {
		t.Fatalf("message %q", se.Message())
	}
	must(v.refreshVOD("", "c.example.com/last"))
	v.clock.Advance(14 * time.Hour) // 10:00 → midnight UTC
	if q := v.vodQuota(); q.UrlRemain != "2000" {
		t.Fatalf("next day %+v", q)
	}
}

func TestPerMinuteLimit(t *testing.T) {
	v := newEnv(t)
	must(v.refreshDCDN("", urls("a.example.com", 900)...))
	must(v.refreshDCDN("IgnoreParams", urls("a.example.com", 100)...)) // IgnoreParams URLs count too
	wantError(t, second(v.refreshDCDN("", "http://a.example.com/one-more")), 400, "QuotaPerMinuteExceeded.Refresh")
	// Edge routine refreshes count against the same domain's minute.
	wantError(t, second(v.refreshER("", "r.sub", "", "http://a.example.com/er")), 400, "QuotaPerMinuteExceeded.Refresh")
	// Other domains, directories and other products are not affected.
	must(v.refreshDCDN("", "http://b.example.com/a"))
	must(v.refreshDCDN("Directory", "http://a.example.com/dir/"))
	must(v.refreshCDN("", urls("a.example.com", 1000)...))
	// The refused URL was not spent; a new minute starts afresh.
	if q := v.dcdnQuota(); q.UrlRemain != "9099" || q.IgnoreParamsRemain != "0" {
		t.Fatalf("%+v", q)
	}
	v.clock.Advance(59 * time.Second)
	wantError(t, second(v.refreshDCDN("", "http://a.example.com/one-more")), 400, "QuotaPerMinuteExceeded.Refresh")
	v.clock.Advance(time.Second)
	must(v.refreshDCDN("", "http://a.example.com/one-more"))

	// VOD's (unverified) 1,000 and its wording.
	must(v.refreshVOD("", urls("v.example.com", 1000)...))
	se := wantServerError(t, second(v.refreshVOD("", "v.example.com/x")), 400, "QuotaPerMinuteExceeded.Refresh")
	if se.Message() != "You’ve exceeded the prescribed refresh limits per minute." {
		t.Fatalf("message %q", se.Message())
	}
	// CDN allows 10,000 a minute a domain: ten full calls on one domain pass.
	v2 := newEnv(t)
	for range 10 {
		must(v2.refreshCDN("", urls("a.example.com", 1000)...))
	}
}

func TestPerSecondThrottling(t *testing.T) {
	v := newEnv(t)
	var n int
	unique := func() string { n++; return fmt.Sprintf("http://t%d.example.com/a", n) }
	for _, c := range []struct {
		action string
		limit  int
		call   func() error
		status int
		code   string
	}{
		{"RefreshObjectCaches", 50, func() error { return second(v.refreshCDN("", unique())) }, 429, "TooManyRequests"},
		{"PushObjectCache", 50, func() error { return v.push(unique()) }, 429, "TooManyRequests"},
		{"DescribeRefreshQuota", 20, func() error {
			req := cdn.CreateDescribeRefreshQuotaRequest()
			v.at(req)
			return second(v.cdn.DescribeRefreshQuota(req))
		}, 429, "TooManyRequests"},
		{"DescribeRefreshTasks", 5, func() error {
			req := cdn.CreateDescribeRefreshTasksRequest()
			v.at(req)
			return second(v.cdn.DescribeRefreshTasks(req))
		}, 429, "TooManyRequests"},
		{"DescribeRefreshTaskById", 30, func() error {
			req := cdn.CreateDescribeRefreshTaskByIdRequest()
			v.at(req)
			req.TaskId = "1"
			return second(v.cdn.DescribeRefreshTaskById(req))
		}, 429, "TooManyRequests"},
		{"RefreshDcdnObjectCaches", 30, func() error { return second(v.refreshDCDN("", unique())) }, 429, "TooManyRequests"},
		{"RefreshErObjectCaches", 30, func() error { return second(v.refreshER("", "r.s", "", unique())) }, 429, "TooManyRequests"},
		{"PreloadDcdnObjectCaches", 15, func() error { // ref §9: 15 calls/s
			req := dcdn.CreatePreloadDcdnObjectCachesRequest()
			v.at(req)
			req.ObjectPath = unique()
			return second(v.dcdn.PreloadDcdnObjectCaches(req))
		}, 429, "TooManyRequests"},
		{"RefreshVodObjectCaches", 30, func() error { return second(v.refreshVOD("", unique())) }, 503, "Throttling"},
		{"PreloadVodObjectCaches", 15, func() error { // assumed: as DCDN's prefetch
			req := vod.CreatePreloadVodObjectCachesRequest()
			v.at(req)
			req.ObjectPath = unique()
			return second(v.vod.PreloadVodObjectCaches(req))
		}, 503, "Throttling"},
		{"DescribeVodRefreshQuota", 20, func() error {
			req := vod.CreateDescribeVodRefreshQuotaRequest()
			v.at(req)
			return second(v.vod.DescribeVodRefreshQuota(req))
		}, 503, "Throttling"},
	} {
		t.Run(c.action, func(t *testing.T) {
			v.clock.Advance(time.Second)
			for i := range c.limit {
				if err := c.call(); err != nil {
					t.Fatalf("call %d: %v", i+1, err)
				}
			}
			wantError(t, c.call(), c.status, c.code)
			v.clock.Advance(time.Second)
			if err := c.call(); err != nil {
				t.Fatalf("next second: %v", err)
			}
		})
	}
	// Throttled refreshes spent nothing: 51 + 1 CDN refreshes, 50 + 1 accepted.
	if q := v.cdnQuota(); q.UrlRemain != "9949" {
		t.Fatalf("%+v", q)
	}
}

func TestRaisedQuota(t *testing.T) {
	v := newEnv(t, func(o *Options) {
		o.Quotas = []Quota{{Product: "cdn", Counter: "IgnoreParams", Daily: 5000}}
	})
	// The default is 100; the raised quota takes a full request of 1,000.
	must(v.refreshCDN("IgnoreParams", paths("IgnoreParams", "example.com", 1000)...))
	q := v.cdnQuota()
	if q.IgnoreParamsQuota != "5000" || q.IgnoreParamsRemain != "4000" || q.UrlQuota != "10000" {
		t.Fatalf("quota look-up: IgnoreParams %s/%s, Url %s", q.IgnoreParamsQuota, q.IgnoreParamsRemain, q.UrlQuota)
	}
	defer func() {
		if recover() == nil {
			t.Fatal("New accepted a counter VOD does not have")
		}
	}()
	New(Options{Quotas: []Quota{{Product: "vod", Counter: "Regex", Daily: 1}}})
}

// TestPreloadQueue: prefetch paths in progress fill a queue of 100,000 per
// product; a full queue refuses with PreloadQueueFull (403) and spends
// nothing, and it drains as tasks finish.
func TestPreloadQueue(t *testing.T) {
	v := newEnv(t, func(o *Options) {
		o.Quotas = []Quota{{Product: "cdn", Counter: "Preload", Daily: 200000}}
		o.TaskDuration = time.Hour
	})
	for i := 0; i < 1000; i++ { // 100 URLs a request
		if err := v.push(paths("File", fmt.Sprintf("d%d.example.com", i%10), 100)...); err != nil {
			t.Fatalf("push %d: %v", i, err)
		}
		if i%40 == 39 {
			v.clock.Advance(time.Second) // under 50 calls a second
		}
	}
	err := v.push("http://example.com/one-more")
	wantError(t, err, 403, "PreloadQueueFull")
	if q := v.cdnQuota(); q.PreloadRemain != "100000" {
		t.Fatalf("a refused prefetch spent quota: %s remain", q.PreloadRemain)
	}
	v.clock.Advance(time.Hour)
	if err := v.push("http://example.com/one-more"); err != nil {
		t.Fatalf("the queue did not drain: %v", err)
	}
}

// TestPerSecondWindows: five task-list calls late in one calendar second
// and five early in the next all pass per calendar second; counted over
// the last second (SlidingSecond), the sixth is refused until the first
// is a second old.
func TestPerSecondWindows(t *testing.T) {
	for _, sliding := range []bool{false, true} {
		t.Run(fmt.Sprintf("sliding=%v", sliding), func(t *testing.T) {
			v := newEnv(t, func(o *Options) { o.SlidingSecond = sliding })
			list := func() error {
				req := cdn.CreateDescribeRefreshTasksRequest()
				v.at(req)
				return second(v.cdn.DescribeRefreshTasks(req))
			}
			v.clock.Set(t0.Truncate(time.Second).Add(900 * time.Millisecond))
			for i := range 5 {
				if err := list(); err != nil {
					t.Fatalf("call %d: %v", i+1, err)
				}
			}
			v.clock.Advance(200 * time.Millisecond) // the next calendar second
			err := list()
			if !sliding {
				if err != nil {
					t.Fatalf("a new calendar second: %v", err)
				}
				return
			}
			wantError(t, err, 429, "TooManyRequests")
			v.clock.Advance(800 * time.Millisecond) // the first five are a second old
			if err := list(); err != nil {
				t.Fatalf("a second after the first five: %v", err)
			}
		})
	}
}
