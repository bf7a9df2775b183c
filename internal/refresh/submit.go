package refresh

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// retryBackoff is the wait before repeating a transient failure: doubling
// from Initial up to Max, each wait drawn between half and all of it, so
// that parallel resources do not retry in step.
var retryBackoff = Backoff{Initial: time.Second, Factor: 2, Max: 30 * time.Second}

// Refresh validates r and, when it is valid, submits it: as one call with
// the paths in the order given, or, when r.Split is set, as many calls as
// the per-request limits need, after checking that today's quota covers
// them all. Invalid input returns Problems and sends nothing.
//
// Calls are paced within the documented rates, and a transient failure is
// repeated until ctx ends; a permanent one returns an *APIError at once. A
// split refresh stopped midway returns the tasks already submitted with the
// error.
func (c *Client) Refresh(ctx context.Context, r Request) (Result, error) {
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
	service        Service
	operation      string
	paths          []string
	objectType     ObjectType // how the paths compare (TargetOf); File for a prefetch
	taskType       string     // as the task list reports it: file, directory, …, preload
	callsPerSecond int
	urlsPerMinute  int            // per domain; 0: not limited
	urlsPerDomain  map[string]int // what this call counts against it
	send           func(*sdkClients) (Result, error)
}

func (c *Client) refreshCall(r Request) call {
	limits := Table[r.Service]
	return call{
		service: r.Service, operation: r.Service.Operation(), paths: r.Paths, objectType: r.ObjectType, taskType: strings.ToLower(string(r.ObjectType)),
		callsPerSecond: limits.CallsPerSecond.Max, urlsPerMinute: limits.URLsPerMinutePerDomain.Max, urlsPerDomain: r.urlsPerDomain(),
		send: func(s *sdkClients) (Result, error) { return c.send(s, r) },
	}
}

// submit sends one call until it is accepted, refused for good, or ctx
// ends.
func (c *Client) submit(ctx context.Context, r Request) (Result, error) {
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
		if lastErr != nil && time.Until(deadlineOr(ctx)) < wait {
			return Result{}, fmt.Errorf("%w (tried %d times; the timeout ends before the next try)", lastErr, attempt-1)
		}
		// Back off first, then book the pacer's slot: a slot booked before
		// the backoff would count the call at the wrong time, and let it
		// go out with a burst of others. Then borrow an SDK client.
		err := c.sleep(ctx, wait)
		if err == nil {
			err = c.sleep(ctx, c.pacer(k.service).reserve(c.clock(), k.operation, k.callsPerSecond, k.urlsPerMinute, k.urlsPerDomain))
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
		sentAt := c.clock()
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
			wait = retryBackoff.jittered(attempt)
		case nextMinute:
			// Alibaba counts a domain's URLs per minute: try again just
			// after the next one starts.
			now := c.clock()
			wait = now.Truncate(time.Minute).Add(time.Minute + time.Second).Sub(now)
		case transient:
			wait = retryBackoff.jittered(attempt)
		}
		lastErr = err
		if c.Notify != nil {
			c.Notify(ctx, k.operation+" failed; trying again", map[string]any{"attempt": attempt, "wait": wait.String(), "error": err.Error()})
		}
	}
}

// jittered is the wait before try n+1: Initial·Factor^(n-1) up to Max,
// drawn from its upper half.
func (b Backoff) jittered(n int) time.Duration {
	d := b.Initial
	for i := 1; i < n && d < b.Max; i++ {
		d = b.Next(d)
	}
	return d/2 + rand.N(d/2+1)
}

