package alibaba

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/purgeworks/terraform-provider-alicloud/internal/refresh"
)

// retryBackoff is the wait before repeating a transient failure: doubling
// from Initial up to Max, each wait drawn between half and all of it, so
// that parallel resources do not retry in step.
var retryBackoff = refresh.Backoff{Initial: time.Second, Factor: 2, Max: 30 * time.Second}

// Refresh validates r and, when it is valid, submits it: as one call with
// the paths in the order given, or, when r.Split is set, as many calls as
// the per-request limits need, after checking that today's quota covers
// them all. Invalid input returns Problems and sends nothing.
//
// Calls are paced within the documented rates, and a transient failure is
// repeated until ctx ends; a permanent one returns an *APIError at once. A
// split refresh stopped midway returns the tasks already submitted with the
// error.
func (c *Client) Refresh(ctx context.Context, r refresh.Request) (Result, error) {
	if ps := r.Validate(); len(ps) > 0 {
		return Result{}, ps
	}
	if !r.Split {
		return c.submit(ctx, r)
	}
	if err := c.preflight(ctx, r); err != nil {
		return Result{}, err
	}
	var all Result
	for _, part := range r.Parts() {
		res, err := c.submit(ctx, part)
		if err != nil {
			all.TaskID = strings.Join(all.TaskIDs, ",")
			return all, err
		}
		for _, id := range res.TaskIDs {
			if !slices.Contains(all.TaskIDs, id) {
				all.TaskIDs = append(all.TaskIDs, id)
			}
		}
		if res.RequestID != "" { // a part found in the task list has none
			all.RequestID = strings.TrimPrefix(all.RequestID+","+res.RequestID, ",")
		}
	}
	all.TaskID = strings.Join(all.TaskIDs, ",")
	return all, nil
}

// call is one submission, a refresh or a prefetch, as submit paces,
// sends and repeats it.
type call struct {
	service        refresh.Service
	operation      string
	paths          []string
	objectType     refresh.ObjectType // how the paths compare (TargetOf); File for a prefetch
	taskType       string             // as the task list reports it: file, directory, …, preload
	callsPerSecond int
	urlsPerMinute  int            // per domain; 0: not limited
	URLsPerDomain  map[string]int // what this call counts against it
	send           func(*sdkClients) (Result, error)
}

func (c *Client) refreshCall(r refresh.Request) call {
	limits := refresh.Table[r.Service]
	return call{
		service: r.Service, operation: r.Service.Operation(), paths: r.Paths, objectType: r.ObjectType, taskType: strings.ToLower(string(r.ObjectType)),
		callsPerSecond: limits.CallsPerSecond.Max, urlsPerMinute: limits.URLsPerMinutePerDomain.Max, URLsPerDomain: r.URLsPerDomain(),
		send: func(s *sdkClients) (Result, error) { return c.send(s, r) },
	}
}

// submit sends one call until it is accepted, refused for good, or ctx
// ends.
func (c *Client) submit(ctx context.Context, r refresh.Request) (Result, error) {
	return c.submitCall(ctx, c.refreshCall(r))
}

// maxUnreachable is how many tries in a row may fail to connect: a refused
// connection is retried, as nothing was sent, but five in a row (half a
// minute of backoff) mean a wrong endpoint or an outage, not a blip.
const maxUnreachable = 5

func (c *Client) submitCall(ctx context.Context, k call) (Result, error) {
	var wait time.Duration
	var lastErr error
	unreachable := 0
	for attempt := 1; ; attempt++ {
		if lastErr != nil && c.left(ctx) < wait {
			return Result{}, fmt.Errorf("%w (tried %d times; the timeout ends before the next try)", lastErr, attempt-1)
		}
		// Back off first, then book the pacer's slot: a slot booked before
		// the backoff would count the call at the wrong time, and let it
		// go out with a burst of others. Then borrow an SDK client.
		err := c.clock.Sleep(ctx, wait)
		if err == nil {
			err = c.clock.Sleep(ctx, c.pacer(k.service).reserve(c.clock.Now(), k.operation, k.callsPerSecond, k.urlsPerMinute, k.URLsPerDomain))
		}
		var s *sdkClients
		if err == nil {
			s, err = c.sdk.take(ctx)
		}
		if err != nil {
			if lastErr != nil {
				return Result{}, fmt.Errorf("%w (tried %d times; the timeout ran out)", lastErr, attempt-1)
			}
			return Result{}, fmt.Errorf("%s: %w", k.operation, err)
		}
		sentAt := c.clock.Now()
		res, err := k.send(s)
		c.sdk.give(s)
		if err == nil {
			return res, nil
		}
		var te *TransportError
		var ce *CredentialError
		switch {
		case errors.As(err, &ce):
			// Renewing the credentials failed before anything was sent:
			// tried again until the timeout, as the source served them
			// when the provider was configured.
			err = fmt.Errorf("%s was not sent: %w", k.operation, err)
		case errors.As(err, &te) && te.Unsent:
			if unreachable++; unreachable == maxUnreachable {
				return Result{}, fmt.Errorf("%w (could not connect %d times in a row: check the endpoint and the network)", err, unreachable)
			}
		default:
			unreachable = 0
		}
		switch classify(err) {
		case permanent:
			return Result{}, err
		case ambiguous:
			// The call may have been carried out before the connection
			// failed, or before the timeout cut it short. Repeating it
			// blindly could purge, and spend quota, twice; giving up could
			// leave a release unpurged. Ask the task list instead, and
			// repeat only what did not land.
			landed, found, lookErr := c.findLanded(ctx, k, sentAt)
			if lookErr != nil {
				return Result{}, &UnconfirmedError{Err: err, LookErr: lookErr, Service: k.service, SentAt: sentAt}
			}
			if found {
				return landed, nil
			}
			wait = jittered(retryBackoff, attempt)
		case nextMinute:
			// Alibaba counts a domain's URLs per minute: try again just
			// after the next one starts.
			now := c.clock.Now()
			wait = now.Truncate(time.Minute).Add(time.Minute + time.Second).Sub(now)
		case transient:
			wait = jittered(retryBackoff, attempt)
		}
		lastErr = err
		if c.Notify != nil {
			c.Notify(ctx, k.operation+" failed; trying again", map[string]any{"attempt": attempt, "wait": wait.String(), "error": err.Error()})
		}
	}
}

