package emulator

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/cdn"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/dcdn"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vod"
)

func TestMergedTaskIDs(t *testing.T) {
	v := newEnv(t)
	a1 := must(v.refreshCDN("", "http://a.example.com/1", "http://a.example.com/2")).RefreshTaskId
	if strings.Contains(a1, ",") {
		t.Fatalf("one domain, one second: %s", a1)
	}
	// Same domain, same second, another request: the same ID.
	if a2 := must(v.refreshCDN("File", "http://a.example.com/3")).RefreshTaskId; a2 != a1 {
		t.Fatalf("same second: %s then %s", a1, a2)
	}
	// Two domains: two IDs, in submission order; a's is the one above.
	both := must(v.refreshCDN("", "http://b.example.com/1", "http://a.example.com/4", "http://b.example.com/2")).RefreshTaskId
	ids := strings.Split(both, ",")
	if len(ids) != 2 || ids[1] != a1 || ids[0] == a1 {
		t.Fatalf("two domains: %s (a is %s)", both, a1)
	}
	// IgnoreParams is URL-grained too but a task of its own type.
	ip := must(v.refreshCDN("IgnoreParams", "http://a.example.com/5", "http://a.example.com/6")).RefreshTaskId
	if strings.Contains(ip, ",") || ip == a1 {
		t.Fatalf("IgnoreParams: %s", ip)
	}
	// Directories and regexes get an ID each.
	dirs := strings.Split(must(v.refreshCDN("Directory", "http://a.example.com/x/", "http://a.example.com/y/")).RefreshTaskId, ",")
	if len(dirs) != 2 || dirs[0] == dirs[1] {
		t.Fatalf("directories: %v", dirs)
	}
	// Another product never shares IDs.
	if d := must(v.refreshDCDN("", "http://a.example.com/1")).RefreshTaskId; d == a1 {
		t.Fatal("DCDN merged with CDN")
	}
	// The next second starts afresh.
	v.clock.Advance(time.Second)
	if a3 := must(v.refreshCDN("", "http://a.example.com/7")).RefreshTaskId; a3 == a1 {
		t.Fatal("next second merged")
	}
	// The ById look-up lists every path under the merged ID.
	if got := v.cdnTasksByID(a1); got.TotalCount != 4 {
		t.Fatalf("%d paths under %s", got.TotalCount, a1)
	}
}

func TestMergeSplitsEvery2000(t *testing.T) {
	v := newEnv(t)
	all := urls("big.example.com", 2500)
	var got []string
	for i := 0; i < len(all); i += 1000 {
		got = append(got, must(v.refreshCDN("", all[i:min(i+1000, len(all))]...)).RefreshTaskId)
	}
	// The first 2,000 share one ID; the last 500 open a second.
	if got[0] != got[1] || strings.Contains(got[1], ",") || got[2] == got[0] || strings.Contains(got[2], ",") {
		t.Fatalf("IDs %v", got)
	}
	counts := map[string]int{}
	for _, tk := range v.srv.Tasks() {
		counts[tk.TaskID]++
	}
	if counts[got[0]] != 2000 || counts[got[2]] != 500 {
		t.Fatalf("counts %v", counts)
	}

	// Within one request: a request crossing the 2,000 mark returns both.
	v.clock.Advance(time.Second)
	must(v.refreshCDN("", urls("big.example.com", 1000)...))
	must(v.refreshCDN("", urls("big.example.com", 900)...))
	split := must(v.refreshCDN("", urls("big.example.com", 200)...)).RefreshTaskId
	if ids := strings.Split(split, ","); len(ids) != 2 {
		t.Fatalf("crossing 2,000: %s", split)
	}
}

