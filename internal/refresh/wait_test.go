package refresh

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestBackoffSchedule(t *testing.T) {
	var got []time.Duration
	for d := DefaultBackoff.Next(0); len(got) < 8; d = DefaultBackoff.Next(d) {
		got = append(got, d)
	}
	want := "[1s 2s 4s 8s 16s 30s 30s 30s]"
	if fmt.Sprint(got) != want {
		t.Fatalf("schedule %v, want %s", got, want)
	}
}

func TestTaskFilterRules(t *testing.T) {
	tests := []struct {
		f     TaskFilter
		where string
	}{
		{TaskFilter{}, ""},
		{TaskFilter{TaskID: "704222901", ObjectType: "file", Status: "Complete", DomainName: "example.com", StartTime: "2026-03-01T00:00:00Z", EndTime: "2026-03-02T00:00:00Z"}, ""},
		{TaskFilter{TaskID: "abc"}, "task_id"},
		{TaskFilter{Status: "Complete"}, "status"},
		{TaskFilter{DomainName: "example.com"}, "domain_name"},
		{TaskFilter{ObjectType: "File"}, "object_type"},
		{TaskFilter{ObjectType: "file", Status: "done"}, "status"},
		{TaskFilter{StartTime: "2026-03-01T00:00:00Z"}, "start_time"},
		{TaskFilter{StartTime: "2026-03-01", EndTime: "2026-03-02T00:00:00Z"}, "start_time"},
		{TaskFilter{StartTime: "2026-03-02T00:00:00Z", EndTime: "2026-03-01T00:00:00Z"}, "end_time"},
	}
	for _, tc := range tests {
		ps := tc.f.Validate()
		if (tc.where == "") != (len(ps) == 0) || (len(ps) > 0 && ps[0].Attribute != tc.where) {
			t.Errorf("%+v: got %v, want a problem at %q", tc.f, ps, tc.where)
		}
	}
	if ps := (TaskFilter{ObjectType: "File"}).Validate(); !strings.Contains(ps.Error(), `did you mean "file"?`) {
		t.Errorf("no spelling suggestion: %v", ps)
	}
}

func TestSummarize(t *testing.T) {
	done := Task{ID: "1", Status: StatusComplete, Process: "100%"}
	running := Task{ID: "2", Status: StatusRefreshing, Process: "0%"}
	pending := Task{ID: "2", Status: StatusPending, Process: "0%"}
	pending1 := Task{ID: "1", Status: StatusPending, Process: "0%"}
	failed := Task{ID: "2", Status: StatusFailed, Process: "0%", ObjectPath: "a.com/x", Description: "Internal Error"}
	for _, tc := range []struct {
		ids   []string
		tasks []Task
		want  string
	}{
		{[]string{"1"}, []Task{done}, StatusComplete},
		{[]string{"1", "2"}, []Task{done}, StatusRefreshing}, // 2 not reported yet
		{[]string{"1", "2"}, []Task{done, running}, StatusRefreshing},
		{[]string{"1", "2"}, []Task{failed, done}, StatusFailed},
		{[]string{"1", "2"}, []Task{running, failed}, StatusFailed},
		// Pending (CDN and DCDN, reference notes §9) is unfinished.
		{[]string{"2"}, []Task{pending}, StatusPending},
		{[]string{"1", "2"}, []Task{pending1, pending}, StatusPending},
		{[]string{"1", "2"}, []Task{pending1}, StatusPending}, // 2 not reported yet
		{[]string{"1", "2"}, []Task{done, pending}, StatusRefreshing},
		{[]string{"1", "2"}, []Task{pending1, running}, StatusRefreshing},
		{[]string{"1", "2"}, []Task{pending1, failed}, StatusFailed},
		{[]string{"2"}, []Task{{ID: "2", Status: "Queued"}}, StatusRefreshing}, // undocumented: unfinished
	} {
		if p := Summarize(tc.ids, tc.tasks); p.Status != tc.want {
			t.Errorf("Summarize(%v, %+v) = %s, want %s", tc.ids, tc.tasks, p.Status, tc.want)
		}
	}
	for status, final := range map[string]bool{StatusComplete: true, StatusFailed: true, StatusPending: false, StatusRefreshing: false, StatusSubmitted: false, "": false} {
		if Final(status) != final {
			t.Errorf("Final(%q) = %v, want %v", status, !final, final)
		}
	}
}

func TestRequestOfTasks(t *testing.T) {
	file := func(id, path string) Task {
		return Task{ID: id, ObjectPath: path, ObjectType: "file", Status: StatusComplete}
	}
	r, p, err := RequestOfTasks(CDN, []string{"1", "2"}, []Task{file("1", "a.com/x"), file("1", "a.com/y"), file("2", "b.com/z")})
	if err != nil || r.ObjectType != File || fmt.Sprint(r.Paths) != "[a.com/x a.com/y b.com/z]" || p.Status != StatusComplete {
		t.Fatalf("%v %+v %+v", err, r, p)
	}
	if r, _, err := RequestOfTasks(DCDN, []string{"3"}, []Task{{ID: "3", ObjectPath: "a.com/", ObjectType: "ignoreparams"}}); err != nil || r.ObjectType != IgnoreParams {
		t.Fatalf("ignoreparams: %v %+v", err, r)
	}
	for want, tasks := range map[string][]Task{
		"no cdn task 2 in Alibaba Cloud's history": {file("1", "a.com/x")},
		"mix object types":                         {file("1", "a.com/x"), {ID: "2", ObjectPath: "a.com/d/", ObjectType: "directory"}},
		`of type "preload", not a refresh`:         {file("1", "a.com/x"), {ID: "2", ObjectPath: "a.com/y", ObjectType: "preload"}},
	} {
		if _, _, err := RequestOfTasks(CDN, []string{"1", "2"}, tasks); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("want %q, got %v", want, err)
		}
	}
}
