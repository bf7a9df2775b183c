package alibaba

import (
	"context"
	"fmt"
	"time"

	"github.com/purgeworks/terraform-provider-alicloud/internal/emulator"
	"github.com/purgeworks/terraform-provider-alicloud/internal/refresh"
)

// urls is n URLs on domain.
func urls(domain string, n int) []string {
	ps := make([]string, n)
	for i := range ps {
		ps[i] = fmt.Sprintf("%s/asset-%d.js", domain, i)
	}
	return ps
}

// baseRequest is a valid request of svc for paths.
func baseRequest(svc refresh.Service, typ refresh.ObjectType, paths []string) refresh.Request {
	r := refresh.Request{Service: svc, ObjectType: typ, Paths: paths}
	if svc == refresh.EdgeRoutine {
		r.RoutineID = "myroutine.mysubdomain"
	}
	return r
}

// manualClock is the emulator's manual clock as the client's: a wait
// moves it on at once, so that minutes of tasks and backoff pass in none.
type manualClock struct{ *emulator.ManualClock }

func (c manualClock) Sleep(ctx context.Context, d time.Duration) error {
	c.Advance(d)
	return ctx.Err()
}

// sleepCounter adds up the waits instead of waiting.
type sleepCounter struct{ slept *time.Duration }

func (sleepCounter) Now() time.Time { return time.Now() }

func (s sleepCounter) Sleep(ctx context.Context, d time.Duration) error {
	*s.slept += d
	return ctx.Err()
}