func deadlineOr(ctx context.Context) time.Time {
	if d, ok := ctx.Deadline(); ok {
		return d
	}
	return time.Now().Add(24 * time.Hour)
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
		if err := c.sleep(ctx, wait); err != nil {
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
	tasks, err := c.ListTasks(ctx, k.service, TaskFilter{
		StartTime: sentAt.Add(-time.Minute).UTC().Format(taskTimeLayout),
		EndTime:   c.clock().Add(time.Minute).UTC().Format(taskTimeLayout),
	})
	if err != nil {
		return Result{}, false, err
	}
	idOf := map[string]string{}
	for _, t := range tasks { // newest first: keep the newest task of a path
		created, err := time.Parse(taskTimeLayout, t.CreationTime)
		if err != nil || created.Before(sentAt.Add(-clockSkew)) || !strings.EqualFold(t.ObjectType, k.taskType) {
			continue // an earlier refresh or prefetch of the same path
		}
		// By target: the list may report a path with a scheme added, or
		// encoded, and a path missed here is sent twice.
		if _, seen := idOf[TargetOf(k.objectType, t.ObjectPath)]; !seen {
			idOf[TargetOf(k.objectType, t.ObjectPath)] = t.ID
		}
	}
	var res Result
	for _, p := range k.paths {
		id, ok := idOf[TargetOf(k.objectType, p)]
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
// Edge routine refreshes share DCDN's.
func (c *Client) pacer(svc Service) *pacer {
	endpoint := map[Service]string{CDN: c.endpoints.CDN, DCDN: c.endpoints.DCDN, EdgeRoutine: c.endpoints.DCDN, VOD: c.vodEndpoint()}[svc]
	family := map[Service]string{CDN: "cdn", DCDN: "dcdn", EdgeRoutine: "dcdn", VOD: "vod"}[svc]
	return pacerFor(family + "|" + endpoint)
}

func (c *Client) clock() time.Time {
	if c.now != nil {
		return c.now()
	}
	return time.Now()
}

// urlsPerDomain counts the URLs (File and IgnoreParams paths) a request
// refreshes on each domain: what the per-minute limits count.
func (r Request) urlsPerDomain() map[string]int {
	if r.ObjectType != File && r.ObjectType != IgnoreParams {
		return nil
	}
	n := map[string]int{}
	for _, raw := range r.Paths {
		if p, err := ParsePath(raw); err == nil {
			n[p.Domain]++
		}
	}
	return n
}

// Parts splits a request into requests that each keep within the
// per-request limits: the count of its object type, and the domains one
// request may name (edge routine: one; CDN: ten). Paths keep their order
// within a domain. Domains take turns, so that while one domain waits for
// its per-minute quota the next request serves another: where a request
// may name any number of domains, each takes paths from every domain in
// turn; edge routine's one-domain requests alternate between domains.
func (r Request) Parts() []Request {
	limits := Table[r.Service]
	maxPaths := limits.PerRequest[r.ObjectType].Max
	maxDomains := limits.DomainsPerRequest.Max
	if limits.SingleDomain {
		maxDomains = 1
	}

	var order []string
	byDomain := map[string][]string{}
	for _, raw := range r.Paths {
		p, _ := ParsePath(raw) // valid: Validate ran first
		if _, ok := byDomain[p.Domain]; !ok {
			order = append(order, p.Domain)
		}
		byDomain[p.Domain] = append(byDomain[p.Domain], raw)
	}

	var chunks [][]string
	switch maxDomains {
	case 0: // any number of domains: deal the paths out in turn
		var dealt []string
		for len(dealt) < len(r.Paths) {
			for _, d := range order {
				if q := byDomain[d]; len(q) > 0 {
					dealt, byDomain[d] = append(dealt, q[0]), q[1:]
				}
			}
		}
		for len(dealt) > 0 {
			n := min(len(dealt), maxPaths)
			chunks, dealt = append(chunks, dealt[:n]), dealt[n:]
		}
	case 1: // one domain a request: the domains' requests in turn
		for remaining := len(r.Paths); remaining > 0; {
			for _, d := range order {
				if q := byDomain[d]; len(q) > 0 {
					n := min(len(q), maxPaths)
					chunks, byDomain[d] = append(chunks, q[:n]), q[n:]
					remaining -= n
				}
			}
		}
	default: // a few domains a request: fill each with whole domains first
		var cur []string
		domains := 0
		for _, d := range order {
			for q := byDomain[d]; len(q) > 0; {
				if len(cur) == maxPaths || domains == maxDomains {
					chunks, cur, domains = append(chunks, cur), nil, 0
				}
				n := min(len(q), maxPaths-len(cur))
				cur, q = append(cur, q[:n]...), q[n:]
				domains++
			}
		}
		chunks = append(chunks, cur)
	}

	parts := make([]Request, len(chunks))
	for i, c := range chunks {
		parts[i] = r
		parts[i].Paths, parts[i].Split = c, false
	}
	return parts
}

// QuotaShortError refuses a split refresh that today's quota cannot cover.
type QuotaShortError struct {
	Service    Service
	ObjectType ObjectType
	Need       int
	Remain     int64
	Quota      int64
}

func (e *QuotaShortError) Error() string {
	return fmt.Sprintf("this refresh needs %s %s paths of today's %s quota, and %s of %s remain: nothing was sent. "+
		"Wait for the quota to renew at midnight (UTC+8), ask Alibaba Cloud for a larger quota, or refresh fewer paths (a directory instead of its files)",
		thousands(e.Need), e.ObjectType, e.Service, thousands(int(e.Remain)), thousands(int(e.Quota)))
}

// preflight refuses a split refresh that today's remaining quota cannot
// cover, before anything is sent.
func (c *Client) preflight(ctx context.Context, r Request) error {
	q, err := c.Quota(ctx, r.Service)
	if err != nil {
		return fmt.Errorf("reading today's quota before a split refresh: %w", err)
	}
	quota, remain := q.counter(r.ObjectType)
	if remain == nil || quota == nil || *remain >= int64(len(r.Paths)) {
		return nil
	}
	return &QuotaShortError{r.Service, r.ObjectType, len(r.Paths), *remain, *quota}
}

// counter is the quota an object type spends. VOD reports only URLs and
// directories: its IgnoreParams paths are URLs there.
func (q Quota) counter(t ObjectType) (quota, remain *int64) {
	switch t {
	case Directory:
		return q.DirQuota, q.DirRemain
	case Regex:
		return q.RegexQuota, q.RegexRemain
	case IgnoreParams:
		if q.IgnoreParamsQuota != nil {
			return q.IgnoreParamsQuota, q.IgnoreParamsRemain
		}
	}
	return q.URLQuota, q.URLRemain
}
