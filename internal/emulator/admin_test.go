package emulator

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/services/cdn"
)

// admin sends an admin request and returns the status and the raw body.
func (v *env) admin(method, path, body string) (int, string) {
	v.t.Helper()
	req, err := http.NewRequest(method, v.srv.URL()+"/_emulator/"+path, strings.NewReader(body))
	if err != nil {
		v.t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		v.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		v.t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

func TestAdminAPI(t *testing.T) {
	v := newEnv(t)
	must(v.refreshCDN("", "http://example.com/a"))

	status, body := v.admin(http.MethodGet, "requests", "")
	var reqs []map[string]any
	if err := json.Unmarshal([]byte(body), &reqs); status != 200 || err != nil || len(reqs) != 1 {
		t.Fatalf("GET requests: %d %s", status, body)
	}
	r := reqs[0]
	if r["action"] != "RefreshObjectCaches" || r["http_status"] != 200.0 || r["product"] != "cdn" ||
		r["params"].(map[string]any)["Signature"] != "REDACTED" || r["seq"] != 1.0 {
		t.Fatalf("request %v", r)
	}
	if status, _ := v.admin(http.MethodDelete, "requests", ""); status != http.StatusNoContent {
		t.Fatalf("DELETE requests: %d", status)
	}
	if _, body := v.admin(http.MethodGet, "requests", ""); strings.TrimSpace(body) != "[]" {
		t.Fatalf("after DELETE: %s", body)
	}

	// Faults.
	status, body = v.admin(http.MethodPost, "faults", `{"kind":"throttle","count":1,"actions":["RefreshObjectCaches"]}`)
	if status != http.StatusNoContent {
		t.Fatalf("POST faults: %d %s", status, body)
	}
	wantError(t, second(v.refreshCDN("", "http://example.com/b")), 429, "TooManyRequests")
	v.admin(http.MethodPost, "faults", `{"kind":"slow","delay_ms":100}`)
	start := time.Now()
	must(v.refreshCDN("", "http://example.com/c"))
	if time.Since(start) < 100*time.Millisecond {
		t.Fatal("delay_ms ignored")
	}
	v.admin(http.MethodPost, "faults", `{"kind":"drop","after_processing":true}`)
	if _, err := v.refreshCDN("", "http://example.com/d"); err == nil {
		t.Fatal("drop ignored")
	}
	v.admin(http.MethodPost, "faults", `{"kind":"server_error","actions":["DescribeRefreshQuota"],"after":"DescribeRefreshTasks"}`)
	quota := cdn.CreateDescribeRefreshQuotaRequest()
	v.at(quota)
	must(v.cdn.DescribeRefreshQuota(quota)) // dormant until the task list is read
	if n := v.srv.PendingFaults(); n != 1 {
		t.Fatalf("%d faults pending, want the dormant one", n)
	}
	v.admin(http.MethodPost, "faults", `{"kind":"server_error","count":3}`)
	if status, _ := v.admin(http.MethodDelete, "faults", ""); status != http.StatusNoContent {
		t.Fatalf("DELETE faults: %d", status)
	}
	must(v.refreshCDN("", "http://example.com/e"))

	// Failing tasks and moving the clock.
	if status, _ := v.admin(http.MethodPost, "tasks/fail", `{"count":1,"description":"Origin Timeout"}`); status != http.StatusNoContent {
		t.Fatalf("POST tasks/fail: %d", status)
	}
	id := must(v.refreshCDN("Directory", "http://example.com/dir/")).RefreshTaskId
	status, body = v.admin(http.MethodPost, "clock/advance", `{"seconds":2.5}`)
	if status != 200 || !strings.Contains(body, `"now":"2025-03-01T10:00:02.5Z"`) {
		t.Fatalf("POST clock/advance: %d %s", status, body)
	}
	status, body = v.admin(http.MethodGet, "tasks", "")
	var tasks []Task
	if err := json.Unmarshal([]byte(body), &tasks); status != 200 || err != nil || len(tasks) != 5 {
		t.Fatalf("GET tasks: %d %s", status, body)
	}
	if last := tasks[4]; last.TaskID != id || last.Status != "Failed" || last.Description != "Origin Timeout" ||
		last.Product != "cdn" || last.ObjectType != "directory" || last.Process != "0%" || last.CreationTime != "2025-03-01T10:00:00Z" {
		t.Fatalf("task %+v", last)
	}
	if !strings.Contains(body, `"task_id":"`+id+`"`) {
		t.Fatalf("keys: %s", body)
	}

	// Switches and failing paths.
	if status, body := v.admin(http.MethodPut, "switches", `{"report_scheme":true,"merge_window_ms":60000,"sliding_second":true}`); status != http.StatusNoContent {
		t.Fatalf("PUT switches: %d %s", status, body)
	}
	if status, body := v.admin(http.MethodPost, "tasks/fail", `{"paths":["example.com/bad.js"]}`); status != http.StatusNoContent {
		t.Fatalf("POST tasks/fail paths: %d %s", status, body)
	}
	status, body = v.admin(http.MethodGet, "switches", "")
	if status != 200 || strings.TrimSpace(body) != `{"report_scheme":true,"merge_window_ms":60000,"sliding_second":true,"fail_paths":{"example.com/bad.js":"Origin Return StatusCode 5XX"}}` {
		t.Fatalf("GET switches: %d %s", status, body)
	}
	merged := must(v.refreshCDN("", "example.com/ok.js")).RefreshTaskId
	v.clock.Advance(30 * time.Second)
	if id := must(v.refreshCDN("", "example.com/bad.js")).RefreshTaskId; id != merged {
		t.Fatalf("merge_window_ms: %s then %s", merged, id)
	}
	v.clock.Advance(DefaultTaskDuration)
	for _, tk := range v.cdnTasksByID(merged).Tasks {
		if want := map[string]string{"http://example.com/ok.js": "Complete", "http://example.com/bad.js": "Failed"}[tk.ObjectPath]; tk.Status != want {
			t.Fatalf("task %+v, want %q", tk, want)
		}
	}
	v.admin(http.MethodPut, "switches", `{"report_scheme":false}`)
	if status, _ := v.admin(http.MethodDelete, "tasks/fail", ""); status != http.StatusNoContent {
		t.Fatalf("DELETE tasks/fail: %d", status)
	}
	if s := v.srv.Switches(); s.ReportScheme || s.MergeWindowMS != 60000 || len(s.FailPaths) != 0 {
		t.Fatalf("switches %+v", s)
	}
	// pending_ms: new CDN and DCDN tasks report Pending first.
	if status, body := v.admin(http.MethodPut, "switches", `{"pending_ms":3000}`); status != http.StatusNoContent {
		t.Fatalf("PUT switches pending_ms: %d %s", status, body)
	}
	if _, body := v.admin(http.MethodGet, "switches", ""); !strings.Contains(body, `"pending_ms":3000`) {
		t.Fatalf("GET switches: %s", body)
	}
	pending := must(v.refreshCDN("Directory", "example.com/pending/")).RefreshTaskId
	if got := v.cdnTasksByID(pending).Tasks[0].Status; got != "Pending" {
		t.Fatalf("pending_ms: %s", got)
	}
	v.clock.Advance(3 * time.Second)
	if got := v.cdnTasksByID(pending).Tasks[0].Status; got != "Refreshing" {
		t.Fatalf("after pending_ms: %s", got)
	}
	v.admin(http.MethodPut, "switches", `{"pending_ms":0}`)
	if _, body := v.admin(http.MethodGet, "switches", ""); strings.Contains(body, "pending_ms") {
		t.Fatalf("GET switches with pending_ms 0: %s", body)
	}

	// Refusals.
	for _, c := range []struct {
		method, path, body string
		status             int
	}{
		{http.MethodPost, "faults", `{"kind":"meteor"}`, 400},
		{http.MethodPost, "faults", `{"kind":"throttle","times":2}`, 400},
		{http.MethodPost, "faults", `not json`, 400},
		{http.MethodPost, "tasks/fail", `{"count":0}`, 400},
		{http.MethodPut, "switches", `{"merge_window_ms":-1}`, 400},
		{http.MethodPut, "switches", `{"pending_ms":-1}`, 400},
		{http.MethodPut, "switches", `{"report_schema":true}`, 400},
		{http.MethodPost, "clock/advance", `{"seconds":-1}`, 400},
		{http.MethodGet, "faults", "", 404},
		{http.MethodGet, "nothing", "", 404},
	} {
		if status, body := v.admin(c.method, c.path, c.body); status != c.status || !strings.Contains(body, `"error"`) {
			t.Errorf("%s %s %s: %d %s", c.method, c.path, c.body, status, body)
		}
	}
	// The admin API is not in the request log.
	for _, r := range v.srv.Requests() {
		if r.Action == "" {
			t.Fatalf("admin call logged: %+v", r)
		}
	}

	// On the real clock, the clock cannot be moved.
	realClock, err := Start(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer realClock.Close()
	resp, err := http.Post(realClock.URL()+"/_emulator/clock/advance", "application/json", strings.NewReader(`{"seconds":1}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusConflict {
		t.Fatalf("real clock: %d", resp.StatusCode)
	}
}
