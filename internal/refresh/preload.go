package refresh

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/cdn"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/dcdn"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vod"
)

// Preload prefetches objects to the edge, typically after a refresh, so
// that the first visitors do not wait for the origin.
type Preload struct {
	Service    Service // cdn (PushObjectCache), dcdn or vod
	Paths      []string
	Area       string // where to prefetch: "domestic" or "overseas"; empty: the API's default
	L2Preload  bool   // prefetch to the L2 tier only
	WithHeader string // a JSON object of HTTP headers sent to the origin; empty: none
	Pending    Pending
}

// PreloadServices are the services with a prefetch operation.
var PreloadServices = []Service{CDN, DCDN, VOD}

// PreloadAreas are the values of Area.
var PreloadAreas = []string{"domestic", "overseas"}

// PreloadOperation is the API action a service's prefetch calls.
func PreloadOperation(s Service) string {
	switch s {
	case DCDN:
		return "PreloadDcdnObjectCaches"
	case VOD:
		return "PreloadVodObjectCaches"
	}
	return "PushObjectCache"
}

// ParsePreloadService returns the service named s if it prefetches, or an
// error that suggests the intended spelling.
func ParsePreloadService(s string) (Service, error) { return parseEnum(s, PreloadServices) }

// ParseArea returns the prefetch area named s, or an error that suggests
// the intended spelling.
func ParseArea(s string) (string, error) { return parseEnum(s, PreloadAreas) }

// Validate checks a prefetch against the documented limits and the path
// rules refreshes follow, and returns what is wrong.
func (p Preload) Validate() Problems {
	if _, err := ParsePreloadService(string(p.Service)); err != nil {
		return Problems{{"service", -1, "No prefetch for this service", err.Error()}}
	}
	var ps Problems
	if p.Area != "" {
		if _, err := ParseArea(p.Area); err != nil {
			ps = append(ps, Problem{"area", -1, "Unknown area", err.Error()})
		}
	}
	if p.WithHeader != "" {
		var headers map[string]string
		if err := json.Unmarshal([]byte(p.WithHeader), &headers); err != nil {
			ps = append(ps, Problem{"with_header", -1, "Malformed headers",
				fmt.Sprintf("with_header is a JSON object of header names and string values, such as jsonencode({ Origin = \"https://example.com\" }): %v", err)})
		}
	}
	paths := Request{Service: p.Service, ObjectType: File, Paths: p.Paths, Pending: p.Pending, prefetch: true}
	return append(ps, paths.checkPaths(Table[p.Service])...)
}

// Preload validates p and, when it is valid, submits it as one call, paced
// and repeated as Refresh does. The daily prefetch quota is the API's to
// enforce (QuotaExceeded.Refresh).
func (c *Client) Preload(ctx context.Context, p Preload) (Result, error) {
	if ps := p.Validate(); len(ps) > 0 {
		return Result{}, ps
	}
	return c.submitCall(ctx, call{
		service: p.Service, operation: PreloadOperation(p.Service), paths: p.Paths, objectType: File, taskType: "preload",
		callsPerSecond: Table[p.Service].PreloadCallsPerSecond.Max,
		send:           func(s *sdkClients) (Result, error) { return c.sendPreload(s, p) },
	})
}

func (c *Client) sendPreload(s *sdkClients, p Preload) (Result, error) {
	operation := PreloadOperation(p.Service)
	objectPath := strings.Join(encodePaths(p.Paths), "\n")
	l2 := requests.Boolean(strconv.FormatBool(p.L2Preload))
	var taskID, requestID string
	var err error
	switch p.Service {
	case CDN:
		req := cdn.CreatePushObjectCacheRequest()
		c.prepare(req.RpcRequest, c.endpoints.CDN)
		req.ObjectPath, req.Area, req.L2Preload, req.WithHeader = objectPath, p.Area, l2, p.WithHeader
		var resp *cdn.PushObjectCacheResponse
		if resp, err = s.cdn.PushObjectCache(req); err == nil {
			taskID, requestID = resp.PushTaskId, resp.RequestId
		}
	case DCDN:
		req := dcdn.CreatePreloadDcdnObjectCachesRequest()
		c.prepare(req.RpcRequest, c.endpoints.DCDN)
		req.ObjectPath, req.Area, req.L2Preload, req.WithHeader = objectPath, p.Area, l2, p.WithHeader
		var resp *dcdn.PreloadDcdnObjectCachesResponse
		if resp, err = s.dcdn.PreloadDcdnObjectCaches(req); err == nil {
			taskID, requestID = resp.PreloadTaskId, resp.RequestId
		}
	case VOD:
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
	ids := SplitTaskIDs(taskID)
	return Result{TaskID: taskID, TaskIDs: slices.Compact(ids), RequestID: requestID}, nil
}
