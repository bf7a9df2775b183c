package alibaba

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/purgeworks/terraform-provider-alicloud/internal/refresh"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
)

// TasksByID looks up every path of the given task IDs. The look-ups of
// every caller on this client and service go through one poller, which
// asks for the IDs in flight together, as many per call as the service's
// look-up takes (poller.go), at the pace it allows.
func (c *Client) TasksByID(ctx context.Context, svc refresh.Service, ids []string) ([]refresh.Task, error) {
	return c.poller(svc).tasks(ctx, ids)
}

// tasksByID makes one by-ID look-up of at most TaskIDsPerLookup IDs, or
// reads the task list filtered by the one ID where the service has no
// by-ID look-up.
func (c *Client) tasksByID(ctx context.Context, svc refresh.Service, ids []string) ([]refresh.Task, error) {
	d := refresh.Describe(svc)
	if !d.TasksByID.Has() {
		return c.ListTasks(ctx, svc, refresh.TaskFilter{TaskID: strings.Join(ids, ",")})
	}
	var tasks []refresh.Task
	err := c.lookup(ctx, svc, d.TasksByID.Action, refresh.Table[svc].TaskLookupsPerSecond, func(s *sdkClients) error {
		rep, err := c.rpc(s, d, d.TasksByID.Action, map[string]string{"TaskId": strings.Join(ids, ",")})
		if err == nil {
			tasks, err = rep.tasks(d.TasksByID.Answer)
		}
		return err
	})
	return tasks, apiErrorOf(d.TasksByID.Action, err)
}

// ListTasks returns the tasks the filter matches, newest first, following
// every page at the pace the look-up allows.
func (c *Client) ListTasks(ctx context.Context, svc refresh.Service, f refresh.TaskFilter) ([]refresh.Task, error) {
	if ps := f.Validate(); len(ps) > 0 {
		return nil, ps
	}
	limits := refresh.Table[svc]
	var tasks []refresh.Task
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

func (c *Client) listPage(ctx context.Context, svc refresh.Service, f refresh.TaskFilter, page, size int) ([]refresh.Task, int, error) {
	d := refresh.Describe(svc)
	var tasks []refresh.Task
	var total int
	err := c.lookup(ctx, svc, d.TaskList.Action, refresh.Table[svc].TaskListsPerSecond, func(s *sdkClients) error {
		rep, err := c.rpc(s, d, d.TaskList.Action, map[string]string{
			"TaskId": f.TaskID, "ObjectPath": refresh.EncodePath(f.ObjectPath), "DomainName": f.DomainName,
			"ObjectType": f.ObjectType, "Status": f.Status, "StartTime": f.StartTime, "EndTime": f.EndTime,
			"PageNumber": strconv.Itoa(page), "PageSize": strconv.Itoa(size),
		})
		if err == nil {
			tasks, err = rep.tasks(d.TaskList.Answer)
		}
		if err == nil {
			total, err = rep.count("TotalCount")
		}
		return err
	})
	return tasks, total, apiErrorOf(d.TaskList.Action, err)
}

// Quota reads the service's quota look-up. Edge routine refreshes spend
// DCDN's quota. A counter the service does not report stays nil.
func (c *Client) Quota(ctx context.Context, svc refresh.Service) (refresh.Quota, error) {
	d := refresh.Describe(svc)
	var q refresh.Quota
	err := c.lookup(ctx, svc, "", refresh.Limit{}, func(s *sdkClients) error {
		rep, err := c.rpc(s, d, d.Quota.Action, nil)
		if err != nil {
			return err
		}
		counters := []struct {
			name string
			to   **int64
		}{
			{"UrlQuota", &q.URLQuota}, {"UrlRemain", &q.URLRemain}, {"DirQuota", &q.DirQuota}, {"DirRemain", &q.DirRemain},
			{"RegexQuota", &q.RegexQuota}, {"RegexRemain", &q.RegexRemain},
			{"IgnoreParamsQuota", &q.IgnoreParamsQuota}, {"IgnoreParamsRemain", &q.IgnoreParamsRemain},
		}
		for _, f := range counters {
			if rep.text(f.name) == "" { // absent, null or "": not reported
				continue
			}
			n, err := rep.count(f.name)
			if err != nil {
				return err
			}
			v := int64(n)
			*f.to = &v
		}
		return nil
	})
	return q, apiErrorOf(d.Quota.Action, err)
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
func (c *Client) lookup(ctx context.Context, svc refresh.Service, action string, perSecond refresh.Limit, call func(*sdkClients) error) error {
	wait := lookupRetryWait
	for try := 0; ; try++ {
		if perSecond.Max > 0 {
			if err := c.clock.Sleep(ctx, c.pacer(svc).reserve(c.clock.Now(), action, perSecond.Max, 0, nil)); err != nil {
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
		if err := c.clock.Sleep(ctx, wait); err != nil {
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
