package emulator

import (
	"strconv"
	"strings"
	"time"
)

// firstTaskID starts the task ID counter (assumed: Alibaba's IDs are numeric
// strings of 9 to 11 digits).
const firstTaskID = 20000000001

// creationTimeLayout is how the look-ups write times (ref §4).
const creationTimeLayout = "2006-01-02T15:04:05Z"

// task is one path of one accepted refresh or prefetch.
type task struct {
	id         string
	product    *product
	path       string
	domain     string
	objectType string // as the look-ups report it: file, directory, regex, ignoreparams, preload
	created    time.Time
	pending    time.Duration // how long it reports Pending first (Options.PendingDuration when created)
	failure    string        // non-empty: the task ends Failed with this Description
}

// state is the task's Status, Process and Description at now: Pending for
// its pending time, Refreshing for the task duration, then Complete or
// Failed.
func (t *task) state(now time.Time, duration time.Duration) (status, process, description string) {
	switch {
	case now.Before(t.created.Add(t.pending)):
		return "Pending", "0%", ""
	case now.Before(t.ends(duration)):
		return "Refreshing", "0%", ""
	case t.failure != "":
		return "Failed", "0%", t.failure
	default:
		return "Complete", "100%", ""
	}
}

// ends is when the task leaves Refreshing, given the task duration.
func (t *task) ends(duration time.Duration) time.Time {
	return t.created.Add(t.pending + duration)
}

// mergeBucket is the task ID this second's URL paths of one domain share.
type mergeBucket struct {
	id    string
	n     int
	first time.Time // its first task's arrival, for Options.MergeWindow
}

// defaultPathFailure is the Description of a task failed by FailPaths.
const defaultPathFailure = "Origin Return StatusCode 5XX"

// failBatch is a FailNextTasks order not yet used up.
type failBatch struct {
	n           int
	description string
}

// Task is a task as the emulator keeps it; the look-ups report the same
// values.
type Task struct {
	TaskID       string `json:"task_id"`
	Product      string `json:"product"`
	ObjectPath   string `json:"object_path"`
	ObjectType   string `json:"object_type"`
	Status       string `json:"status"`
	Process      string `json:"process"`
	CreationTime string `json:"creation_time"`
	Description  string `json:"description"`
}

// Tasks returns every task still in history, oldest first.
func (e *Emulator) Tasks() []Task {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := e.clock.Now().UTC()
	out := []Task{}
	for _, t := range e.tasks {
		if e.visible(t, now) {
			item := e.wireTask(t, now)
			out = append(out, Task{
				TaskID: item.TaskId, Product: t.product.name, ObjectPath: item.ObjectPath, ObjectType: item.ObjectType,
				Status: item.Status, Process: item.Process, CreationTime: item.CreationTime, Description: item.Description,
			})
		}
	}
	return out
}

// reportedPath is a path as the look-ups spell it: as sent, or with
// "http://" added to one sent without a scheme (Options.ReportScheme).
func (e *Emulator) reportedPath(path string) string {
	if !e.reportScheme || hasScheme(path) {
		return path
	}
	return "http://" + path
}

// hasScheme reports whether a path starts with a scheme, before any "/",
// "?" or "#" (as pathDomain reads it).
func hasScheme(path string) bool {
	i := strings.Index(path, "://")
	return i >= 0 && !strings.ContainsAny(path[:i], "/?#")
}

// Switches are the emulator's behaviours a test or a module author may
// change while it runs (Options holds their starting values).
type Switches struct {
	ReportScheme  bool              `json:"report_scheme"`
	MergeWindowMS int64             `json:"merge_window_ms"`
	SlidingSecond bool              `json:"sliding_second"`
	FailPaths     map[string]string `json:"fail_paths"`           // path as sent → Description
	PendingMS     int64             `json:"pending_ms,omitempty"` // Options.PendingDuration; absent: 0
}

// Switches returns the current switches.
func (e *Emulator) Switches() Switches {
	e.mu.Lock()
	defer e.mu.Unlock()
	fail := make(map[string]string, len(e.failPaths))
	for p, d := range e.failPaths {
		fail[p] = d
	}
	return Switches{ReportScheme: e.reportScheme, MergeWindowMS: e.mergeWindow.Milliseconds(), SlidingSecond: e.usage.sliding, FailPaths: fail,
		PendingMS: e.pendingDuration.Milliseconds()}
}

// SetPendingDuration sets Options.PendingDuration; tasks already created
// keep theirs, so that none goes back from Refreshing or Complete.
func (e *Emulator) SetPendingDuration(d time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.pendingDuration = max(d, 0)
}

