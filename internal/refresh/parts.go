package refresh

import "slices"

// URLsPerDomain counts the URLs (File and IgnoreParams paths) a request
// refreshes on each domain: what the per-minute limits count.
func (r Request) URLsPerDomain() map[string]int {
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
// request may name (edge routine: one; CDN and DCDN: ten). Paths keep
// their order within a domain.
//
// Domains take turns where a domain's per-minute quota would hold up the
// next request: where one request can spend a domain's whole minute
// (DCDN: 1,000 URLs a minute, 1,000 a request), or a request may name any
// number of domains, each request takes paths in turn from as many
// domains as one request may name (all of them where there is no limit),
// in order of appearance; a domain that runs out leaves its place to the
// next, so that no domain waits behind a large one's minutes. Edge
// routine's one-domain requests alternate between domains.
// Where a minute holds many requests (CDN: 10,000 URLs), whole domains
// fill each request instead, so that a domain Alibaba refuses fails only
// the requests that name it.
func (r Request) Parts() []Request {
	limits := Table[r.Service]
	maxPaths := limits.PerRequest[r.ObjectType].Max
	maxDomains := limits.DomainsPerRequest.Max
	if limits.SingleDomain {
		maxDomains = 1
	}
	perMinute := limits.URLsPerMinutePerDomain.Max
	turns := maxDomains == 0 || perMinute > 0 && perMinute <= limits.PerRequest[File].Max

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
	switch {
	case maxDomains == 1: // one domain a request: the domains' requests in turn
		for remaining := len(r.Paths); remaining > 0; {
			for _, d := range order {
				if q := byDomain[d]; len(q) > 0 {
					n := min(len(q), maxPaths)
					chunks, byDomain[d] = append(chunks, q[:n]), q[n:]
					remaining -= n
				}
			}
		}
	case turns: // at most a group of domains a request: deal their paths out in turn
		group := len(order)
		if maxDomains > 0 {
			group = maxDomains
		}
		// The group is refilled, in order of appearance, as its domains
		// run out, so that a large domain never holds up the domains
		// after it for minutes; each request names at most group domains.
		var active []string
		next := 0
		for {
			active = slices.DeleteFunc(active, func(d string) bool { return len(byDomain[d]) == 0 })
			for len(active) < group && next < len(order) {
				active, next = append(active, order[next]), next+1
			}
			if len(active) == 0 {
				break
			}
			var chunk []string
			for dealing := true; dealing && len(chunk) < maxPaths; {
				dealing = false
				for _, d := range active {
					if q := byDomain[d]; len(q) > 0 && len(chunk) < maxPaths {
						chunk, byDomain[d], dealing = append(chunk, q[0]), q[1:], true
					}
				}
			}
			chunks = append(chunks, chunk)
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