func TestTaskLifecycle(t *testing.T) {
	v := newEnv(t, func(o *Options) { o.TaskDuration = 5 * time.Minute })
	ok := must(v.refreshCDN("", "http://example.com/ok")).RefreshTaskId
	v.srv.FailNextTasks(1, "Origin Timeout")
	bad := must(v.refreshCDN("Directory", "http://example.com/bad/")).RefreshTaskId
	after := must(v.refreshCDN("Directory", "http://example.com/after/")).RefreshTaskId

	check := func(id, status, process, desc string) {
		t.Helper()
		got := v.cdnTasksByID(id).Tasks[0]
		if got.Status != status || got.Process != process || got.Description != desc {
			t.Fatalf("%s: %+v, want %s %s %q", id, got, status, process, desc)
		}
	}
	check(ok, "Refreshing", "0%", "")
	check(bad, "Refreshing", "0%", "")
	v.clock.Advance(5*time.Minute - time.Second)
	check(ok, "Refreshing", "0%", "")
	v.clock.Advance(time.Second)
	check(ok, "Complete", "100%", "")
	check(bad, "Failed", "0%", "Origin Timeout")
	check(after, "Complete", "100%", "")

	// The default duration is 2 s; an empty description is Internal Error.
	v2 := newEnv(t)
	v2.srv.FailNextTasks(1, "")
	id := must(v2.refreshCDN("", "http://example.com/a")).RefreshTaskId
	v2.clock.Advance(DefaultTaskDuration)
	if got := v2.cdnTasksByID(id).Tasks[0]; got.Status != "Failed" || got.Description != "Internal Error" {
		t.Fatalf("%+v", got)
	}
}

// TestPendingFirst: with PendingDuration, CDN and DCDN tasks report Pending
// first, then Refreshing for the task duration, then end (ref §9: their
// by-ID look-ups document Pending); VOD's never do. The task lists report
// the same, and filter on it.
func TestPendingFirst(t *testing.T) {
	v := newEnv(t, func(o *Options) { o.TaskDuration = 5 * time.Second; o.PendingDuration = 3 * time.Second })
	cdnID := must(v.refreshCDN("", "http://example.com/a")).RefreshTaskId
	v.srv.FailNextTasks(1, "Origin Timeout")
	dcdnID := must(v.refreshDCDN("Directory", "http://example.com/d/")).RefreshTaskId
	vodID := must(v.refreshVOD("", "example.com/v.mp4")).RefreshTaskId
	dcdnStatus := func() string {
		req := dcdn.CreateDescribeDcdnRefreshTaskByIdRequest()
		v.at(req)
		req.TaskId = dcdnID
		return must(v.dcdn.DescribeDcdnRefreshTaskById(req)).Tasks[0].Status
	}
	vodStatus := func() string {
		req := vod.CreateDescribeVodRefreshTasksRequest()
		v.at(req)
		req.TaskId = vodID
		return must(v.vod.DescribeVodRefreshTasks(req)).Tasks.Task[0].Status
	}
	cdnListed := func(status string) int64 {
		req := cdn.CreateDescribeRefreshTasksRequest()
		v.at(req)
		req.ObjectType, req.Status = "file", status
		return must(v.cdn.DescribeRefreshTasks(req)).TotalCount
	}
	var got []string
	for _, step := range []time.Duration{0, 3*time.Second - time.Millisecond, time.Millisecond, 5*time.Second - time.Millisecond, time.Millisecond} {
		v.clock.Advance(step)
		got = append(got, v.cdnTasksByID(cdnID).Tasks[0].Status+"/"+dcdnStatus()+"/"+vodStatus())
	}
	want := "[Pending/Pending/Refreshing Pending/Pending/Refreshing Refreshing/Refreshing/Refreshing Refreshing/Refreshing/Complete Complete/Failed/Complete]"
	if fmt.Sprint(got) != want {
		t.Fatalf("cdn/dcdn/vod statuses %v, want %s", got, want)
	}

	// The switch changes tasks created from then on; none goes back.
	v.srv.SetPendingDuration(0)
	next := must(v.refreshCDN("", "http://example.com/b")).RefreshTaskId
	if s := v.cdnTasksByID(next).Tasks[0].Status; s != "Refreshing" {
		t.Fatalf("pending off: %s", s)
	}
	v.srv.SetPendingDuration(time.Hour)
	if s := v.cdnTasksByID(cdnID).Tasks[0].Status; s != "Complete" {
		t.Fatalf("a complete task went back to %s", s)
	}
	if s := v.cdnTasksByID(next).Tasks[0].Status; s != "Refreshing" {
		t.Fatalf("a refreshing task went back to %s", s)
	}
	v.clock.Advance(time.Second)
	must(v.refreshCDN("", "http://example.com/c"))
	if p, r := cdnListed("Pending"), cdnListed("Refreshing"); p != 1 || r != 1 {
		t.Fatalf("listed Pending %d, Refreshing %d; want 1 and 1", p, r)
	}
}

