package alibaba

import (
	"slices"
	"sync"
	"time"
)

// pacer keeps an account's calls within the documented rates: calls per
// second per operation (refreshes, prefetches and the task look-ups), and
// URLs per minute per domain. Callers reserve a slot and wait for it, so
// that resources refreshing, waiting and reading in parallel take turns
// instead of tripping Alibaba's throttling.
//
// Both are sliding windows. Alibaba does not say how it counts "calls per
// second"; the emulator counts calendar seconds, or with -sliding-second
// the second before each call, and a sliding window keeps within both:
// what fits in any window fits in every calendar one. Calls
// go at once while the last second (plus callWindowMargin, for the spread
// of send and network delays) holds fewer than the limit: 50 resources
// refreshing together send at once, where calls spaced 1/limit apart would
// take a second.
type pacer struct {
	mu    sync.Mutex
	calls map[string][]time.Time // operation → calls booked in the last window, sorted
	sent  map[string][]sentURLs  // domain key → URLs sent in the last minute
}

// callWindowMargin widens the one-second window of the calls-per-second
// limit, so that calls booked a second apart, whose arrival the network
// spreads, are not counted in the same second by Alibaba.
const callWindowMargin = 200 * time.Millisecond

type sentURLs struct {
	at time.Time
	n  int
}

// Pacers holds one pacer per API endpoint.
type Pacers struct {
	mu sync.Mutex
	by map[string]*pacer
}

// NewPacers returns pacers that have booked nothing.
func NewPacers() *Pacers { return &Pacers{by: map[string]*pacer{}} }

// ProcessPacers are the pacers of every client in the process unless
// WithPacers says otherwise: the provider configurations calling one
// endpoint share its pacer. Accounts are not told apart, so two accounts
// on one endpoint are paced as one, which is only cautious.
var ProcessPacers = NewPacers()

func (ps *Pacers) of(key string) *pacer {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if ps.by[key] == nil {
		ps.by[key] = &pacer{calls: map[string][]time.Time{}, sent: map[string][]sentURLs{}}
	}
	return ps.by[key]
}

// reserve books the earliest moment from now on when a call of operation
// may carry perDomain URLs, and returns how long to wait for it. A zero
// limit is not enforced.
func (p *pacer) reserve(now time.Time, operation string, callsPerSecond int, urlsPerMinute int, perDomain map[string]int) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()

	at := now
	for {
		prev := at
		if callsPerSecond > 0 {
			at = p.callRoomAt(operation, now, at, callsPerSecond)
		}
		if urlsPerMinute > 0 {
			for domain, n := range perDomain {
				at = p.roomAt(domain, now, at, n, urlsPerMinute)
			}
		}
		if at.Equal(prev) {
			break
		}
	}
	if urlsPerMinute > 0 {
		// Another domain's wait may have moved the slot: the earlier
		// domains still have room then, as windows only empty with time.
		for domain, n := range perDomain {
			window := p.sent[domain]
			i, _ := slices.BinarySearchFunc(window, at, func(s sentURLs, t time.Time) int { return s.at.Compare(t) })
			p.sent[domain] = slices.Insert(window, i, sentURLs{at, n})
		}
	}
	if callsPerSecond > 0 {
		calls := p.calls[operation]
		i, _ := slices.BinarySearchFunc(calls, at, time.Time.Compare)
		p.calls[operation] = slices.Insert(calls, i, at)
	}
	return at.Sub(now)
}

// callRoomAt is the earliest moment from at on when every window around it
// holds fewer than limit calls of operation. It forgets calls that left the
// window before at.
func (p *pacer) callRoomAt(operation string, now, at time.Time, limit int) time.Time {
	const window = time.Second + callWindowMargin
	calls := p.calls[operation]
	for len(calls) > 0 && !calls[0].After(now.Add(-window)) {
		calls = calls[1:]
	}
	p.calls[operation] = calls
	for {
		// Calls booked less than a window before or after at (later
		// slots are booked already when many callers wait).
		lo, _ := slices.BinarySearchFunc(calls, at.Add(-window), time.Time.Compare)
		for lo < len(calls) && !calls[lo].After(at.Add(-window)) {
			lo++
		}
		hi, _ := slices.BinarySearchFunc(calls, at.Add(window), time.Time.Compare)
		if hi-lo < limit {
			return at
		}
		at = calls[lo].Add(window)
	}
}

// roomAt is the earliest moment from at on when domain's last minute holds
// room for n more URLs. It forgets what left the window before at.
func (p *pacer) roomAt(domain string, now, at time.Time, n, limit int) time.Time {
	window := p.sent[domain]
	for len(window) > 0 && !window[0].at.After(now.Add(-time.Minute)) {
		window = window[1:]
	}
	p.sent[domain] = window
	start := 0
	for start < len(window) && !window[start].at.After(at.Add(-time.Minute)) {
		start++
	}
	used := 0
	for _, s := range window[start:] {
		used += s.n
	}
	// Wait for the oldest sends to leave the window until n fits; a
	// request larger than the limit waits for an empty window.
	for i := start; used+n > limit && i < len(window); i++ {
		used -= window[i].n
		at = window[i].at.Add(time.Minute + time.Millisecond)
	}
	return at
}
