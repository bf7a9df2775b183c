// Package alibaba is the Alibaba Cloud client of the cache-refresh domain:
// it makes the calls each service's description (refresh.Description) names
// through the Alibaba Cloud SDK, with the provider's credentials and
// settings, paced within the documented rates, repeated when that is safe,
// and waits for the tasks they start.
package alibaba

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/purgeworks/terraform-provider-alicloud/internal/refresh"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth"
)

// VODRegion is the only region that serves the VOD refresh API, so VOD
// calls go there whatever the region.
var VODRegion = refresh.Describe(refresh.VOD).Region

// Client submits refreshes. It is safe for concurrent use and meant to be
// shared: one per provider configuration.
type Client struct {
	sdk       sdkPool
	endpoints Endpoints
	scheme    string
	clock     Clock
	pacers    *Pacers
	pollers   pollers // by-ID look-ups, batched per service

	// Notify, when set, hears of each failed call about to be tried
	// again, so that a long wait is not a silent one.
	Notify func(ctx context.Context, msg string, fields map[string]any)
}

// Result is what a refresh call returned.
type Result struct {
	TaskID    string   // RefreshTaskId as returned: IDs joined by commas
	TaskIDs   []string // the same IDs, split
	RequestID string   // the request IDs, joined by commas when the refresh was split
}

// Clock tells the time and waits, for the pacing, the repeats and the
// waits for tasks: RealClock unless NewClient is given another.
type Clock interface {
	Now() time.Time
	// Sleep waits for d, or until ctx ends. An ended ctx wins even when d
	// is 0, so that nothing is sent after a cancel or a timeout.
	Sleep(ctx context.Context, d time.Duration) error
}

// RealClock is the wall clock.
type RealClock struct{}

func (RealClock) Now() time.Time { return time.Now() }