func TestHistoryKeepsThreeDays(t *testing.T) {
	v := newEnv(t)
	old := must(v.refreshCDN("", "http://example.com/old")).RefreshTaskId
	v.clock.Advance(24 * time.Hour)
	recent := must(v.refreshCDN("", "http://example.com/recent")).RefreshTaskId
	v.clock.Advance(48 * time.Hour) // old is exactly three days old
	if got := v.cdnTasksByID(old + "," + recent); got.TotalCount != 2 {
		t.Fatalf("at three days: %+v", got)
	}
	v.clock.Advance(time.Second)
	if got := v.cdnTasksByID(old + "," + recent); got.TotalCount != 1 || got.Tasks[0].TaskId != recent {
		t.Fatalf("after three days: %+v", got)
	}
	req := cdn.CreateDescribeRefreshTasksRequest()
	v.at(req)
	if got := must(v.cdn.DescribeRefreshTasks(req)); got.TotalCount != 1 {
		t.Fatalf("DescribeRefreshTasks: %+v", got)
	}
	if got := v.srv.Tasks(); len(got) != 1 || got[0].TaskID != recent {
		t.Fatalf("Tasks: %+v", got)
	}
}

func TestDescribeRefreshTasksPaging(t *testing.T) {
	v := newEnv(t)
	var dirs []string
	for i := range 45 {
		dirs = append(dirs, fmt.Sprintf("http://example.com/d%02d/", i))
	}
	must(v.refreshCDN("Directory", dirs...))
	page := func(number, size int) *cdn.DescribeRefreshTasksResponse {
		req := cdn.CreateDescribeRefreshTasksRequest()
		v.at(req)
		if number > 0 {
			req.PageNumber = requests.NewInteger(number)
		}
		if size > 0 {
			req.PageSize = requests.NewInteger(size)
		}
		v.clock.Advance(time.Second) // 5 calls a second
		return must(v.cdn.DescribeRefreshTasks(req))
	}
	for _, c := range []struct{ number, size, want int }{{0, 0, 20}, {2, 0, 20}, {3, 0, 5}, {4, 0, 0}, {1, 100, 45}, {5, 10, 5}} {
		got := page(c.number, c.size)
		if got.TotalCount != 45 || len(got.Tasks.CDNTask) != c.want {
			t.Fatalf("page %d size %d: total %d, %d items", c.number, c.size, got.TotalCount, len(got.Tasks.CDNTask))
		}
	}
	// Newest first: the last directory submitted leads page 1.
	if got := page(1, 1); got.Tasks.CDNTask[0].ObjectPath != dirs[44] {
		t.Fatalf("first: %+v", got.Tasks.CDNTask[0])
	}
	for _, c := range []struct{ number, size int }{{0, 101}, {100001, 0}, {-1, 0}} {
		req := cdn.CreateDescribeRefreshTasksRequest()
		v.at(req)
		if c.number != 0 {
			req.PageNumber = requests.NewInteger(c.number)
		}
		if c.size != 0 {
			req.PageSize = requests.NewInteger(c.size)
		}
		v.clock.Advance(time.Second)
		wantError(t, second(v.cdn.DescribeRefreshTasks(req)), 400, "InvalidParameter")
	}
	// DCDN pages at most 50.
	dreq := dcdn.CreateDescribeDcdnRefreshTasksRequest()
	v.at(dreq)
	dreq.PageSize = requests.NewInteger(51)
	wantError(t, second(v.dcdn.DescribeDcdnRefreshTasks(dreq)), 400, "InvalidParameter")
}