// jittered is the wait before try n+1: Initial·Factor^(n-1) up to Max,
// drawn from its upper half.
func jittered(b refresh.Backoff, n int) time.Duration {
	d := b.Initial
	for i := 1; i < n && d < b.Max; i++ {
		d = b.Next(d)
	}
	return d/2 + rand.N(d/2+1)
}

// left is how long ctx has; a day when it has no deadline. A context's
// deadline runs on the wall clock, whatever Clock the client waits on.
func (c *Client) left(ctx context.Context) time.Duration {
	if d, ok := ctx.Deadline(); ok {
		return time.Until(d)
	}
	return 24 * time.Hour
}

// clockSkew is how far Alibaba's task clock may run behind ours.
const clockSkew = 5 * time.Second

// findLanded looks for r's paths among the tasks created around sentAt. When
// every path is there, the call was carried out: its task IDs are returned.
func (c *Client) findLanded(ctx context.Context, k call, sentAt time.Time) (Result, bool, error) {
	// Give the task list a moment to show a task just created, and look
	// once more a little later: a call still in Alibaba's hands when the
	// connection failed shows up late, and resending it would purge twice.
	for _, wait := range []time.Duration{time.Second, 4 * time.Second} {
		if err := c.clock.Sleep(ctx, wait); err != nil {
			return Result{}, false, err
		}
		res, found, err := c.lookForLanded(ctx, k, sentAt)
		if err != nil || found {
			return res, found, err
		}
	}
	return Result{}, false, nil
}

// lookForLanded is one look at the task list for findLanded.
func (c *Client) lookForLanded(ctx context.Context, k call, sentAt time.Time) (Result, bool, error) {
	tasks, err := c.ListTasks(ctx, k.service, refresh.TaskFilter{
		StartTime: sentAt.Add(-time.Minute).UTC().Format(refresh.TaskTimeLayout),
		EndTime:   c.clock.Now().Add(time.Minute).UTC().Format(refresh.TaskTimeLayout),
	})
	if err != nil {
		return Result{}, false, err
	}
	idOf := map[string]string{}
	for _, t := range tasks { // newest first: keep the newest task of a path
		created, err := time.Parse(refresh.TaskTimeLayout, t.CreationTime)
		if err != nil || created.Before(sentAt.Add(-clockSkew)) || !strings.EqualFold(t.ObjectType, k.taskType) {
			continue // an earlier refresh or prefetch of the same path
		}
		// By target: the list may report a path with a scheme added, or
		// encoded, and a path missed here is sent twice.
		if _, seen := idOf[refresh.TargetOf(k.objectType, t.ObjectPath)]; !seen {
			idOf[refresh.TargetOf(k.objectType, t.ObjectPath)] = t.ID
		}
	}
	var res Result
	for _, p := range k.paths {
		id, ok := idOf[refresh.TargetOf(k.objectType, p)]
		if !ok {
			return Result{}, false, nil
		}
		if !slices.Contains(res.TaskIDs, id) {
			res.TaskIDs = append(res.TaskIDs, id)
		}
	}
	res.TaskID = strings.Join(res.TaskIDs, ",")
	return res, true, nil
}

// pacer is the process's pacer for this client's account and endpoint.
// Services of one API product share it, as edge routine refreshes share
// DCDN's.
func (c *Client) pacer(svc refresh.Service) *pacer {
	d := refresh.Describe(svc)
	return c.pacers.of(d.Product + "|" + c.endpoints.host(d))
}

// preflight refuses a split refresh that today's remaining quota cannot
// cover, before anything is sent.
func (c *Client) preflight(ctx context.Context, r refresh.Request) error {
	q, err := c.Quota(ctx, r.Service)
	if err != nil {
		return fmt.Errorf("reading today's quota before a split refresh: %w", err)
	}
	quota, remain := q.Counter(r.ObjectType)
	if remain == nil || quota == nil || *remain >= int64(len(r.Paths)) {
		return nil
	}
	return &refresh.QuotaShortError{Service: r.Service, ObjectType: r.ObjectType, Need: len(r.Paths), Remain: *remain, Quota: *quota}
}
