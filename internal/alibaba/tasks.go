package alibaba

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/purgeworks/terraform-provider-alicloud/internal/refresh"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/cdn"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/dcdn"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vod"
)

// TasksByID looks up every path of the given task IDs. The look-ups of
// every caller on this client and service go through one poller, which
// asks for the IDs in flight together, as many per call as the service's
// look-up takes (poller.go), at the pace it allows.
func (c *Client) TasksByID(ctx context.Context, svc refresh.Service, ids []string) ([]refresh.Task, error) {
	return c.poller(svc).tasks(ctx, ids)
}

// tasksByID makes one by-ID look-up of at most TaskIDsPerLookup IDs.
func (c *Client) tasksByID(ctx context.Context, svc refresh.Service, ids []string) ([]refresh.Task, error) {
	limits := refresh.Table[svc]
	chunk := strings.Join(ids, ",")
	var got []refresh.Task
	var err error
	switch svc {
	case refresh.CDN:
		req := cdn.CreateDescribeRefreshTaskByIdRequest()
		c.prepare(req.RpcRequest, c.endpoints.CDN)
		req.TaskId = chunk
		var resp *cdn.DescribeRefreshTaskByIdResponse
		if err = c.lookup(ctx, svc, req.GetActionName(), limits.TaskLookupsPerSecond, func(s *sdkClients) (e error) { resp, e = s.cdn.DescribeRefreshTaskById(req); return }); err == nil {
			for _, t := range resp.Tasks {
				got = append(got, refresh.Task{ID: t.TaskId, ObjectPath: t.ObjectPath, ObjectType: t.ObjectType, Status: t.Status, Process: t.Process, Description: t.Description, CreationTime: t.CreationTime})
			}
		}
		err = apiErrorOf(byIDLookup[svc], err)
	case refresh.DCDN, refresh.EdgeRoutine:
		req := dcdn.CreateDescribeDcdnRefreshTaskByIdRequest()
		c.prepare(req.RpcRequest, c.endpoints.DCDN)
		req.TaskId = chunk
		var resp *dcdn.DescribeDcdnRefreshTaskByIdResponse
		if err = c.lookup(ctx, svc, req.GetActionName(), limits.TaskLookupsPerSecond, func(s *sdkClients) (e error) { resp, e = s.dcdn.DescribeDcdnRefreshTaskById(req); return }); err == nil {
			for _, t := range resp.Tasks {
				got = append(got, refresh.Task{ID: t.TaskId, ObjectPath: t.ObjectPath, ObjectType: t.ObjectType, Status: t.Status, Process: t.Process, Description: t.Description, CreationTime: t.CreationTime})
			}
		}
		err = apiErrorOf(byIDLookup[svc], err)
	case refresh.VOD:
		got, err = c.ListTasks(ctx, svc, refresh.TaskFilter{TaskID: chunk})
	}
	return got, err
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
	var tasks []refresh.Task
	var total int64
	var err error
	switch svc {
	case refresh.CDN:
		req := cdn.CreateDescribeRefreshTasksRequest()
		c.prepare(req.RpcRequest, c.endpoints.CDN)
		req.TaskId, req.ObjectPath, req.DomainName, req.ObjectType, req.Status = f.TaskID, refresh.EncodePath(f.ObjectPath), f.DomainName, f.ObjectType, f.Status
		req.StartTime, req.EndTime = f.StartTime, f.EndTime
		req.PageNumber, req.PageSize = requests.NewInteger(page), requests.NewInteger(size)
		var resp *cdn.DescribeRefreshTasksResponse
		if err = c.lookup(ctx, svc, req.GetActionName(), refresh.Table[svc].TaskListsPerSecond, func(s *sdkClients) (e error) { resp, e = s.cdn.DescribeRefreshTasks(req); return }); err == nil {
			total = resp.TotalCount
			for _, t := range resp.Tasks.CDNTask {
				tasks = append(tasks, refresh.Task{ID: t.TaskId, ObjectPath: t.ObjectPath, ObjectType: t.ObjectType, Status: t.Status, Process: t.Process, Description: t.Description, CreationTime: t.CreationTime})
			}
		}
		err = apiErrorOf("DescribeRefreshTasks", err)
	case refresh.DCDN, refresh.EdgeRoutine:
		req := dcdn.CreateDescribeDcdnRefreshTasksRequest()
		c.prepare(req.RpcRequest, c.endpoints.DCDN)
		req.TaskId, req.ObjectPath, req.DomainName, req.ObjectType, req.Status = f.TaskID, refresh.EncodePath(f.ObjectPath), f.DomainName, f.ObjectType, f.Status
		req.StartTime, req.EndTime = f.StartTime, f.EndTime
		req.PageNumber, req.PageSize = requests.NewInteger(page), requests.NewInteger(size)
		var resp *dcdn.DescribeDcdnRefreshTasksResponse
		if err = c.lookup(ctx, svc, req.GetActionName(), refresh.Table[svc].TaskListsPerSecond, func(s *sdkClients) (e error) { resp, e = s.dcdn.DescribeDcdnRefreshTasks(req); return }); err == nil {
			total = resp.TotalCount
			for _, t := range resp.Tasks.Task {
				tasks = append(tasks, refresh.Task{ID: t.TaskId, ObjectPath: t.ObjectPath, ObjectType: t.ObjectType, Status: t.Status, Process: t.Process, Description: t.Description, CreationTime: t.CreationTime})
			}
		}
		err = apiErrorOf("DescribeDcdnRefreshTasks", err)
	case refresh.VOD:
		req := vod.CreateDescribeVodRefreshTasksRequest()
		c.prepare(req.RpcRequest, c.vodEndpoint())
		req.TaskId, req.ObjectPath, req.DomainName, req.ObjectType, req.Status = f.TaskID, refresh.EncodePath(f.ObjectPath), f.DomainName, f.ObjectType, f.Status
		req.StartTime, req.EndTime = f.StartTime, f.EndTime
		req.PageNumber, req.PageSize = requests.NewInteger(page), requests.NewInteger(size)
		var resp *vod.DescribeVodRefreshTasksResponse
		if err = c.lookup(ctx, svc, req.GetActionName(), refresh.Table[svc].TaskListsPerSecond, func(s *sdkClients) (e error) { resp, e = s.vod.DescribeVodRefreshTasks(req); return }); err == nil {
			total = resp.TotalCount
			for _, t := range resp.Tasks.Task {
				tasks = append(tasks, refresh.Task{ID: t.TaskId, ObjectPath: t.ObjectPath, ObjectType: t.ObjectType, Status: t.Status, Process: t.Process, Description: t.Description, CreationTime: t.CreationTime})
			}
		}
		err = apiErrorOf("DescribeVodRefreshTasks", err)
	}
	return tasks, int(total), err
}

