package emulator

import (
	"fmt"
	"strconv"
	"time"
)

// usage counts what an account spent in the current UTC day, minute and
// second of Options.Clock. Windows are calendar-aligned: a new minute or day
// starts afresh, whatever was spent just before it.
//
// Alibaba documents its rates as calls per second without saying how the
// second is counted. The calendar second is the emulator's default (and
// the laxer reading: two bursts on either side of a boundary both pass);
// sliding counts, at each call, the calls of the last second instead
// (Options.SlidingSecond). The provider's pacer must keep within both.
type usage struct {
	second  int64
	calls   map[string]int // Action → accepted calls this second
	sliding bool
	recent  map[string][]time.Time // Action → accepted calls of the last second, when sliding

	minute int64
	urls   map[string]int // product|domain → URLs this minute

	day   string
	spent map[*product]map[quotaKind]int // today

	raised map[*product]map[quotaKind]int // Options.Quotas, over the defaults
}

func (u *usage) init(quotas []Quota) error {
	u.second, u.minute = -1, -1
	u.calls = make(map[string]int)
	u.recent = make(map[string][]time.Time)
	u.urls = make(map[string]int)
	u.spent = make(map[*product]map[quotaKind]int)
	u.raised = make(map[*product]map[quotaKind]int)
	for _, q := range quotas {
		p, k, ok := quotaCounter(q.Product, q.Counter)
		if !ok {
			return fmt.Errorf("emulator: no quota counter %q for product %q", q.Counter, q.Product)
		}
		if u.raised[p] == nil {
			u.raised[p] = make(map[quotaKind]int)
		}
		u.raised[p][k] = q.Daily
	}
	return nil
}

// Quota raises one daily counter of a product for the account, as Alibaba
// does on request; the other counters keep their defaults.
type Quota struct {
	Product string // "cdn", "dcdn" (edge routine included) or "vod"
	Counter string // as the quota look-up names it: "Url", "Dir", "Regex", "IgnoreParams", "Preload", "Block"
	Daily   int
}

func quotaCounter(productName, counter string) (*product, quotaKind, bool) {
	kinds := map[string]quotaKind{"Url": quotaURL, "Dir": quotaDir, "Regex": quotaRegex, "IgnoreParams": quotaIgnoreParams, "Preload": quotaPreload, "Block": quotaBlock}
	k, ok := kinds[counter]
	for _, p := range products {
		if p.name == productName && ok {
			if _, counted := p.daily[k]; counted {
				return p, k, true
			}
		}
	}
	return nil, 0, false
}

// roll starts whichever windows now has left behind and reports whether a
// new second began.
func (u *usage) roll(now time.Time) bool {
	if m := now.Unix() / 60; m != u.minute {
		u.minute = m
		clear(u.urls)
	}
	if d := now.Format(time.DateOnly); d != u.day {
		u.day = d
		clear(u.spent)
	}
	if s := now.Unix(); s != u.second {
		u.second = s
		clear(u.calls)
		return true
	}
	return false
}

// allowCall counts a call at now against its Action's per-second limit.
func (u *usage) allowCall(op operation, now time.Time) bool {
	if u.sliding {
		recent := u.recent[op.action]
		for len(recent) > 0 && !recent[0].After(now.Add(-time.Second)) {
			recent = recent[1:]
		}
		if len(recent) >= op.callsPerSecond {
			u.recent[op.action] = recent
			return false
		}
		u.recent[op.action] = append(recent, now)
		return true
	}
	if u.calls[op.action] >= op.callsPerSecond {
		return false
	}
	u.calls[op.action]++
	return true
}

// daily is the account's quota of one counter: raised, or the default.
func (u *usage) daily(p *product, k quotaKind) int {
	if n, ok := u.raised[p][k]; ok {
		return n
	}
	return p.daily[k]
}

func (u *usage) remaining(p *product, k quotaKind) int {
	return u.daily(p, k) - u.spent[p][k]
}

func (u *usage) spend(p *product, k quotaKind, n int) {
	if u.spent[p] == nil {
		u.spent[p] = make(map[quotaKind]int)
	}
	u.spent[p][k] += n
}

// checkMinute refuses URLs that would take a domain past its per-minute
// limit; perDomain counts this request's URLs by domain.
func (u *usage) checkMinute(p *product, perDomain map[string]int) *apiError {
	for d, n := range perDomain {
		if u.urls[p.name+"|"+d]+n > p.urlsPerMin {
			return p.errPerMinute()
		}
	}
	return nil
}

func (u *usage) spendMinute(p *product, perDomain map[string]int) {
	for d, n := range perDomain {
		u.urls[p.name+"|"+d] += n
	}
}

// describeQuota answers Describe*RefreshQuota: every field a string, with
// the key casing each SDK struct decodes (ref §4, §5, §6).
func (e *Emulator) describeQuota(c call) (any, *apiError) {
	p := c.op.product
	body := map[string]string{"RequestId": c.requestID}
	put := func(name string, k quotaKind) {
		body[name+"Quota"] = strconv.Itoa(e.usage.daily(p, k))
		body[name+"Remain"] = strconv.Itoa(e.usage.remaining(p, k))
	}
	put("Url", quotaURL)
	put("Dir", quotaDir)
	put("Preload", quotaPreload)
	put("Block", quotaBlock)
	if p == vodProduct {
		// The v1 SDK's VOD struct decodes this one from a lowercase key.
		body["blockRemain"] = body["BlockRemain"]
		delete(body, "BlockRemain")
		return body, nil
	}
	put("Regex", quotaRegex)
	put("IgnoreParams", quotaIgnoreParams)
	if p == cdnProduct {
		// CDN reports L1 (edge) prefetch apart from L2; the emulator keeps one
		// prefetch counter and reports it under both names.
		body["PreloadEdgeQuota"] = body["PreloadQuota"]
		body["PreloadEdgeRemain"] = body["PreloadRemain"]
	}
	return body, nil
}