func TestDescribeRefreshTasksFilters(t *testing.T) {
	v := newEnv(t, func(o *Options) { o.TaskDuration = 30 * time.Second })
	file := must(v.refreshCDN("", "http://a.example.com/f.txt", "http://b.example.com/f.txt")).RefreshTaskId
	v.clock.Advance(time.Minute)
	v.srv.FailNextTasks(1, "Origin Return StatusCode 5XX")
	dir := must(v.refreshCDN("Directory", "http://a.example.com/dir/")).RefreshTaskId
	v.clock.Advance(time.Minute)
	must(v.refreshCDN("Regex", "http://a.example.com/.*\\.png"))
	must(v.refreshCDN("IgnoreParams", "http://a.example.com/i.txt"))
	req := cdn.CreatePushObjectCacheRequest()
	v.at(req)
	req.ObjectPath = "http://b.example.com/p.txt"
	must(v.cdn.PushObjectCache(req))

	// From here on the file and directory tasks are done, the rest
	// refreshing; each look-up moves a second on (5 calls a second).
	ts := func(d time.Duration) string { return t0.Add(d).Format("2006-01-02T15:04:05Z") }
	for _, c := range []struct {
		name  string
		set   func(*cdn.DescribeRefreshTasksRequest)
		total int64
	}{
		{"all", func(*cdn.DescribeRefreshTasksRequest) {}, 6},
		{"task ID", func(r *cdn.DescribeRefreshTasksRequest) { r.TaskId = strings.Split(file, ",")[0] }, 1},
		{"object path", func(r *cdn.DescribeRefreshTasksRequest) { r.ObjectPath = "http://b.example.com/f.txt" }, 1},
		{"type file", func(r *cdn.DescribeRefreshTasksRequest) { r.ObjectType = "file" }, 2},
		{"type regex", func(r *cdn.DescribeRefreshTasksRequest) { r.ObjectType = "regex" }, 1},
		{"type preload", func(r *cdn.DescribeRefreshTasksRequest) { r.ObjectType = "preload" }, 1},
		{"domain", func(r *cdn.DescribeRefreshTasksRequest) { r.ObjectType, r.DomainName = "file", "a.example.com" }, 1},
		{"failed", func(r *cdn.DescribeRefreshTasksRequest) { r.ObjectType, r.Status = "directory", "Failed" }, 1},
		{"complete files", func(r *cdn.DescribeRefreshTasksRequest) { r.ObjectType, r.Status = "file", "Complete" }, 2},
		{"refreshing", func(r *cdn.DescribeRefreshTasksRequest) { r.ObjectType, r.Status = "regex", "Refreshing" }, 1},
		{"first minute", func(r *cdn.DescribeRefreshTasksRequest) { r.StartTime, r.EndTime = ts(0), ts(59*time.Second) }, 2},
		{"time range", func(r *cdn.DescribeRefreshTasksRequest) { r.StartTime, r.EndTime = ts(time.Minute), ts(3*time.Minute) }, 4},
	} {
		t.Run(c.name, func(t *testing.T) {
			req := cdn.CreateDescribeRefreshTasksRequest()
			v.at(req)
			c.set(req)
			v.clock.Advance(time.Second)
			got := must(v.cdn.DescribeRefreshTasks(req))
			if got.TotalCount != c.total {
				t.Fatalf("total %d, want %d: %+v", got.TotalCount, c.total, got.Tasks.CDNTask)
			}
		})
	}
	if got := v.cdnTasksByID(dir).Tasks[0]; got.Status != "Failed" || got.Description != "Origin Return StatusCode 5XX" {
		t.Fatalf("%+v", got)
	}

	for _, c := range []struct {
		name string
		set  func(*cdn.DescribeRefreshTasksRequest)
		code string
	}{
		{"domain without type", func(r *cdn.DescribeRefreshTasksRequest) { r.DomainName = "a.example.com" }, "MissingParameter.ObjectType"},
		{"status without type", func(r *cdn.DescribeRefreshTasksRequest) { r.Status = "Complete" }, "MissingParameter.ObjectType"},
		{"start only", func(r *cdn.DescribeRefreshTasksRequest) { r.StartTime = ts(0) }, "MissingTimeParameter"},
		{"end only", func(r *cdn.DescribeRefreshTasksRequest) { r.EndTime = ts(0) }, "MissingTimeParameter"},
		{"bad start", func(r *cdn.DescribeRefreshTasksRequest) { r.StartTime, r.EndTime = "yesterday", ts(0) }, "InvalidParameter"},
		{"end before start", func(r *cdn.DescribeRefreshTasksRequest) { r.StartTime, r.EndTime = ts(time.Hour), ts(0) }, "InvalidParameter"},
		{"bad task ID", func(r *cdn.DescribeRefreshTasksRequest) { r.TaskId = "abc" }, "InvalidTaskId.Malformed"},
	} {
		t.Run(c.name, func(t *testing.T) {
			req := cdn.CreateDescribeRefreshTasksRequest()
			v.at(req)
			c.set(req)
			v.clock.Advance(time.Second)
			wantError(t, second(v.cdn.DescribeRefreshTasks(req)), 400, c.code)
		})
	}
}