// SetSlidingSecond turns Options.SlidingSecond on or off.
func (e *Emulator) SetSlidingSecond(on bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.usage.sliding = on
}

// SetReportScheme turns Options.ReportScheme on or off.
func (e *Emulator) SetReportScheme(on bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.reportScheme = on
}

// SetMergeWindow sets Options.MergeWindow; tasks already merged keep
// their IDs.
func (e *Emulator) SetMergeWindow(d time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.mergeWindow = max(d, 0)
	clear(e.merge)
}

// FailPath makes every task created from now on for path (as sent) end
// Failed with description (defaultPathFailure when empty), whatever task
// ID it shares. ClearFailPaths undoes it.
func (e *Emulator) FailPath(path, description string) {
	if description == "" {
		description = defaultPathFailure
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.failPaths[path] = description
}

// ClearFailPaths forgets every FailPath and FailNextTasks order.
func (e *Emulator) ClearFailPaths() {
	e.mu.Lock()
	defer e.mu.Unlock()
	clear(e.failPaths)
	e.failQueue = nil
}

// FailNextTasks makes the next n tasks created (one per submitted path) end
// Failed with description instead of Complete. An empty description is
// "Internal Error", one of Alibaba's (ref §4).
func (e *Emulator) FailNextTasks(n int, description string) {
	if n < 1 {
		return
	}
	if description == "" {
		description = "Internal Error"
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.failQueue = append(e.failQueue, failBatch{n, description})
}

// nextFailure takes one task's worth of FailNextTasks, if any is left.
func (e *Emulator) nextFailure() string {
	if len(e.failQueue) == 0 {
		return ""
	}
	b := &e.failQueue[0]
	b.n--
	d := b.description
	if b.n == 0 {
		e.failQueue = e.failQueue[1:]
	}
	return d
}

// createTasks records one task per path and returns the distinct task IDs
// in submission order. With merge, paths share the ID of their domain's
// bucket this second, up to mergeSize a bucket; otherwise each path gets its
// own ID.
func (e *Emulator) createTasks(c call, paths []objectPath, objectType string, merge bool) []string {
	var ids []string
	seen := make(map[string]bool)
	for _, op := range paths {
		var id string
		if merge {
			key := c.op.action + "|" + op.domain + "|" + objectType
			b := e.merge[key]
			if b == nil || b.n == mergeSize || e.mergeWindow > 0 && !c.now.Before(b.first.Add(e.mergeWindow)) {
				b = &mergeBucket{id: e.newTaskID(), first: c.now}
				e.merge[key] = b
			}
			b.n++
			id = b.id
		} else {
			id = e.newTaskID()
		}
		failure := e.nextFailure()
		if d, ok := e.failPaths[op.path]; ok && failure == "" {
			failure = d
		}
		var pending time.Duration
		if c.op.product.reportsPending {
			pending = e.pendingDuration
		}
		e.tasks = append(e.tasks, &task{
			id: id, product: c.op.product, path: op.path, domain: op.domain,
			objectType: objectType, created: c.now, pending: pending, failure: failure,
		})
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids
}

func (e *Emulator) newTaskID() string {
	e.lastID++
	return strconv.FormatInt(e.lastID, 10)
}

// pruneTasks forgets tasks older than the history window.
func (e *Emulator) pruneTasks(now time.Time) {
	for len(e.tasks) > 0 && !e.visible(e.tasks[0], now) {
		e.tasks = e.tasks[1:]
	}
}

// visible reports whether t is within the history window. The look-ups
// check it too, since a clock moved backwards can leave old tasks behind
// newer ones.
func (e *Emulator) visible(t *task, now time.Time) bool {
	return !t.created.Before(now.Add(-historyWindow))
}

// wireTask is a task as the look-ups return it (SDK CDNTask / Task).
type wireTask struct {
	TaskId       string `json:"TaskId"`
	ObjectPath   string `json:"ObjectPath"`
	ObjectType   string `json:"ObjectType"`
	Status       string `json:"Status"`
	Process      string `json:"Process"`
	CreationTime string `json:"CreationTime"`
	Description  string `json:"Description"`
}

func (e *Emulator) wireTask(t *task, now time.Time) wireTask {
	status, process, description := t.state(now, e.taskDuration)
	return wireTask{
		TaskId: t.id, ObjectPath: e.reportedPath(t.path), ObjectType: t.objectType, Status: status,
		Process: process, CreationTime: t.created.Format(creationTimeLayout), Description: description,
	}
}

type describeTasksBody struct {
	RequestId  string                `json:"RequestId"`
	PageNumber int                   `json:"PageNumber"`
	PageSize   int                   `json:"PageSize"`
	TotalCount int                   `json:"TotalCount"`
	Tasks      map[string][]wireTask `json:"Tasks"` // {"CDNTask": [...]} or {"Task": [...]}
}

// describeTasks serves Describe{,Dcdn,Vod}RefreshTasks: the product's tasks,
// newest first, filtered and paged (ref §4, §5, §6).
func (e *Emulator) describeTasks(c call) (any, *apiError) {
	p, q := c.op.product, c.params
	page, err := intParam(q, "PageNumber", 1, maxPageNumber, 1)
	if err != nil {
		return nil, err
	}
	size, err := intParam(q, "PageSize", 1, p.maxPageSize, defaultPageSize)
	if err != nil {
		return nil, err
	}
	taskID := q["TaskId"]
	if taskID != "" && !isDigits(taskID) {
		return nil, errInvalidTaskID()
	}
	objectType, status, domain := q["ObjectType"], q["Status"], normalizeDomain(q["DomainName"])
	if (domain != "" || status != "") && objectType == "" {
		return nil, errMissingObjectTypeFilter()
	}
	start, end, err := timeRange(q)
	if err != nil {
		return nil, err
	}

	var matched []wireTask
	for i := len(e.tasks) - 1; i >= 0; i-- {
		t := e.tasks[i]
		if t.product != p || !e.visible(t, c.now) ||
			taskID != "" && t.id != taskID ||
			q["ObjectPath"] != "" && t.path != q["ObjectPath"] && e.reportedPath(t.path) != q["ObjectPath"] ||
			domain != "" && t.domain != domain ||
			objectType != "" && t.objectType != objectType ||
			!start.IsZero() && (t.created.Before(start) || t.created.After(end)) {
			continue
		}
		w := e.wireTask(t, c.now)
		if status != "" && w.Status != status {
			continue
		}
		matched = append(matched, w)
	}
	items := []wireTask{}
	if from := (page - 1) * size; from < len(matched) {
		items = matched[from:min(from+size, len(matched))]
	}
	return describeTasksBody{
		RequestId: c.requestID, PageNumber: page, PageSize: size, TotalCount: len(matched),
		Tasks: map[string][]wireTask{p.tasksKey: items},
	}, nil
}

type describeTaskByIDBody struct {
	RequestId  string     `json:"RequestId"`
	TotalCount int        `json:"TotalCount"`
	Tasks      []wireTask `json:"Tasks"` // a plain array here (ref §4, SDK)
}

// describeTaskByID serves Describe{,Dcdn}RefreshTaskById: every path of up
// to maxTaskIDs comma-separated IDs, in the order asked.
func (e *Emulator) describeTaskByID(c call) (any, *apiError) {
	p := c.op.product
	raw := c.params["TaskId"]
	if raw == "" {
		return nil, errMissing("TaskId")
	}
	ids := strings.Split(raw, ",")
	if len(ids) > p.maxTaskIDs {
		return nil, errInvalidTaskID()
	}
	items := []wireTask{}
	seen := make(map[string]bool)
	for _, id := range ids {
		id = strings.TrimSpace(id)
		if !isDigits(id) {
			return nil, errInvalidTaskID()
		}
		if seen[id] {
			continue
		}
		seen[id] = true
		for _, t := range e.tasks {
			if t.id == id && t.product == p && e.visible(t, c.now) {
				items = append(items, e.wireTask(t, c.now))
			}
		}
	}
	return describeTaskByIDBody{RequestId: c.requestID, TotalCount: len(items), Tasks: items}, nil
}

// intParam reads an optional integer parameter within [lo, hi].
func intParam(q map[string]string, name string, lo, hi, def int) (int, *apiError) {
	s := q[name]
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, errInvalidParameter(name)
	}
	return n, nil
}

// timeRange reads StartTime and EndTime, which come together or not at all.
func timeRange(q map[string]string) (start, end time.Time, err *apiError) {
	s, e := q["StartTime"], q["EndTime"]
	if s == "" && e == "" {
		return start, end, nil
	}
	if s == "" || e == "" {
		return start, end, errMissingTimeParameter()
	}
	start, perr := time.Parse(creationTimeLayout, s)
	if perr != nil {
		return start, end, errInvalidParameter("StartTime")
	}
	end, perr = time.Parse(creationTimeLayout, e)
	if perr != nil || end.Before(start) {
		return start, end, errInvalidParameter("EndTime")
	}
	return start, end, nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
