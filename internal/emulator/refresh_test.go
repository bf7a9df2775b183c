package emulator

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/cdn"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/dcdn"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vod"
)

// TestEveryOperation calls each operation once through the SDK and checks
// the fields it decodes.
func TestEveryOperation(t *testing.T) {
	v := newEnv(t)

	// CDN 2018-05-10.
	r := must(v.refreshCDN("", "http://cdn.example.com/a.txt"))
	if !isDigits(r.RefreshTaskId) || r.RequestId == "" {
		t.Fatalf("RefreshObjectCaches: %+v", r)
	}
	pushReq := cdn.CreatePushObjectCacheRequest()
	v.at(pushReq)
	pushReq.ObjectPath = "http://cdn.example.com/p.txt"
	push := must(v.cdn.PushObjectCache(pushReq))
	if !isDigits(push.PushTaskId) {
		t.Fatalf("PushObjectCache: %+v", push)
	}
	tasksReq := cdn.CreateDescribeRefreshTasksRequest()
	v.at(tasksReq)
	tasks := must(v.cdn.DescribeRefreshTasks(tasksReq))
	if tasks.TotalCount != 2 || len(tasks.Tasks.CDNTask) != 2 || tasks.PageNumber != 1 || tasks.PageSize != 20 {
		t.Fatalf("DescribeRefreshTasks: %+v", tasks)
	}
	if got := tasks.Tasks.CDNTask[0]; got.ObjectType != "preload" || got.TaskId != push.PushTaskId ||
		got.Status != "Refreshing" || got.Process != "0%" || got.CreationTime != "2025-03-01T10:00:00Z" {
		t.Fatalf("newest task: %+v", got)
	}
	byID := v.cdnTasksByID(r.RefreshTaskId)
	if byID.TotalCount != 1 || byID.Tasks[0].ObjectPath != "http://cdn.example.com/a.txt" || byID.Tasks[0].ObjectType != "file" {
		t.Fatalf("DescribeRefreshTaskById: %+v", byID)
	}
	q := v.cdnQuota()
	if q.UrlQuota != "10000" || q.UrlRemain != "9999" || q.PreloadRemain != "999" || q.PreloadEdgeRemain != "999" ||
		q.DirQuota != "100" || q.RegexQuota != "20" || q.IgnoreParamsQuota != "100" || q.BlockRemain != "100" {
		t.Fatalf("DescribeRefreshQuota: %+v", q)
	}

	// DCDN 2018-01-15.
	d := must(v.refreshDCDN("Directory", "http://dcdn.example.com/dir/"))
	er := must(v.refreshER("File", "routine.sub", "a.example.com,b.example.com", "http://er.example.com/x"))
	preReq := dcdn.CreatePreloadDcdnObjectCachesRequest()
	v.at(preReq)
	preReq.ObjectPath = "http://dcdn.example.com/p.txt"
	pre := must(v.dcdn.PreloadDcdnObjectCaches(preReq))
	if !isDigits(d.RefreshTaskId) || !isDigits(er.RefreshTaskId) || !isDigits(pre.PreloadTaskId) {
		t.Fatalf("DCDN refreshes: %+v %+v %+v", d, er, pre)
	}
	dTasksReq := dcdn.CreateDescribeDcdnRefreshTasksRequest()
	v.at(dTasksReq)
	dTasks := must(v.dcdn.DescribeDcdnRefreshTasks(dTasksReq))
	if dTasks.TotalCount != 3 || len(dTasks.Tasks.Task) != 3 || dTasks.Tasks.Task[2].ObjectType != "directory" {
		t.Fatalf("DescribeDcdnRefreshTasks: %+v", dTasks)
	}
	dByIDReq := dcdn.CreateDescribeDcdnRefreshTaskByIdRequest()
	v.at(dByIDReq)
	dByIDReq.TaskId = er.RefreshTaskId + "," + d.RefreshTaskId
	dByID := must(v.dcdn.DescribeDcdnRefreshTaskById(dByIDReq))
	if dByID.TotalCount != 2 || dByID.Tasks[0].TaskId != er.RefreshTaskId || dByID.Tasks[1].TaskId != d.RefreshTaskId {
		t.Fatalf("DescribeDcdnRefreshTaskById: %+v", dByID)
	}
	dqReq := dcdn.CreateDescribeDcdnRefreshQuotaRequest()
	v.at(dqReq)
	dq := must(v.dcdn.DescribeDcdnRefreshQuota(dqReq))
	// RefreshErObjectCaches spends DCDN's quota.
	if dq.UrlRemain != "9999" || dq.DirRemain != "99" || dq.PreloadRemain != "999" || dq.RegexRemain != "20" {
		t.Fatalf("DescribeDcdnRefreshQuota: %+v", dq)
	}

	// VOD 2017-03-21.
	vr := must(v.refreshVOD("", "vod.example.com/video/1.mp4"))
	vpReq := vod.CreatePreloadVodObjectCachesRequest()
	v.at(vpReq)
	vpReq.ObjectPath = "https://vod.example.com/video/2.mp4"
	vp := must(v.vod.PreloadVodObjectCaches(vpReq))
	if !isDigits(vr.RefreshTaskId) || !isDigits(vp.PreloadTaskId) {
		t.Fatalf("VOD refreshes: %+v %+v", vr, vp)
	}
	vTasksReq := vod.CreateDescribeVodRefreshTasksRequest()
	v.at(vTasksReq)
	vTasks := must(v.vod.DescribeVodRefreshTasks(vTasksReq))
	if vTasks.TotalCount != 2 || vTasks.Tasks.Task[1].TaskId != vr.RefreshTaskId {
		t.Fatalf("DescribeVodRefreshTasks: %+v", vTasks)
	}
	vqReq := vod.CreateDescribeVodRefreshQuotaRequest()
	v.at(vqReq)
	vq := must(v.vod.DescribeVodRefreshQuota(vqReq))
	// blockRemain only decodes from its lowercase key.
	// PreloadVodObjectCaches: 500 URLs a day (ref §9).
	if vq.UrlQuota != "2000" || vq.UrlRemain != "1999" || vq.DirQuota != "100" || vq.PreloadQuota != "500" || vq.PreloadRemain != "499" ||
		vq.BlockQuota != "100" || vq.BlockRemain != "100" {
		t.Fatalf("DescribeVodRefreshQuota: %+v", vq)
	}

	// Each product sees only its own tasks; the log saw every call.
	if n := len(v.srv.Tasks()); n != 7 {
		t.Fatalf("%d tasks", n)
	}
	if n := len(v.srv.Requests()); n != 15 {
		t.Fatalf("%d requests logged", n)
	}
}

