package alibaba

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/purgeworks/terraform-provider-alicloud/internal/refresh"
)

// A poller makes the by-ID look-ups of every caller on one client and
// service: the resources of one apply share one provider process and one
// client, and their waits and reads ask together. A caller's IDs join the
// next round; a round starts gatherWindow after the first ask (so that
// resources woken by the same schedule share it), asks for the union of
// the IDs waiting, as many per call as the look-up takes, and hands each
// caller the entries of its own IDs. 200 resources waiting at once cost 20
// calls a round, not 200.
type poller struct {
	c   *Client
	svc refresh.Service

	mu      sync.Mutex
	asks    []*ask // for the next round
	running bool   // a goroutine runs rounds while there are asks
}

// gatherWindow is how long a round waits for more callers: short beside
// the waits' schedule (a second at least), long beside the spread of
// resources that Terraform starts together.
const gatherWindow = 50 * time.Millisecond

type ask struct {
	ctx   context.Context
	ids   []string
	reply chan answer // buffered: a round never blocks on a caller gone
}

type answer struct {
	tasks []refresh.Task
	err   error
}

// pollers holds a client's pollers, one per service.
type pollers struct {
	mu sync.Mutex
	m  map[refresh.Service]*poller
}

func (c *Client) poller(svc refresh.Service) *poller {
	c.pollers.mu.Lock()
	defer c.pollers.mu.Unlock()
	if c.pollers.m == nil {
		c.pollers.m = map[refresh.Service]*poller{}
	}
	if c.pollers.m[svc] == nil {
		c.pollers.m[svc] = &poller{c: c, svc: svc}
	}
	return c.pollers.m[svc]
}

// tasks returns every entry of ids from the next round, or ctx's error.
func (p *poller) tasks(ctx context.Context, ids []string) ([]refresh.Task, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, nil
	}
	a := &ask{ctx: ctx, ids: ids, reply: make(chan answer, 1)}
	p.mu.Lock()
	p.asks = append(p.asks, a)
	if !p.running {
		p.running = true
		go p.run()
	}
	p.mu.Unlock()
	select {
	case ans := <-a.reply:
		return ans.tasks, ans.err
	case <-ctx.Done():
		// The round's own answer may come a moment later; either way the
		// error names the look-up, as a call's own error does.
		return nil, &TransportError{refresh.Describe(p.svc).LookUp().Action, "no answer before the " + endedBy(ctx.Err()), false, ctx.Err()}
	}
}

// run makes rounds until no one asks.
func (p *poller) run() {
	for {
		_ = p.c.clock.Sleep(context.Background(), gatherWindow)
		p.mu.Lock()
		asks := p.asks
		p.asks = nil
		if len(asks) == 0 {
			p.running = false
			p.mu.Unlock()
			return
		}
		p.mu.Unlock()
		p.round(asks)
	}
}

// round looks up the IDs of asks, one call per TaskIDsPerLookup of them,
// and answers each ask with its own IDs' entries, or with the error of a
// call that covered one of them. It stops once every caller has gone.
func (p *poller) round(asks []*ask) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	left := atomic.Int64{}
	left.Store(int64(len(asks)))
	for _, a := range asks {
		stop := context.AfterFunc(a.ctx, func() {
			if left.Add(-1) == 0 {
				cancel()
			}
		})
		defer stop()
	}

	var ids []string
	for _, a := range asks {
		for _, id := range a.ids {
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	batch := max(refresh.Table[p.svc].TaskIDsPerLookup.Max, 1)
	byID := map[string][]refresh.Task{}
	failed := map[string]error{}
	for chunk := range slices.Chunk(ids, batch) {
		tasks, err := p.c.tasksByID(ctx, p.svc, chunk)
		for _, id := range chunk {
			failed[id] = err
		}
		for _, t := range tasks {
			byID[t.ID] = append(byID[t.ID], t)
		}
	}
	for _, a := range asks {
		var ans answer
		for _, id := range a.ids {
			if err := failed[id]; err != nil {
				ans = answer{err: err}
				break
			}
		}
		if ans.err == nil {
			for i, id := range a.ids {
				if !slices.Contains(a.ids[:i], id) {
					ans.tasks = append(ans.tasks, byID[id]...)
				}
			}
		}
		a.reply <- ans
	}
}
