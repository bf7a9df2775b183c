package alibaba

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/purgeworks/terraform-provider-alicloud/internal/refresh"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/cdn"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/dcdn"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vod"
)

// Preload validates p and, when it is valid, submits it as one call, paced
// and repeated as Refresh does. The daily prefetch quota is the API's to
// enforce (QuotaExceeded.Refresh).
func (c *Client) Preload(ctx context.Context, p refresh.Preload) (Result, error) {
	if ps := p.Validate(); len(ps) > 0 {
		return Result{}, ps
	}
	return c.submitCall(ctx, call{
		service: p.Service, operation: refresh.PreloadOperation(p.Service), paths: p.Paths, objectType: refresh.File, taskType: "preload",
		callsPerSecond: refresh.Table[p.Service].PreloadCallsPerSecond.Max,
		send:           func(s *sdkClients) (Result, error) { return c.sendPreload(s, p) },
	})
}

func (c *Client) sendPreload(s *sdkClients, p refresh.Preload) (Result, error) {
	operation := refresh.PreloadOperation(p.Service)
	objectPath := strings.Join(refresh.EncodePaths(p.Paths), "\n")
	l2 := requests.Boolean(strconv.FormatBool(p.L2Preload))
	var taskID, requestID string
	var err error
	switch p.Service {
	case refresh.CDN:
		req := cdn.CreatePushObjectCacheRequest()
		c.prepare(req.RpcRequest, c.endpoints.CDN)
		req.ObjectPath, req.Area, req.L2Preload, req.WithHeader = objectPath, p.Area, l2, p.WithHeader
		var resp *cdn.PushObjectCacheResponse
		if resp, err = s.cdn.PushObjectCache(req); err == nil {
			taskID, requestID = resp.PushTaskId, resp.RequestId
		}
	case refresh.DCDN:
		req := dcdn.CreatePreloadDcdnObjectCachesRequest()
		c.prepare(req.RpcRequest, c.endpoints.DCDN)
		req.ObjectPath, req.Area, req.L2Preload, req.WithHeader = objectPath, p.Area, l2, p.WithHeader
		var resp *dcdn.PreloadDcdnObjectCachesResponse
		if resp, err = s.dcdn.PreloadDcdnObjectCaches(req); err == nil {
			taskID, requestID = resp.PreloadTaskId, resp.RequestId
		}
	case refresh.VOD:
		req := vod.CreatePreloadVodObjectCachesRequest()
		c.prepare(req.RpcRequest, c.vodEndpoint())
		req.ObjectPath, req.Area, req.L2Preload, req.WithHeader = objectPath, p.Area, l2, p.WithHeader
		var resp *vod.PreloadVodObjectCachesResponse
		if resp, err = s.vod.PreloadVodObjectCaches(req); err == nil {
			taskID, requestID = resp.PreloadTaskId, resp.RequestId
		}
	}
	if err != nil {
		return Result{}, apiError(operation, err)
	}
	if taskID == "" {
		return Result{RequestID: requestID}, fmt.Errorf("%s answered without a task ID (RequestId %s)", operation, requestID)
	}
	ids := refresh.SplitTaskIDs(taskID)
	return Result{TaskID: taskID, TaskIDs: slices.Compact(ids), RequestID: requestID}, nil
}
