package refresh

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/cdn"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/dcdn"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vod"
)

// Task is one path of a refresh task, as the task look-ups report it.
type Task struct {
	ID           string
	ObjectPath   string
	ObjectType   string // as reported, in lower case: file, directory, regex, …
	Status       string // Refreshing, Complete or Failed
	Process      string // "0%" to "100%"
	Description  string // why it failed
	CreationTime string // 2006-01-02T15:04:05Z
}

// The status of a refresh as the resource reports it.
const (
	StatusSubmitted  = "Submitted" // accepted, not waited for
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
			return Request{}, progress, fmt.Errorf("the tasks mix object types %s and %s; one alicloud_cache_refresh has one", r.ObjectType, typ)
		}
		r.ObjectType = typ
		r.Paths = append(r.Paths, t.ObjectPath)
	}
	return r, progress, nil
}

// TasksByID looks up every path of the given task IDs. The look-ups of
// every caller on this client and service go through one poller, which
// asks for the IDs in flight together, as many per call as the service's
// look-up takes (poller.go), at the pace it allows.
func (c *Client) TasksByID(ctx context.Context, svc Service, ids []string) ([]Task, error) {
	return c.poller(svc).tasks(ctx, ids)
}

// tasksByID makes one by-ID look-up of at most TaskIDsPerLookup IDs.
func (c *Client) tasksByID(ctx context.Context, svc Service, ids []string) ([]Task, error) {
	limits := Table[svc]
	chunk := strings.Join(ids, ",")
	var got []Task
	var err error
	switch svc {
	case CDN:
		req := cdn.CreateDescribeRefreshTaskByIdRequest()
		c.prepare(req.RpcRequest, c.endpoints.CDN)
		req.TaskId = chunk
		var resp *cdn.DescribeRefreshTaskByIdResponse
		if err = c.lookup(ctx, svc, req.GetActionName(), limits.TaskLookupsPerSecond, func(s *sdkClients) (e error) { resp, e = s.cdn.DescribeRefreshTaskById(req); return }); err == nil {
			for _, t := range resp.Tasks {
				got = append(got, Task{t.TaskId, t.ObjectPath, t.ObjectType, t.Status, t.Process, t.Description, t.CreationTime})
			}
		}
		err = apiErrorOf(byIDLookup[svc], err)
	case DCDN, EdgeRoutine:
		req := dcdn.CreateDescribeDcdnRefreshTaskByIdRequest()
		c.prepare(req.RpcRequest, c.endpoints.DCDN)
		req.TaskId = chunk
		var resp *dcdn.DescribeDcdnRefreshTaskByIdResponse
		if err = c.lookup(ctx, svc, req.GetActionName(), limits.TaskLookupsPerSecond, func(s *sdkClients) (e error) { resp, e = s.dcdn.DescribeDcdnRefreshTaskById(req); return }); err == nil {
			for _, t := range resp.Tasks {
				got = append(got, Task{t.TaskId, t.ObjectPath, t.ObjectType, t.Status, t.Process, t.Description, t.CreationTime})
			}
		}
		err = apiErrorOf(byIDLookup[svc], err)
	case VOD:
		got, err = c.ListTasks(ctx, svc, TaskFilter{TaskID: chunk})
	}
	return got, err
}

// TaskFilter narrows the task list; every field is optional.
type TaskFilter struct {
	TaskID     string
	ObjectPath string // exact match, on the path as sent: percent-encoded (EncodePath) before the call
	DomainName string
	ObjectType string // file, directory, regex or preload
	Status     string // Complete, Refreshing or Failed
	StartTime  string // 2006-01-02T15:04:05Z, with EndTime
	EndTime    string
}

// The task list's filter values, as the look-ups document them.
var (
	TaskObjectTypes = []string{"file", "directory", "regex", "preload"}
	TaskStatuses    = []string{StatusComplete, StatusRefreshing, StatusFailed}
	taskIDPattern   = regexp.MustCompile(`^[0-9]+$`)
)

const taskTimeLayout = "2006-01-02T15:04:05Z"

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
		parsed, err := time.Parse(taskTimeLayout, t.value)
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

// ListTasks returns the tasks the filter matches, newest first, following
// every page at the pace the look-up allows.
func (c *Client) ListTasks(ctx context.Context, svc Service, f TaskFilter) ([]Task, error) {
	if ps := f.Validate(); len(ps) > 0 {
		return nil, ps
	}
	limits := Table[svc]
	var tasks []Task
	for page := 1; ; page++ {
		got, total, err := c.listPage(ctx, svc, f, page, limits.TasksPageSize.Max)
		if err != nil {
			return nil, err
		}
		tasks = append(tasks, got...)
		if len(got) == 0 || len(tasks) >= total {
			return tasks, nil
		}
	}
}

