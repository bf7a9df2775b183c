package refresh

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
// number of domains, the domains go in groups of as many as one request
// may name (all of them where there is no limit), in order of appearance,
// and each request of a group takes paths from every domain of it in
// turn; edge routine's one-domain requests alternate between domains.
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
	case turns: // a group of domains a request: deal each group's paths out in turn
		group := len(order)
		if maxDomains > 0 {
			group = maxDomains
		}
		for len(order) > 0 {
			domains := order[:min(group, len(order))]
			order = order[len(domains):]
			var dealt []string
			for dealing := true; dealing; {
				dealing = false
				for _, d := range domains {
					if q := byDomain[d]; len(q) > 0 {
						dealt, byDomain[d], dealing = append(dealt, q[0]), q[1:], true
					}
				}
			}
			for len(dealt) > 0 {
				n := min(len(dealt), maxPaths)
				chunks, dealt = append(chunks, dealt[:n]), dealt[n:]
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
