package refresh

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/cdn"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/dcdn"
	"github.com/aliyun/alibaba-cloud-sdk-go/services/vod"
)

// VODRegion is the only region that serves the VOD refresh API
// (RefreshVodObjectCaches doc), so VOD calls go there whatever the region.
const VODRegion = "cn-shanghai"

// vodHost is VODRegion's endpoint, used unless Endpoints.VOD overrides it.
const vodHost = "vod.cn-shanghai.aliyuncs.com"

// Client submits refreshes. It is safe for concurrent use and meant to be
// shared: one per provider configuration.
type Client struct {
	cdn       *cdn.Client
	dcdn      *dcdn.Client
	vod       *vod.Client
	endpoints Endpoints
	scheme    string
	sleep     func(context.Context, time.Duration) error // waits between look-ups
}

// Result is what a refresh call returned.
type Result struct {
	TaskID    string   // RefreshTaskId as returned: IDs joined by commas
	TaskIDs   []string // the same IDs, split
	RequestID string
}

// NewClient builds the SDK clients for cfg. It makes no call.
func NewClient(cfg Config) (*Client, error) {
	if err := cfg.Check(); err != nil {
		return nil, err
	}
	var cred auth.Credential = credentials.NewAccessKeyCredential(cfg.AccessKey, cfg.SecretKey)
	if cfg.SecurityToken != "" {
		cred = credentials.NewStsTokenCredential(cfg.AccessKey, cfg.SecretKey, cfg.SecurityToken)
	}
	// AutoRetry stays off (the SDK default): a refresh is not idempotent,
	// so whether to resend is the caller's decision, not the transport's.
	sdkConfig := func() *sdk.Config { return sdk.NewConfig().WithScheme(cfg.Protocol).WithAutoRetry(false) }

	c := &Client{endpoints: cfg.Endpoints, scheme: cfg.Protocol, sleep: sleep}
	var err error
	if c.cdn, err = cdn.NewClientWithOptions(cfg.Region, sdkConfig(), cred); err != nil {
		return nil, fmt.Errorf("creating the CDN client: %w", err)
	}
	if c.dcdn, err = dcdn.NewClientWithOptions(cfg.Region, sdkConfig(), cred); err != nil {
		return nil, fmt.Errorf("creating the DCDN client: %w", err)
	}
	if c.vod, err = vod.NewClientWithOptions(VODRegion, sdkConfig(), cred); err != nil {
		return nil, fmt.Errorf("creating the VOD client: %w", err)
	}
	if cfg.ProviderVersion != "" {
		for _, sc := range []*sdk.Client{&c.cdn.Client, &c.dcdn.Client, &c.vod.Client} {
			sc.AppendUserAgent("terraform-provider-alicloud", cfg.ProviderVersion)
		}
	}
	return c, nil
}

// Refresh validates r and, when it is valid, sends it as one API call with
// the paths in the order given. Invalid input returns Problems and sends
// nothing; an answer of Alibaba's other than success returns an *APIError.
func (c *Client) Refresh(r Request) (Result, error) {
	if ps := r.Validate(); len(ps) > 0 {
		return Result{}, ps
	}
	return c.send(r)
}

// send makes the call for r as it is.
func (c *Client) send(r Request) (Result, error) {
	objectPath := strings.Join(r.Paths, "\n")
	objectType := string(r.ObjectType)
	force := strconv.FormatBool(r.Force)

	var taskID, requestID string
	var err error
	switch r.Service {
	case CDN:
		req := cdn.CreateRefreshObjectCachesRequest()
		c.prepare(req.RpcRequest, c.endpoints.CDN)
		req.ObjectPath, req.ObjectType = objectPath, objectType
		// The v1 SDK's struct has no Force field; the API takes the parameter.
		req.QueryParams["Force"] = force
		var resp *cdn.RefreshObjectCachesResponse
		if resp, err = c.cdn.RefreshObjectCaches(req); err == nil {
			taskID, requestID = resp.RefreshTaskId, resp.RequestId
		}
	case DCDN:
		req := dcdn.CreateRefreshDcdnObjectCachesRequest()
		c.prepare(req.RpcRequest, c.endpoints.DCDN)
		req.ObjectPath, req.ObjectType, req.Force = objectPath, objectType, requests.Boolean(force)
		var resp *dcdn.RefreshDcdnObjectCachesResponse
		if resp, err = c.dcdn.RefreshDcdnObjectCaches(req); err == nil {
			taskID, requestID = resp.RefreshTaskId, resp.RequestId
		}
	case EdgeRoutine:
		req := dcdn.CreateRefreshErObjectCachesRequest()
		c.prepare(req.RpcRequest, c.endpoints.DCDN)
		req.ObjectPath, req.ObjectType, req.Force = objectPath, objectType, requests.Boolean(force)
		req.RoutineId, req.MergeDomainName = r.RoutineID, strings.Join(r.MergeDomainNames, ",")
		var resp *dcdn.RefreshErObjectCachesResponse
		if resp, err = c.dcdn.RefreshErObjectCaches(req); err == nil {
			taskID, requestID = resp.RefreshTaskId, resp.RequestId
		}
	case VOD:
		req := vod.CreateRefreshVodObjectCachesRequest()
		c.prepare(req.RpcRequest, c.vodEndpoint())
		req.ObjectPath, req.ObjectType, req.Force = objectPath, objectType, requests.Boolean(force)
		var resp *vod.RefreshVodObjectCachesResponse
		if resp, err = c.vod.RefreshVodObjectCaches(req); err == nil {
			taskID, requestID = resp.RefreshTaskId, resp.RequestId
		}
	}
	if err != nil {
		err = apiError(r.Service.Operation(), err)
		var te *TransportError
		if errors.As(err, &te) {
			// The call may have been carried out before the connection
			// failed. Sending it again here could purge, and spend quota,
			// twice; not sending it leaves the decision to the user.
			te.Detail += ". The refresh may have reached Alibaba Cloud before the connection failed: " +
				"check the task list (data source alicloud_cache_refresh_tasks) before applying again, as another apply refreshes again"
		}
		return Result{}, err
	}
	if taskID == "" {
		return Result{RequestID: requestID}, fmt.Errorf("%s answered without a RefreshTaskId (RequestId %s); the refresh may or may not have been accepted: check the task list before running it again", r.Service.Operation(), requestID)
	}
	return Result{TaskID: taskID, TaskIDs: SplitTaskIDs(taskID), RequestID: requestID}, nil
}