func (c *Client) listPage(ctx context.Context, svc Service, f TaskFilter, page, size int) ([]Task, int, error) {
	var tasks []Task
	var total int64
	var err error
	switch svc {
	case CDN:
		req := cdn.CreateDescribeRefreshTasksRequest()
		c.prepare(req.RpcRequest, c.endpoints.CDN)
		req.TaskId, req.ObjectPath, req.DomainName, req.ObjectType, req.Status = f.TaskID, EncodePath(f.ObjectPath), f.DomainName, f.ObjectType, f.Status
		req.StartTime, req.EndTime = f.StartTime, f.EndTime
		req.PageNumber, req.PageSize = requests.NewInteger(page), requests.NewInteger(size)
		var resp *cdn.DescribeRefreshTasksResponse
		if err = c.lookup(ctx, svc, req.GetActionName(), Table[svc].TaskListsPerSecond, func(s *sdkClients) (e error) { resp, e = s.cdn.DescribeRefreshTasks(req); return }); err == nil {
			total = resp.TotalCount
			for _, t := range resp.Tasks.CDNTask {
				tasks = append(tasks, Task{t.TaskId, t.ObjectPath, t.ObjectType, t.Status, t.Process, t.Description, t.CreationTime})
			}
		}
		err = apiErrorOf("DescribeRefreshTasks", err)
	case DCDN, EdgeRoutine:
		req := dcdn.CreateDescribeDcdnRefreshTasksRequest()
		c.prepare(req.RpcRequest, c.endpoints.DCDN)
		req.TaskId, req.ObjectPath, req.DomainName, req.ObjectType, req.Status = f.TaskID, EncodePath(f.ObjectPath), f.DomainName, f.ObjectType, f.Status
		req.StartTime, req.EndTime = f.StartTime, f.EndTime
		req.PageNumber, req.PageSize = requests.NewInteger(page), requests.NewInteger(size)
		var resp *dcdn.DescribeDcdnRefreshTasksResponse
		if err = c.lookup(ctx, svc, req.GetActionName(), Table[svc].TaskListsPerSecond, func(s *sdkClients) (e error) { resp, e = s.dcdn.DescribeDcdnRefreshTasks(req); return }); err == nil {
			total = resp.TotalCount
			for _, t := range resp.Tasks.Task {
				tasks = append(tasks, Task{t.TaskId, t.ObjectPath, t.ObjectType, t.Status, t.Process, t.Description, t.CreationTime})
			}
		}
		err = apiErrorOf("DescribeDcdnRefreshTasks", err)
	case VOD:
		req := vod.CreateDescribeVodRefreshTasksRequest()
		c.prepare(req.RpcRequest, c.vodEndpoint())
		req.TaskId, req.ObjectPath, req.DomainName, req.ObjectType, req.Status = f.TaskID, EncodePath(f.ObjectPath), f.DomainName, f.ObjectType, f.Status
		req.StartTime, req.EndTime = f.StartTime, f.EndTime
		req.PageNumber, req.PageSize = requests.NewInteger(page), requests.NewInteger(size)
		var resp *vod.DescribeVodRefreshTasksResponse
		if err = c.lookup(ctx, svc, req.GetActionName(), Table[svc].TaskListsPerSecond, func(s *sdkClients) (e error) { resp, e = s.vod.DescribeVodRefreshTasks(req); return }); err == nil {
			total = resp.TotalCount
			for _, t := range resp.Tasks.Task {
				tasks = append(tasks, Task{t.TaskId, t.ObjectPath, t.ObjectType, t.Status, t.Process, t.Description, t.CreationTime})
			}
		}
		err = apiErrorOf("DescribeVodRefreshTasks", err)
	}
	return tasks, int(total), err
}

// Quota is the account's daily refresh quota of a service and what is left
// of it today; nil where the service does not report a counter.
type Quota struct {
	URLQuota, URLRemain                   *int64
	DirQuota, DirRemain                   *int64
	RegexQuota, RegexRemain               *int64
	IgnoreParamsQuota, IgnoreParamsRemain *int64
}