func TestDescribeRefreshTaskByID(t *testing.T) {
	v := newEnv(t)
	var ids []string
	for i := range 11 {
		ids = append(ids, must(v.refreshCDN("Directory", fmt.Sprintf("http://example.com/%d/", i))).RefreshTaskId)
	}
	// Up to 10 IDs, answered in the order asked, as a plain array.
	got := v.cdnTasksByID(ids[9] + "," + strings.Join(ids[:9], ","))
	if got.TotalCount != 10 || got.Tasks[0].TaskId != ids[9] || got.Tasks[1].TaskId != ids[0] {
		t.Fatalf("%+v", got)
	}
	if got := v.cdnTasksByID("99"); got.TotalCount != 0 || len(got.Tasks) != 0 {
		t.Fatalf("unknown ID: %+v", got)
	}
	for _, c := range []struct{ ids, code string }{
		{strings.Join(ids, ","), "InvalidTaskId.Malformed"},
		{"12,x", "InvalidTaskId.Malformed"},
		{"", "MissingTaskId"},
	} {
		req := cdn.CreateDescribeRefreshTaskByIdRequest()
		v.at(req)
		req.TaskId = c.ids
		wantError(t, second(v.cdn.DescribeRefreshTaskById(req)), 400, c.code)
	}
}