func (c *Client) prepare(req *requests.RpcRequest, endpoint string) {
	req.Scheme = c.scheme
	if endpoint != "" {
		req.Domain = endpoint
	}
}

func (c *Client) vodEndpoint() string {
	if c.endpoints.VOD != "" {
		return c.endpoints.VOD
	}
	return vodHost
}

// sleep waits for d, or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
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

// APIError is an answer of Alibaba Cloud's that was not a success.
type APIError struct {
	Operation  string
	HTTPStatus int
	Code       string
	Message    string
	RequestID  string
}

func (e *APIError) Error() string {
	s := fmt.Sprintf("%s: %s (HTTP %d): %s", e.Operation, e.Code, e.HTTPStatus, e.Message)
	if e.RequestID != "" {
		s += " (RequestId " + e.RequestID + ")"
	}
	if advice := Advice(e.Code); advice != "" {
		s += ". " + advice
	}
	return s
}

// TransportError is a call that got no answer from Alibaba Cloud: a refused
// or dropped connection, or a timeout.
type TransportError struct {
	Operation string
	Detail    string // the cause, with no URL query (it carries the signature and token)
}

func (e *TransportError) Error() string { return e.Operation + ": " + e.Detail }

// queryOfURL matches the query of a URL in an error's text.
var queryOfURL = regexp.MustCompile(`(https?://[^\s"?]*)\?[^\s"]*`)

// apiError turns what the SDK returned into an *APIError, or a
// *TransportError. Neither repeats a secret: a transport error quotes the
// signed URL, whose query holds the signature and the security token, and
// a signature error quotes the server's string to sign, which holds every
// parameter.
func apiError(operation string, err error) error {
	var se *sdkerrors.ServerError
	if errors.As(err, &se) {
		message, _, _ := strings.Cut(se.Message(), "server string to sign is:")
		return &APIError{operation, se.HttpStatus(), se.ErrorCode(), strings.TrimSpace(message), se.RequestId()}
	}
	return &TransportError{operation, queryOfURL.ReplaceAllString(err.Error(), "$1")}
}

// Advice says what to do about an Alibaba error code.
func Advice(code string) string {
	switch {
	case code == "QuotaExceeded.Refresh":
		return "Today's refresh quota is spent; it renews at midnight (UTC+8). Ask Alibaba Cloud for a larger quota, or refresh a directory instead of many URLs"
	case code == "QuotaPerMinuteExceeded.Refresh":
		return "Too many URLs were refreshed on one domain this minute; run the apply again in a minute"
	case code == "TooMany.Refresh":
		return "The domain's refresh queue is full; run the apply again in a few minutes"
	case code == "Throttling", code == "TooManyRequests", strings.HasPrefix(code, "Throttling."):
		return "Alibaba Cloud throttled the call; run the apply again, or lower -parallelism"
	case code == "SingleRequest.OverLimit":
		return "Split the paths across several resources"
	case strings.HasPrefix(code, "InvalidObjectPath"), strings.HasPrefix(code, "InvalidObjectType"), code == "MissingParameter":
		return "Correct object_paths or object_type"
	case strings.HasPrefix(code, "InvalidExtensiveDomain"):
		return "Wildcard domains cannot be refreshed; name each subdomain"
	case strings.HasPrefix(code, "InvalidDomain"), code == "IllegalOperation":
		return "Check that each path's domain is an accelerated domain of this account for the chosen service, and that it is online"
	case strings.HasPrefix(code, "OperationDenied"):
		return "The service is not activated or is suspended for this account; activate it or settle the account in the Alibaba Cloud console"
	case code == "SignatureDoesNotMatch", strings.HasPrefix(code, "InvalidAccessKeyId"), strings.HasPrefix(code, "InvalidSecurityToken"):
		return "Check the provider's access_key, secret_key and security_token (or the ALICLOUD_* / ALIBABA_CLOUD_* environment variables)"
	case code == "Forbidden.RAM", strings.HasPrefix(code, "NoPermission"), code == "Forbidden":
		return "Grant the RAM user or role permission for this operation"
	case code == "ServiceUnavailable", code == "InternalError", code == "ServiceBusy":
		return "Alibaba Cloud could not serve the call; run the apply again later"
	}
	return ""
}
