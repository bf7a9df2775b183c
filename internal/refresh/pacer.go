package refresh

import (
	"slices"
	"sync"
	"time"
)

// pacer keeps an account's refresh calls within the documented rates: calls
// per second per operation, and URLs per minute per domain. Callers reserve
// a slot and wait for it, so that resources refreshing in parallel take
// turns instead of tripping Alibaba's throttling.
//
// The minute is a sliding window, stricter than a calendar minute: what
// fits in any 60 seconds fits in every minute Alibaba may count.
type pacer struct {
	mu       sync.Mutex
	nextCall map[string]time.Time  // operation → its earliest next call
	sent     map[string][]sentURLs // domain key → URLs sent in the last minute
}

type sentURLs struct {
	at time.Time
	n  int
}

// pacers holds one pacer per account and endpoint in the process: every
// provider configuration of the same account shares it.
var (
	pacersMu sync.Mutex
	pacers   = map[string]*pacer{}
)

func pacerFor(key string) *pacer {
	pacersMu.Lock()
	defer pacersMu.Unlock()
	if pacers[key] == nil {
		pacers[key] = &pacer{nextCall: map[string]time.Time{}, sent: map[string][]sentURLs{}}
	}
	return pacers[key]
}

// reserve books the earliest moment from now on when a call of operation
// may carry perDomain URLs, and returns how long to wait for it. A zero
// limit is not enforced.
func (p *pacer) reserve(now time.Time, operation string, callsPerSecond int, urlsPerMinute int, perDomain map[string]int) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()

	at := now
	if next := p.nextCall[operation]; next.After(at) {
		at = next
	}
	if urlsPerMinute > 0 {
		for domain, n := range perDomain {
			at = p.roomAt(domain, at, n, urlsPerMinute)
		}
		// Another domain's wait may have moved the slot: the earlier
		// domains still have room then, as windows only empty with time.
		for domain, n := range perDomain {
			window := p.sent[domain]
			i, _ := slices.BinarySearchFunc(window, at, func(s sentURLs, t time.Time) int { return s.at.Compare(t) })
			p.sent[domain] = slices.Insert(window, i, sentURLs{at, n})
		}
	}
	if callsPerSecond > 0 {
		p.nextCall[operation] = at.Add(time.Second / time.Duration(callsPerSecond))
	}
	return at.Sub(now)
}

// roomAt is the earliest moment from at on when domain's last minute holds
// room for n more URLs. It forgets what left the window before at.
func (p *pacer) roomAt(domain string, at time.Time, n, limit int) time.Time {
	window := p.sent[domain]
	for len(window) > 0 && !window[0].at.After(at.Add(-time.Minute)) {
		window = window[1:]
	}
	p.sent[domain] = window
	used := 0
	for _, s := range window {
		used += s.n
	}
	// Wait for the oldest sends to leave the window until n fits; a
	// request larger than the limit waits for an empty window.
	for i := 0; used+n > limit && i < len(window); i++ {
		used -= window[i].n
		at = window[i].at.Add(time.Minute + time.Millisecond)
	}
	return at
}