func TestRefreshErrors(t *testing.T) {
	long := "http://example.com/" + strings.Repeat("a", 1024-len("http://example.com/"))
	domains := func(n int) []string {
		var out []string
		for i := range n {
			out = append(out, fmt.Sprintf("http://d%d.example.com/a", i))
		}
		return out
	}
	dirs := func(n int) []string {
		var out []string
		for i := range n {
			out = append(out, fmt.Sprintf("http://example.com/d%d/", i))
		}
		return out
	}
	type call func(v *env) error
	cdnCall := func(typ string, paths ...string) call {
		return func(v *env) error { _, err := v.refreshCDN(typ, paths...); return err }
	}
	dcdnCall := func(typ string, paths ...string) call {
		return func(v *env) error { _, err := v.refreshDCDN(typ, paths...); return err }
	}
	vodCall := func(typ string, paths ...string) call {
		return func(v *env) error { _, err := v.refreshVOD(typ, paths...); return err }
	}
	erCall := func(routine, merge string, paths ...string) call {
		return func(v *env) error { _, err := v.refreshER("", routine, merge, paths...); return err }
	}
	cdnForce := func(force string) call {
		return func(v *env) error {
			req := cdn.CreateRefreshObjectCachesRequest()
			v.at(req)
			req.ObjectPath = "http://example.com/a"
			req.QueryParams["Force"] = force // the v1 struct has no Force field
			_, err := v.cdn.RefreshObjectCaches(req)
			return err
		}
	}
	dcdnPreload := func(paths ...string) call {
		return func(v *env) error {
			req := dcdn.CreatePreloadDcdnObjectCachesRequest()
			v.at(req)
			req.ObjectPath = strings.Join(paths, "\n")
			_, err := v.dcdn.PreloadDcdnObjectCaches(req)
			return err
		}
	}
	vodPreload := func(paths ...string) call {
		return func(v *env) error {
			req := vod.CreatePreloadVodObjectCachesRequest()
			v.at(req)
			req.ObjectPath = strings.Join(paths, "\n")
			_, err := v.vod.PreloadVodObjectCaches(req)
			return err
		}
	}
	push := func(l2 string, paths ...string) call {
		return func(v *env) error {
			req := cdn.CreatePushObjectCacheRequest()
			v.at(req)
			req.ObjectPath = strings.Join(paths, "\n")
			req.QueryParams["L2Preload"] = l2
			_, err := v.cdn.PushObjectCache(req)
			return err
		}
	}
	for _, c := range []struct {
		name   string
		call   call
		status int
		code   string // "" : accepted
	}{
		{"no path", cdnCall(""), 400, "MissingParameter"},
		{"vod no path", vodCall(""), 400, "MissingParameter"},
		{"lowercase type", cdnCall("file", "http://example.com/a"), 400, "InvalidObjectType.Malformed"},
		{"dcdn bad type", dcdnCall("Url", "http://example.com/a"), 400, "InvalidObjectType.Malformed"},
		{"vod bad type", vodCall("directory", "http://example.com/a/"), 400, "InvalidObjectType.ValueNotSupported"},
		{"1,000 URLs", cdnCall("File", urls("example.com", 1000)...), 200, ""},
		{"1,001 URLs", cdnCall("File", urls("example.com", 1001)...), 400, "SingleRequest.OverLimit"},
		{"1,001 IgnoreParams", cdnCall("IgnoreParams", urls("example.com", 1001)...), 400, "SingleRequest.OverLimit"},
		{"dcdn 1,001 URLs", dcdnCall("File", urls("example.com", 1001)...), 400, "SingleRequest.OverLimit"},
		{"vod 1,001 URLs", vodCall("File", urls("example.com", 1001)...), 400, "SingleRequest.OverLimit"},
		{"100 directories", cdnCall("Directory", dirs(100)...), 200, ""},
		{"101 directories", cdnCall("Directory", dirs(101)...), 400, "SingleRequest.OverLimit"},
		{"2 regexes", cdnCall("Regex", "http://example.com/a.*", "http://example.com/b.*"), 400, "SingleRequest.OverLimit"},
		{"1,024 characters", cdnCall("File", long), 200, ""},
		{"1,025 characters", cdnCall("File", long+"b"), 400, "InvalidObjectPath.Size.Malformed"},
		{"ftp", cdnCall("File", "ftp://example.com/a"), 400, "InvalidObjectPath.Malformed"},
		{"no domain", cdnCall("File", "http:///a"), 400, "InvalidObjectPath.Malformed"},
		{"empty line", cdnCall("File", "http://example.com/a", "", "http://example.com/b"), 400, "InvalidObjectPath.Malformed"},
		{"space", cdnCall("File", "http://example.com/a b"), 400, "InvalidObjectPath.Malformed"},
		{"vod malformed", vodCall("File", "gopher://example.com/a"), 400, "InvalidObjectPath.Malformed"},
		{"directory without slash", cdnCall("Directory", "http://example.com/dir"), 400, "InvalidObjectPath.Malformed"},
		{"\\r\\n separators", cdnCall("File", "http://example.com/a\r\nhttp://example.com/b"), 200, ""},
		{"port", cdnCall("File", "http://example.com:8080/a"), 200, ""},
		{"wildcard", cdnCall("File", "http://*.example.com/a"), 400, "InvalidExtensiveDomain.ValueNotSupported"},
		{"dcdn wildcard", dcdnCall("File", "*.example.com/a"), 400, "InvalidExtensiveDomain.ValueNotSupported"},
		{"vod wildcard", vodCall("File", "*.example.com/a"), 400, "InvalidExtensiveDomain.ValueNotSupported"},
		{"10 domains", cdnCall("File", domains(10)...), 200, ""},
		{"11 domains", cdnCall("File", domains(11)...), 400, "InvalidObjectPath.Malformed"},
		{"dcdn 10 domains", dcdnCall("File", domains(10)...), 200, ""},
		{"dcdn 11 domains", dcdnCall("File", domains(11)...), 400, "InvalidObjectPath.Malformed"}, // ref §9: at most 10 domains per task
		{"force true", cdnForce("true"), 200, ""},
		{"force yes", cdnForce("yes"), 400, "InvalidParameter"},
		{"er", erCall("name.sub", "", "http://example.com/a", "http://example.com/b"), 200, ""},
		{"er two domains", erCall("name.sub", "", "http://a.example.com/a", "http://b.example.com/b"), 400, "InvalidObjectPath.Malformed"},
		{"er no routine", erCall("", "", "http://example.com/a"), 400, "MissingRoutineId"},
		{"er routine without subdomain", erCall("name", "", "http://example.com/a"), 400, "InvalidParameters"},
		{"er merge wildcard", erCall("name.sub", "a.example.com,*.example.com", "http://example.com/a"), 400, "InvalidExtensiveDomain.ValueNotSupported"},
		{"er merge malformed", erCall("name.sub", "a.example.com,,b.example.com", "http://example.com/a"), 400, "InvalidParameters"},
		{"push 100", push("", urls("example.com", 100)...), 200, ""},
		{"push 101", push("", urls("example.com", 101)...), 400, "SingleRequest.OverLimit"},
		{"push L2", push("true", "http://example.com/a"), 200, ""},
		{"push bad L2", push("1", "http://example.com/a"), 400, "InvalidParameter"},
		{"push 11 domains", push("", domains(11)...), 400, "InvalidObjectPath.Malformed"},
		{"push wildcard", push("", "http://*.example.com/a"), 400, "InvalidExtensiveDomain.ValueNotSupported"},
		{"push directory", push("", "http://example.com/dir/"), 200, ""},
		{"dcdn prefetch 10 domains", dcdnPreload(domains(10)...), 200, ""},
		{"dcdn prefetch 11 domains", dcdnPreload(domains(11)...), 400, "InvalidObjectPath.Malformed"},
		{"dcdn prefetch directory", dcdnPreload("http://example.com/dir/"), 200, ""},
		// ref §9: VOD prefetches no directories.
		{"vod prefetch file", vodPreload("http://example.com/v/a.mp4"), 200, ""},
		{"vod prefetch directory", vodPreload("http://example.com/v/a.mp4", "http://example.com/v/"), 400, "InvalidObjectPath.Malformed"},
		{"vod prefetch root", vodPreload("example.com"), 400, "InvalidObjectPath.Malformed"},
		{"vod prefetch directory with a query", vodPreload("example.com/v/?page=2"), 400, "InvalidObjectPath.Malformed"},
		{"vod prefetch slash in the query", vodPreload("example.com/play?next=/"), 200, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			v := newEnv(t)
			err := c.call(v)
			if c.code == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			wantError(t, err, c.status, c.code)
			// A refused call costs nothing and creates nothing.
			if n := len(v.srv.Tasks()); n != 0 {
				t.Fatalf("%d tasks after a refused call", n)
			}
			if q := v.cdnQuota(); q.UrlRemain != "10000" || q.DirRemain != "100" || q.PreloadRemain != "1000" {
				t.Fatalf("quota spent: %+v", q)
			}
			if q := v.dcdnQuota(); q.UrlRemain != "10000" || q.PreloadRemain != "1000" {
				t.Fatalf("DCDN quota spent: %+v", q)
			}
			if q := v.vodQuota(); q.UrlRemain != "2000" || q.PreloadRemain != "500" {
				t.Fatalf("VOD quota spent: %+v", q)
			}
			if got := v.srv.Requests()[0]; got.Code != c.code || got.HTTPStatus != c.status || got.Accepted() {
				t.Fatalf("logged %+v", got)
			}
		})
	}
}

func TestDomainOwnership(t *testing.T) {
	v := newEnv(t, func(o *Options) { o.Domains = []string{"Mine.example.com"} })
	must(v.refreshCDN("", "http://mine.example.com/a", "MINE.example.com/b"))
	wantError(t, second(v.refreshCDN("", "http://mine.example.com/a", "http://other.example.com/b")), 400, "InvalidDomain.NotFound")
	wantError(t, second(v.refreshDCDN("", "http://other.example.com/b")), 400, "InvalidDomain.NotFound")
	wantError(t, second(v.refreshVOD("", "other.example.com/b")), 404, "InvalidDomain.NotFound")
	wantError(t, second(v.refreshER("", "n.s", "other.example.com", "http://mine.example.com/a")), 400, "InvalidDomain.NotFound")
	req := vod.CreatePreloadVodObjectCachesRequest()
	v.at(req)
	req.ObjectPath = "other.example.com/v.mp4"
	wantError(t, second(v.vod.PreloadVodObjectCaches(req)), 404, "InvalidDomain.NotFound")
}

// second returns the error of a (response, error) pair.
func second[T any](_ T, err error) error { return err }