// TestReportScheme: with the switch on, the look-ups report a path sent
// without a scheme as http://…; one sent with a scheme stays as it was.
func TestReportScheme(t *testing.T) {
	v := newEnv(t)
	bare := must(v.refreshCDN("", "example.com/a%20b.js")).RefreshTaskId
	withScheme := must(v.refreshCDN("Directory", "https://example.com/d/")).RefreshTaskId
	path := func(id string) string { return v.cdnTasksByID(id).Tasks[0].ObjectPath }
	if got := path(bare); got != "example.com/a%20b.js" {
		t.Fatalf("off: reported %q", got)
	}
	v.srv.SetReportScheme(true)
	if got := path(bare); got != "http://example.com/a%20b.js" {
		t.Fatalf("on: reported %q", got)
	}
	if got := path(withScheme); got != "https://example.com/d/" {
		t.Fatalf("on, sent with a scheme: reported %q", got)
	}
	if got := v.srv.Tasks()[0].ObjectPath; got != "http://example.com/a%20b.js" {
		t.Fatalf("Tasks() reports %q", got)
	}
	// The task list's exact-path filter takes either spelling.
	for _, filter := range []string{"example.com/a%20b.js", "http://example.com/a%20b.js"} {
		req := cdn.CreateDescribeRefreshTasksRequest()
		v.at(req)
		req.ObjectPath = filter
		resp, err := v.cdn.DescribeRefreshTasks(req)
		if err != nil || resp.TotalCount != 1 || resp.Tasks.CDNTask[0].ObjectPath != "http://example.com/a%20b.js" {
			t.Fatalf("filter %q: %v %+v", filter, err, resp)
		}
	}
	v.srv.SetReportScheme(false)
	if got := path(bare); got != "example.com/a%20b.js" {
		t.Fatalf("off again: reported %q", got)
	}
}

// TestMergeWindow: a wider window merges a domain's URL tasks across
// seconds, counted from the ID's first task; 0 keeps Alibaba's second.
func TestMergeWindow(t *testing.T) {
	v := newEnv(t, func(o *Options) { o.MergeWindow = 10 * time.Second })
	first := must(v.refreshCDN("", "http://example.com/a")).RefreshTaskId
	v.clock.Advance(9 * time.Second)
	if id := must(v.refreshCDN("", "http://example.com/b")).RefreshTaskId; id != first {
		t.Fatalf("9 s later: %s, want %s", id, first)
	}
	v.clock.Advance(time.Second)
	next := must(v.refreshCDN("", "http://example.com/c")).RefreshTaskId
	if next == first {
		t.Fatal("10 s later: still merged")
	}
	v.srv.SetMergeWindow(0)
	v.clock.Advance(time.Second)
	one := must(v.refreshCDN("", "http://example.com/d")).RefreshTaskId
	v.clock.Advance(time.Second)
	if two := must(v.refreshCDN("", "http://example.com/e")).RefreshTaskId; two == one || one == next {
		t.Fatalf("back to one second: %s, %s (before: %s)", one, two, next)
	}
}

// TestFailPath: one path of a merged task fails, the others complete.
func TestFailPath(t *testing.T) {
	v := newEnv(t, func(o *Options) { o.FailPaths = []string{"http://example.com/bad.js"} })
	id := must(v.refreshCDN("", "http://example.com/good.js", "http://example.com/bad.js")).RefreshTaskId
	v.srv.FailPath("http://example.com/%E5%9B%BE.png", "Origin Timeout")
	if again := must(v.refreshCDN("", "http://example.com/%E5%9B%BE.png")).RefreshTaskId; again != id {
		t.Fatalf("not merged: %s, %s", id, again)
	}
	v.clock.Advance(DefaultTaskDuration)
	got := map[string]string{}
	for _, tk := range v.cdnTasksByID(id).Tasks {
		got[tk.ObjectPath] = tk.Status + " " + tk.Description
	}
	want := map[string]string{
		"http://example.com/good.js":       "Complete ",
		"http://example.com/bad.js":        "Failed Origin Return StatusCode 5XX",
		"http://example.com/%E5%9B%BE.png": "Failed Origin Timeout",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("tasks %v, want %v", got, want)
	}
	v.srv.ClearFailPaths()
	v.clock.Advance(time.Second)
	id2 := must(v.refreshCDN("", "http://example.com/bad.js")).RefreshTaskId
	v.clock.Advance(DefaultTaskDuration)
	if tk := v.cdnTasksByID(id2).Tasks[0]; tk.Status != "Complete" {
		t.Fatalf("after ClearFailPaths: %+v", tk)
	}
}
