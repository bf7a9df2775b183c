package alibaba

import (
	"context"
	"fmt"

	"github.com/purgeworks/terraform-provider-alicloud/internal/refresh"
)

// Wait looks the tasks up on the backoff schedule until every one of the
// given paths is Complete, one Failed, or ctx ends; report sees each
// look-up's progress. Other paths the tasks list (merged task IDs) do not
// count (OwnTasks). A task ID not reported yet counts as still refreshing,
// and a task Pending (not started yet) as unfinished.
//
// A look-up that fails for a reason that passes (throttling, Alibaba's own
// failure, a lost connection) only means no news: the purge was sent, and
// giving up would fail the apply and purge again on the next one. Waiting
// goes on; if ctx ends first, the error names the last failure. Any other
// failure (a permission missing, say) ends the wait at once.
func (c *Client) Wait(ctx context.Context, svc refresh.Service, ids, paths []string, b refresh.Backoff, report func(refresh.Progress)) (refresh.Progress, error) {
	var p refresh.Progress
	var lookupErr error
	for d := b.Next(0); ; d = b.Next(d) {
		if err := c.clock.Sleep(ctx, d); err != nil {
			if lookupErr != nil {
				return p, fmt.Errorf("%w; the last look-up failed: %w", err, lookupErr)
			}
			return p, err
		}
		tasks, err := c.TasksByID(ctx, svc, ids)
		if err != nil {
			if ctx.Err() != nil || !passes(err) {
				return p, err
			}
			lookupErr = err
			if c.Notify != nil {
				c.Notify(ctx, "looking the tasks up failed; waiting goes on", map[string]any{"wait": b.Next(d).String(), "error": err.Error()})
			}
			continue
		}
		lookupErr = nil
		p = refresh.Summarize(ids, refresh.OwnTasks(paths, tasks))
		if report != nil {
			report(p)
		}
		if refresh.Final(p.Status) { // Pending and Refreshing go on
			return p, nil
		}
	}
}

// passes reports whether a failed look-up may succeed later. Look-ups
// change nothing, so a lost connection is as harmless to repeat as
// throttling.
func passes(err error) bool {
	switch classify(err) {
	case transient, ambiguous:
		return true
	}
	return false
}
