package emulator

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"time"
)

// FaultKind names a fault the emulator can inject.
type FaultKind string

const (
	FaultThrottle    FaultKind = "throttle"     // the product's throttling error (CDN/DCDN 429 TooManyRequests, VOD 503 Throttling)
	FaultServerError FaultKind = "server_error" // 503 ServiceUnavailable
	FaultQueueFull   FaultKind = "queue_full"   // 400 TooMany.Refresh
	FaultPerMinute   FaultKind = "per_minute"   // 400 QuotaPerMinuteExceeded.Refresh
	FaultSlow        FaultKind = "slow"         // the normal answer after Delay
	FaultDrop        FaultKind = "drop"         // the connection closed without an answer
)

// Fault is a fault for the next Count calls whose Action is in Actions (any
// Action when empty). Faults apply to calls that name a known operation,
// before authentication; each call takes at most one fault, the oldest that
// matches.
type Fault struct {
	Kind    FaultKind
	Count   int           // how many next matching calls it affects; < 1 means 1
	Actions []string      // empty: any action
	Delay   time.Duration // FaultSlow: delay before the normal answer; FaultDrop: optional delay before the drop
	// AfterProcessing, for FaultDrop only, processes the call (it takes
	// effect and is logged as accepted) and then drops the connection: a
	// lost response.
	AfterProcessing bool
	// After, when set, keeps the fault dormant until a call of this action
	// arrives: a fault for a later step of a sequence, such as the
	// credential renewal (AssumeRole) of a refresh that follows a quota
	// look-up (DescribeRefreshQuota), while the same renewal before it,
	// when the provider is configured, passes.
	After string
}

// MetadataCredentials is the action name that faults give to take effect
// on the instance metadata stand-in's credential reads (imds.go), which
// are no API action. Only faults that name it reach them.
const MetadataCredentials = "MetadataCredentials"

func validKind(k FaultKind) bool {
	switch k {
	case FaultThrottle, FaultServerError, FaultQueueFull, FaultPerMinute, FaultSlow, FaultDrop:
		return true
	}
	return false
}

// InjectFault queues f. It panics on an unknown Kind, a programming error.
func (e *Emulator) InjectFault(f Fault) {
	if !validKind(f.Kind) {
		panic(fmt.Sprintf("emulator: unknown fault kind %q", f.Kind))
	}
	f.Count = max(f.Count, 1)
	f.Actions = slices.Clone(f.Actions)
	e.mu.Lock()
	defer e.mu.Unlock()
	e.faults = append(e.faults, &f)
}

// ClearFaults drops every fault not yet used up.
func (e *Emulator) ClearFaults() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.faults = nil
}

// PendingFaults is how many calls the injected faults will still affect:
// 0 once every one has been used up, or has begun (a slow call counts from
// its arrival).
func (e *Emulator) PendingFaults() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := 0
	for _, f := range e.faults {
		n += f.Count
	}
	return n
}

// takeFault uses up one call's worth of the oldest fault matching action,
// first waking the faults that wait for it.
func (e *Emulator) takeFault(action string) *Fault {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, f := range e.faults {
		if f.After == action {
			f.After = ""
		}
	}
	for i, f := range e.faults {
		if f.After != "" || len(f.Actions) > 0 && !slices.Contains(f.Actions, action) ||
			action == MetadataCredentials && !slices.Contains(f.Actions, action) {
			continue
		}
		taken := *f
		if f.Count--; f.Count == 0 {
			e.faults = slices.Delete(e.faults, i, i+1)
		}
		return &taken
	}
	return nil
}

// applyFault returns the error a fault answers with, or the fault itself
// when it drops the connection. Slow and drop faults wait first; a slowed
// call still takes effect if its client gave up, as on a real server.
func applyFault(r *http.Request, op operation, f *Fault) (*apiError, *Fault) {
	switch f.Kind {
	case FaultThrottle:
		return op.product.throttled(), nil
	case FaultServerError:
		return errServiceUnavailable(), nil
	case FaultQueueFull:
		if op.kind == opPreload {
			return errPreloadQueueFull(), nil
		}
		return op.product.errQueueFull(), nil
	case FaultPerMinute:
		return op.product.errPerMinute(), nil
	case FaultSlow:
		wait(r.Context(), f.Delay)
		return nil, nil
	default: // FaultDrop
		wait(r.Context(), f.Delay)
		return nil, f
	}
}

// wait sleeps for d, or until ctx ends.
func wait(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// dropConnection closes the client's connection without an answer.
func dropConnection(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
			return
		}
	}
	// Without a hijackable connection (HTTP/2), make net/http abort the
	// response instead.
	panic(http.ErrAbortHandler)
}