// Quota reads the service's quota look-up. Edge routine refreshes spend
// DCDN's quota.
func (c *Client) Quota(ctx context.Context, svc refresh.Service) (refresh.Quota, error) {
	var fields [8]string
	var err error
	switch svc {
	case refresh.CDN:
		req := cdn.CreateDescribeRefreshQuotaRequest()
		c.prepare(req.RpcRequest, c.endpoints.CDN)
		var r *cdn.DescribeRefreshQuotaResponse
		if err = c.lookup(ctx, svc, "", refresh.Limit{}, func(s *sdkClients) (e error) { r, e = s.cdn.DescribeRefreshQuota(req); return }); err == nil {
			fields = [8]string{r.UrlQuota, r.UrlRemain, r.DirQuota, r.DirRemain, r.RegexQuota, r.RegexRemain, r.IgnoreParamsQuota, r.IgnoreParamsRemain}
		}
		err = apiErrorOf("DescribeRefreshQuota", err)
	case refresh.DCDN, refresh.EdgeRoutine:
		req := dcdn.CreateDescribeDcdnRefreshQuotaRequest()
		c.prepare(req.RpcRequest, c.endpoints.DCDN)
		var r *dcdn.DescribeDcdnRefreshQuotaResponse
		if err = c.lookup(ctx, svc, "", refresh.Limit{}, func(s *sdkClients) (e error) { r, e = s.dcdn.DescribeDcdnRefreshQuota(req); return }); err == nil {
			fields = [8]string{r.UrlQuota, r.UrlRemain, r.DirQuota, r.DirRemain, r.RegexQuota, r.RegexRemain, r.IgnoreParamsQuota, r.IgnoreParamsRemain}
		}
		err = apiErrorOf("DescribeDcdnRefreshQuota", err)
	case refresh.VOD:
		req := vod.CreateDescribeVodRefreshQuotaRequest()
		c.prepare(req.RpcRequest, c.vodEndpoint())
		var r *vod.DescribeVodRefreshQuotaResponse
		if err = c.lookup(ctx, svc, "", refresh.Limit{}, func(s *sdkClients) (e error) { r, e = s.vod.DescribeVodRefreshQuota(req); return }); err == nil {
			fields = [8]string{r.UrlQuota, r.UrlRemain, r.DirQuota, r.DirRemain}
		}
		err = apiErrorOf("DescribeVodRefreshQuota", err)
	}
	if err != nil {
		return refresh.Quota{}, err
	}
	var n [8]*int64
	for i, s := range fields {
		if s == "" {
			continue
		}
		v, perr := strconv.ParseInt(s, 10, 64)
		if perr != nil {
			return refresh.Quota{}, fmt.Errorf("the quota look-up answered %q, not a number", s)
		}
		n[i] = &v
	}
	return refresh.Quota{URLQuota: n[0], URLRemain: n[1], DirQuota: n[2], DirRemain: n[3], RegexQuota: n[4], RegexRemain: n[5], IgnoreParamsQuota: n[6], IgnoreParamsRemain: n[7]}, nil
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