// Quota reads the service's quota look-up. Edge routine refreshes spend
// DCDN's quota.
func (c *Client) Quota(ctx context.Context, svc Service) (Quota, error) {
	var fields [8]string
	var err error
	switch svc {
	case CDN:
		req := cdn.CreateDescribeRefreshQuotaRequest()
		c.prepare(req.RpcRequest, c.endpoints.CDN)
		var r *cdn.DescribeRefreshQuotaResponse
		if err = c.lookup(ctx, svc, "", Limit{}, func(s *sdkClients) (e error) { r, e = s.cdn.DescribeRefreshQuota(req); return }); err == nil {
			fields = [8]string{r.UrlQuota, r.UrlRemain, r.DirQuota, r.DirRemain, r.RegexQuota, r.RegexRemain, r.IgnoreParamsQuota, r.IgnoreParamsRemain}
		}
		err = apiErrorOf("DescribeRefreshQuota", err)
	case DCDN, EdgeRoutine:
		req := dcdn.CreateDescribeDcdnRefreshQuotaRequest()
		c.prepare(req.RpcRequest, c.endpoints.DCDN)
		var r *dcdn.DescribeDcdnRefreshQuotaResponse
		if err = c.lookup(ctx, svc, "", Limit{}, func(s *sdkClients) (e error) { r, e = s.dcdn.DescribeDcdnRefreshQuota(req); return }); err == nil {
			fields = [8]string{r.UrlQuota, r.UrlRemain, r.DirQuota, r.DirRemain, r.RegexQuota, r.RegexRemain, r.IgnoreParamsQuota, r.IgnoreParamsRemain}
		}
		err = apiErrorOf("DescribeDcdnRefreshQuota", err)
	case VOD:
		req := vod.CreateDescribeVodRefreshQuotaRequest()
		c.prepare(req.RpcRequest, c.vodEndpoint())
		var r *vod.DescribeVodRefreshQuotaResponse
		if err = c.lookup(ctx, svc, "", Limit{}, func(s *sdkClients) (e error) { r, e = s.vod.DescribeVodRefreshQuota(req); return }); err == nil {
			fields = [8]string{r.UrlQuota, r.UrlRemain, r.DirQuota, r.DirRemain}
		}
		err = apiErrorOf("DescribeVodRefreshQuota", err)
	}
	if err != nil {
		return Quota{}, err
	}
	var n [8]*int64
	for i, s := range fields {
		if s == "" {
			continue
		}
		v, perr := strconv.ParseInt(s, 10, 64)
		if perr != nil {
			return Quota{}, fmt.Errorf("the quota look-up answered %q, not a number", s)
		}
		n[i] = &v
	}
	return Quota{n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7]}, nil
}

// lookupRetries bounds how often a throttled or unavailable look-up is
// tried again; the waits double from lookupRetryWait.
const (
	lookupRetries   = 5
	lookupRetryWait = 250 * time.Millisecond
)

// lookup makes a look-up call, trying it again while Alibaba answers that
// it is throttled or unavailable, or the credentials could not be renewed
// (unless their source refused them, which repeating cannot change).
// Look-ups change nothing, so a repeat is harmless; a refresh is never
// repeated here. Every try of action books a slot in the process's pacer
// first, within perSecond (none when 0), so that parallel waits and reads
// together keep within the documented rate.
func (c *Client) lookup(ctx context.Context, svc Service, action string, perSecond Limit, call func(*sdkClients) error) error {
	wait := lookupRetryWait
	for try := 0; ; try++ {
		if perSecond.Max > 0 {
			if err := c.sleep(ctx, c.pacer(svc).reserve(c.clock(), action, perSecond.Max, 0, nil)); err != nil {
				return err
			}
		}
		s, err := c.sdk.take(ctx)
		if err != nil {
			return err
		}
		err = call(s)
		c.sdk.give(s)
		var se *sdkerrors.ServerError
		var ce *CredentialError // a renewal that failed, before anything was sent
		retry := errors.As(err, &ce) && !ce.Refused || errors.As(err, &se) && retryableLookup(se)
		if err == nil || try == lookupRetries || !retry {
			return err
		}
		if err := c.sleep(ctx, wait); err != nil {
			return err
		}
		wait *= 2
	}
}

func retryableLookup(se *sdkerrors.ServerError) bool {
	code := se.ErrorCode()
	return se.HttpStatus() >= 500 || se.HttpStatus() == 429 || code == "Throttling" || strings.HasPrefix(code, "Throttling.")
}

// apiErrorOf is apiError for a possibly nil error.
func apiErrorOf(operation string, err error) error {
	if err == nil {
		return nil
	}
	return apiError(operation, err)
}
