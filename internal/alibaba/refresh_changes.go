package alibaba

import (
	"context"

	"github.com/purgeworks/terraform-provider-alicloud/internal/refresh"
)

// RefreshEach submits the requests of a change set in order, each as
// Refresh would (validated, split into Parts when Split is set, paced,
// repeated while the failure passes), and calls accepted with each call
// Alibaba accepted, as soon as it is: whoever records what was purged
// learns it call by call, so a refresh stopped midway leaves a record of
// exactly the paths purged. Before anything is sent, a split request's
// quota is checked against today's remaining quota (as Refresh does).
func (c *Client) RefreshEach(ctx context.Context, reqs []refresh.Request, accepted func(part refresh.Request, res Result)) error {
	for _, r := range reqs {
		if ps := r.Validate(); len(ps) > 0 {
			return ps
		}
	}
	for _, r := range reqs {
		if r.Split {
			if err := c.preflight(ctx, r); err != nil {
				return err
			}
		}
	}
	for _, r := range reqs {
		parts := []refresh.Request{r}
		if r.Split {
			parts = r.Parts()
		}
		for _, part := range parts {
			res, err := c.submit(ctx, part)
			if err != nil {
				return err
			}
			accepted(part, res)
		}
	}
	return nil
}