func (RealClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Option sets what a test or a benchmark controls of a client.
type Option func(*Client)

// WithClock makes the client tell the time and wait by clock.
func WithClock(clock Clock) Option { return func(c *Client) { c.clock = clock } }

// WithPacers makes the client book its calls with pacers instead of the
// process's (ProcessPacers), so that its pacing starts empty.
func WithPacers(pacers *Pacers) Option { return func(c *Client) { c.pacers = pacers } }

// NewClient builds the SDK clients for cfg. It makes no refresh call;
// temporary credentials (a role, a profile, instance metadata, a URI) are
// fetched once here, so that a wrong setting fails at plan.
func NewClient(cfg Config, opts ...Option) (*Client, error) {
	if err := cfg.Check(); err != nil {
		return nil, err
	}
	creds, err := cfg.resolveCredentials()
	if err != nil {
		return nil, err
	}
	cfg.Region = creds.region
	// AutoRetry stays off (the SDK default): a refresh is not idempotent,
	// so whether to resend is the caller's decision, not the transport's.
	sdkConfig := func() *sdk.Config { return sdk.NewConfig().WithScheme(cfg.Protocol).WithAutoRetry(false) }

	c := &Client{endpoints: cfg.Endpoints, scheme: cfg.Protocol, clock: RealClock{}, pacers: ProcessPacers}
	for _, opt := range opts {
		opt(c)
	}
	c.sdk = newSDKPool(maxSDKClients, func() (*sdkClients, error) {
		s := sdkClients{apis: map[string]*sdk.Client{}, call: &binding{}}
		s.wire = newWire(s.call, cfg.connectTimeout(), cfg.readTimeout())
		var cred auth.Credential = &callCredentials{shared: creds.provider, call: s.call}
		for _, svc := range refresh.Services {
			d := refresh.Describe(svc)
			if s.apis[d.Product] != nil {
				continue
			}
			region := cfg.Region
			if d.Region != "" {
				region = d.Region
			}
			sc, err := newAPIClient(d.Product, region, sdkConfig(), cred)
			if err != nil {
				return nil, err
			}
			sc.AppendUserAgent(cfg.userAgent())
			sc.SetTransport(s.wire) // which keeps the connect and read timeouts
			sc.SetReadTimeout(sdkReadTimeout(cfg.readTimeout()))
			s.apis[d.Product] = sc
		}
		return &s, nil
	})
	// The first set now, so that a setting the SDK refuses fails at plan.
	s, err := c.sdk.take(context.Background())
	if err != nil {
		return nil, err
	}
	c.sdk.give(s)
	return c, nil
}

// sdkClients is one SDK client per API product, used by one call at a
// time: the v1 SDK rewrites its client's HTTP timeout and transport on
// every call, a data race for calls made in parallel. The call binds its
// context to them (sdkPool.take), which bounds their requests and
// credential renewals.
type sdkClients struct {
	apis map[string]*sdk.Client // by refresh.Description.Product
	call *binding
	wire *wire
}

// maxSDKClients bounds the calls in flight at once, as Terraform's default
// -parallelism does; more would only queue at the pacer.
const maxSDKClients = 10

// sdkPool lends sdkClients, making them as needed up to its size; each
// keeps its own connections alive between calls.
type sdkPool struct {
	idle   chan *sdkClients
	slots  chan struct{} // one token per set made
	newSet func() (*sdkClients, error)
}

func newSDKPool(size int, newSet func() (*sdkClients, error)) sdkPool {
	return sdkPool{idle: make(chan *sdkClients, size), slots: make(chan struct{}, size), newSet: newSet}
}

// take lends an idle set, or makes one while there is room, or waits for
// one to come back, until ctx ends. The set's calls are bound to ctx until
// it is given back.
func (p sdkPool) take(ctx context.Context) (*sdkClients, error) {
	s, err := p.lend(ctx)
	if err == nil {
		s.call.set(ctx)
	}
	return s, err
}

func (p sdkPool) lend(ctx context.Context) (*sdkClients, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	select {
	case s := <-p.idle:
		return s, nil
	default:
	}
	select {
	case s := <-p.idle:
		return s, nil
	case p.slots <- struct{}{}:
		s, err := p.newSet()
		if err != nil {
			<-p.slots
		}
		return s, err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// give returns a set taken from the pool.
func (p sdkPool) give(s *sdkClients) {
	s.call.clear()
	p.idle <- s
}

// binding holds the context of the call a set of SDK clients is making.
type binding struct {
	mu  sync.Mutex
	ctx context.Context // nil between calls
}

func (b *binding) set(ctx context.Context) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.ctx = ctx
}

func (b *binding) clear() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.ctx = nil
}

// get is the call's context; between calls, one that never ends.
func (b *binding) get() context.Context {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.ctx == nil {
		return context.Background()
	}
	return b.ctx
}

// send makes the call for r as it is, its paths percent-encoded.
func (c *Client) send(s *sdkClients, r refresh.Request) (Result, error) {
	d := refresh.Describe(r.Service)
	rep, err := c.rpc(s, d, d.Refresh.Action, map[string]string{
		"ObjectPath": strings.Join(refresh.EncodePaths(r.Paths), "\n"),
		"ObjectType": string(r.ObjectType),
		"Force":      strconv.FormatBool(r.Force),
		// Edge routines only; validation refuses them elsewhere.
		"RoutineId":       r.RoutineID,
		"MergeDomainName": strings.Join(r.MergeDomainNames, ","),
	})
	if err != nil {
		return Result{}, apiError(d.Refresh.Action, err)
	}
	taskID, requestID := rep.text(d.Refresh.Answer), rep.text("RequestId")
	if taskID == "" {
		return Result{RequestID: requestID}, fmt.Errorf("%s answered without a %s (RequestId %s); the refresh may or may not have been accepted: check the task list before running it again", d.Refresh.Action, d.Refresh.Answer, requestID)
	}
	return Result{TaskID: taskID, TaskIDs: refresh.SplitTaskIDs(taskID), RequestID: requestID}, nil
}
