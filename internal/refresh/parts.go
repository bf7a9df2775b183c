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
// request may name (edge routine: one; CDN: ten). Paths keep their order
// within a domain. Domains take turns, so that while one domain waits for
// its per-minute quota the next request serves another: where a request
// may name any number of domains, each takes paths from every domain in
// turn; edge routine's one-domain requests alternate between domains.
func (r Request) Parts() []Request {
	limits := Table[r.Service]
	maxPaths := limits.PerRequest[r.ObjectType].Max
	maxDomains := limits.DomainsPerRequest.Max
	if limits.SingleDomain {
		maxDomains = 1
	}

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
	switch maxDomains {
	case 0: // any number of domains: deal the paths out in turn
		var dealt []string
		for len(dealt) < len(r.Paths) {
			for _, d := range order {
				if q := byDomain[d]; len(q) > 0 {
					dealt, byDomain[d] = append(dealt, q[0]), q[1:]
				}
			}
		}
		for len(dealt) > 0 {
			n := min(len(dealt), maxPaths)
			chunks, dealt = append(chunks, dealt[:n]), dealt[n:]
		}
	case 1: // one domain a request: the domains' requests in turn
		for remaining := len(r.Paths); remaining > 0; {
			for _, d := range order {
				if q := byDomain[d]; len(q) > 0 {
					n := min(len(q), maxPaths)
					chunks, byDomain[d] = append(chunks, q[:n]), q[n:]
					remaining -= n
				}
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
