package alibaba

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/purgeworks/terraform-provider-alicloud/internal/refresh"
)

// Preload validates p and, when it is valid, submits it as one call, paced
// and repeated as Refresh does. The daily prefetch quota is the API's to
// enforce (QuotaExceeded.Refresh).
func (c *Client) Preload(ctx context.Context, p refresh.Preload) (Result, error) {
	if ps := p.Validate(); len(ps) > 0 {
		return Result{}, ps
	}
	return c.submitCall(ctx, call{
		service: p.Service, operation: refresh.Describe(p.Service).Prefetch.Action, paths: p.Paths, objectType: refresh.File, taskType: "preload",
		callsPerSecond: refresh.Table[p.Service].PreloadCallsPerSecond.Max,
		send:           func(s *sdkClients) (Result, error) { return c.sendPreload(s, p) },
	})
}

func (c *Client) sendPreload(s *sdkClients, p refresh.Preload) (Result, error) {
	d := refresh.Describe(p.Service)
	rep, err := c.rpc(s, d, d.Prefetch.Action, map[string]string{
		"ObjectPath": strings.Join(refresh.EncodePaths(p.Paths), "\n"),
		"Area":       p.Area,
		"L2Preload":  strconv.FormatBool(p.L2Preload),
		"WithHeader": p.WithHeader,
	})
	if err != nil {
		return Result{}, apiError(d.Prefetch.Action, err)
	}
	taskID, requestID := rep.text(d.Prefetch.Answer), rep.text("RequestId")
	if taskID == "" {
		return Result{RequestID: requestID}, fmt.Errorf("%s answered without a task ID (RequestId %s)", d.Prefetch.Action, requestID)
	}
	ids := refresh.SplitTaskIDs(taskID)
	return Result{TaskID: taskID, TaskIDs: slices.Compact(ids), RequestID: requestID}, nil
}
