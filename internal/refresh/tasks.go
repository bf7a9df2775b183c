package refresh

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// Task is one path of a refresh task, as the task look-ups report it.
type Task struct {
	ID           string
	ObjectPath   string
	ObjectType   string // as reported, in lower case: file, directory, regex, …
	Status       string // Pending, Refreshing, Complete or Failed
	Process      string // "0%" to "100%"
	Description  string // why it failed
	CreationTime string // 2006-01-02T15:04:05Z
}

// The status of a refresh as the resource reports it. The look-ups report
// the last four: CDN's and DCDN's by-ID look-ups document exactly Pending,
// Refreshing, Complete and Failed; VOD's all but Pending (reference notes
// §9). Pending and Refreshing are unfinished (Final).
const (
	StatusSubmitted  = "Submitted" // accepted, not waited for
	StatusPending    = "Pending"   // accepted by Alibaba, not started yet
	StatusRefreshing = "Refreshing"
	StatusComplete   = "Complete"
	StatusFailed     = "Failed"
)

// TaskObjectType is the object type of a refresh task, from the type the
// look-ups report in lower case ("file", "ignoreparams"); false for a
// prefetch task.
func TaskObjectType(reported string) (ObjectType, bool) {
	for _, t := range ObjectTypes {
		if strings.EqualFold(string(t), reported) {
			return t, true
		}
	}
	return "", false
}

// RequestOfTasks rebuilds the refresh that created the given tasks, as
// far as the look-ups tell: the service, the paths (grouped by task ID) and
// the object type; force, the routine and the merged domains they do not
// report. It also returns where the tasks stand.
func RequestOfTasks(svc Service, ids []string, tasks []Task) (Request, Progress, error) {
	progress := Summarize(ids, tasks)
	if len(progress.Missing) > 0 {
		return Request{}, progress, fmt.Errorf("no %s task %s in Alibaba Cloud's history: tasks are kept for three days", svc, strings.Join(progress.Missing, ", "))
	}
	r := Request{Service: svc}
	for _, t := range tasks {
		typ, ok := TaskObjectType(t.ObjectType)
		if !ok {
			return Request{}, progress, fmt.Errorf("task %s is of type %q, not a refresh", t.ID, t.ObjectType)
		}
		if r.ObjectType != "" && typ != r.ObjectType {
			return Request{}, progress, fmt.Errorf("the tasks mix object types %s and %s; a refresh has one", r.ObjectType, typ)
		}
		r.ObjectType = typ
		r.Paths = append(r.Paths, t.ObjectPath)
	}
	return r, progress, nil
}

// TaskFilter narrows the task list; every field is optional.
type TaskFilter struct {
	TaskID     string
	ObjectPath string // exact match, on the path as sent: percent-encoded (EncodePath) before the call
	DomainName string
	ObjectType string // file, directory, regex or preload
	Status     string // Complete, Refreshing or Failed (the task lists' documented filter values)
	StartTime  string // 2006-01-02T15:04:05Z, with EndTime
	EndTime    string
}

// The task list's filter values, as the look-ups document them.
var (
	TaskObjectTypes = []string{"file", "directory", "regex", "preload"}
	TaskStatuses    = []string{StatusComplete, StatusRefreshing, StatusFailed}
	taskIDPattern   = regexp.MustCompile(`^[0-9]+$`)
)

// TaskTimeLayout is how the look-ups write times: UTC, to the second.
const TaskTimeLayout = "2006-01-02T15:04:05Z"

// Validate checks a filter against the look-ups' documented rules.
func (f TaskFilter) Validate() Problems {
	var ps Problems
	add := func(attr, summary, detail string) { ps = append(ps, Problem{attr, -1, summary, detail}) }
	if f.TaskID != "" && !taskIDPattern.MatchString(f.TaskID) {
		add("task_id", "Malformed task ID", fmt.Sprintf("%q is not a task ID: task IDs are digits, such as 704222901 (InvalidTaskId.Malformed)", f.TaskID))
	}
	if f.ObjectType != "" {
		if _, err := parseEnum(f.ObjectType, TaskObjectTypes); err != nil {
			add("object_type", "Unknown object type", err.Error())
		}
	}
	if f.Status != "" {
		if _, err := parseEnum(f.Status, TaskStatuses); err != nil {
			add("status", "Unknown status", err.Error())
		}
	}
	for _, needs := range []struct {
		attr string
		set  bool
	}{{"domain_name", f.DomainName != ""}, {"status", f.Status != ""}} {
		if needs.set && f.ObjectType == "" {
			add(needs.attr, "Filter needs object_type", "the task look-ups filter on "+needs.attr+" only together with object_type (MissingParameter.ObjectType): set object_type as well")
		}
	}
	if (f.StartTime == "") != (f.EndTime == "") {
		add("start_time", "Incomplete time range", "start_time and end_time go together (MissingTimeParameter): set both, or neither")
	}
	var start, end time.Time
	for _, t := range []struct {
		attr, value string
		into        *time.Time
	}{{"start_time", f.StartTime, &start}, {"end_time", f.EndTime, &end}} {
		if t.value == "" {
			continue
		}
		parsed, err := time.Parse(TaskTimeLayout, t.value)
		if err != nil {
			add(t.attr, "Malformed time", fmt.Sprintf("%q is not a UTC time such as 2025-03-01T08:00:00Z", t.value))
		}
		*t.into = parsed
	}
	if !start.IsZero() && !end.IsZero() && end.Before(start) {
		add("end_time", "Time range reversed", "end_time is before start_time")
	}
	return ps
}

// SplitTaskIDs splits a RefreshTaskId such as "123,456" into its IDs.
func SplitTaskIDs(taskID string) []string {
	var ids []string
	for _, id := range strings.Split(taskID, ",") {
		if id = strings.TrimSpace(id); id != "" {
			ids = append(ids, id)
		}
	}
	return ids
}
