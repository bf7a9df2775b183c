package refresh

import (
	"fmt"
	"regexp"
	"strings"
)

// Request is one refresh, as the resource describes it.
type Request struct {
	Service          Service
	ObjectType       ObjectType
	Paths            []string
	Force            bool
	RoutineID        string   // edge_routine only
	MergeDomainNames []string // edge_routine only
	// Split lets the request carry more paths, and more domains, than one
	// call takes: it is sent as its Parts.
	Split bool

	prefetch bool // the paths of a Preload, checked by the same rules

	// Pending marks values that are not known until apply, because they
	// come from other resources. Validation at plan time skips them;
	// the same validation runs again on the known values before any call.
	Pending Pending
}

// Pending marks the parts of a Request not known yet.
type Pending struct {
	PathList         bool         // the list itself is unknown: no path rule applies yet
	Paths            map[int]bool // counted toward limits, not checked
	RoutineID        bool         // set, value unknown
	MergeDomainNames bool         // set, value unknown
}

// Problem is one reason a request cannot be sent, tied to the attribute and
// list element a user has to change.
type Problem struct {
	Attribute string // the resource attribute: "object_paths", "routine_id", …
	Index     int    // the list element, or -1 for the attribute as a whole
	Summary   string // a short title
	Detail    string // the rule, the documented limit and the fix
}

// Where names the attribute and element as Terraform users write them.
func (p Problem) Where() string {
	if p.Index < 0 {
		return p.Attribute
	}
	return fmt.Sprintf("%s[%d]", p.Attribute, p.Index)
}

func (p Problem) Error() string { return p.Where() + ": " + p.Detail }

// Problems is every reason a request cannot be sent.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// maxPathProblems caps how many paths are reported one by one, so that a
// list of ten thousand bad paths yields a readable plan.
const maxPathProblems = 20

// routineIDPattern is "Name.Subdomain", as RefreshErObjectCaches documents.
var routineIDPattern = regexp.MustCompile(`^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$`)

// Validate checks a request against every documented rule of its service and
// object type and returns what is wrong, or nil when it can be sent.
func (r Request) Validate() Problems {
	limits, ok := Table[r.Service]
	if !ok {
		_, err := ParseService(string(r.Service))
		return Problems{{"service", -1, "Unknown service", err.Error()}}
	}
	if _, err := ParseObjectType(string(r.ObjectType)); err != nil {
		return Problems{{"object_type", -1, "Unknown object type", err.Error()}}
	}

	var ps Problems
	ps = append(ps, r.checkEdgeRoutineOptions()...)
	ps = append(ps, r.checkPaths(limits)...)
	return ps
}

// Warnings are what may fail although no rule forbids it: a request larger
// than the service's default daily quota for its object type fails unless
// the account's quota was raised.
func (r Request) Warnings() Problems {
	quota := Table[r.Service].DailyQuota[r.ObjectType]
	if r.Pending.PathList || quota.Max == 0 || len(r.Paths) <= quota.Max {
		return nil
	}
	return Problems{{"object_paths", -1, "More paths than the default daily quota",
		fmt.Sprintf("%s %s paths exceed %s's default daily quota of %s for that type: the refresh fails (QuotaExceeded.Refresh) unless this account's quota was raised",
			thousands(len(r.Paths)), r.ObjectType, r.Service, thousands(quota.Max))}}
}

func (r Request) checkEdgeRoutineOptions() Problems {
	var ps Problems
	hasRoutine := r.RoutineID != "" || r.Pending.RoutineID
	hasMerge := len(r.MergeDomainNames) > 0 || r.Pending.MergeDomainNames
	if r.Service != EdgeRoutine {
		for _, opt := range []struct {
			attr string
			set  bool
		}{{"routine_id", hasRoutine}, {"merge_domain_names", hasMerge}} {
			if opt.set {
				ps = append(ps, Problem{opt.attr, -1, "Option of another service",
					fmt.Sprintf("only the edge_routine service (RefreshErObjectCaches) takes %s; remove it, or set service = \"edge_routine\"", opt.attr)})
			}
		}
		return ps
	}

	switch {
	case r.Pending.RoutineID:
	case r.RoutineID == "":
		ps = append(ps, Problem{"routine_id", -1, "Missing routine ID",
			"the edge_routine service refreshes the cache of one routine: set routine_id to its ID in the form Name.Subdomain, for example \"myroutine.mysubdomain\""})
	case !routineIDPattern.MatchString(r.RoutineID):
		ps = append(ps, Problem{"routine_id", -1, "Malformed routine ID",
			fmt.Sprintf("%q is not a routine ID: write it as Name.Subdomain, for example \"myroutine.mysubdomain\"", r.RoutineID)})
	}
	if !r.Pending.MergeDomainNames {
		for i, d := range r.MergeDomainNames {
			if err := CheckDomain(d); err != nil {
				ps = append(ps, Problem{"merge_domain_names", i, "Malformed domain name",
					err.Error() + " (merge_domain_names takes bare domain names: no scheme, port or path)"})
			}
		}
	}
	return ps
}

func (r Request) checkPaths(limits Limits) Problems {
	if r.Pending.PathList {
		return nil
	}
	var ps Problems
	if len(r.Paths) == 0 {
		return Problems{{"object_paths", -1, "No paths", "give at least one path to refresh, for example \"example.com/index.html\""}}
	}

	// Per-request count (SingleRequest.OverLimit).
	limit := limits.PerRequest[r.ObjectType].Max
	kind, what, fix := "refresh", "a refresh of type "+string(r.ObjectType), "Set split_requests = true to send them as several requests, or split them across resources"
	if r.prefetch {
		limit, kind, what, fix = limits.PreloadPerRequest.Max, "prefetch", "a prefetch", "Split them across several resources"
	}
	if len(r.Paths) > limit && !r.Split {
		ps = append(ps, Problem{"object_paths", limit, "Too many paths for one request",
			fmt.Sprintf("%s takes at most %s %s per request (SingleRequest.OverLimit); this resource has %s. %s",
				what, thousands(limit), noun(r.ObjectType, limit), thousands(len(r.Paths)), fix)})
	}

	// Each path on its own, then the domains they name.
	bad := 0
	firstOfDomain := map[string]int{}
	var domains []string
	for i, raw := range r.Paths {
		if r.Pending.Paths[i] {
			continue
		}
		p, err := checkPath(raw, r.Service, r.ObjectType)
		if err != nil {
			if bad++; bad <= maxPathProblems {
				ps = append(ps, Problem{"object_paths", i, "Invalid object path", err.Error()})
			}
			continue
		}
		if _, seen := firstOfDomain[p.Domain]; !seen {
			firstOfDomain[p.Domain] = i
			domains = append(domains, p.Domain)
		}
	}
	if bad > maxPathProblems {
		ps = append(ps, Problem{"object_paths", -1, "Invalid object paths",
			fmt.Sprintf("%s more paths are invalid as well; only the first %d are listed", thousands(bad-maxPathProblems), maxPathProblems)})
	}

	if most := limits.DomainsPerRequest.Max; most > 0 && len(domains) > most && !r.Split {
		ps = append(ps, Problem{"object_paths", firstOfDomain[domains[most]], "Too many domains for one request",
			fmt.Sprintf("a %s %s takes paths on at most %d domains per request; this resource names %d (%s). %s",
				r.Service, kind, most, len(domains), strings.Join(domains, ", "), fix)})
	}
	if limits.SingleDomain && len(domains) > 1 && !r.Split {
		ps = append(ps, Problem{"object_paths", firstOfDomain[domains[1]], "More than one domain",
			fmt.Sprintf("an edge_routine refresh takes paths on one domain only (RefreshErObjectCaches): this path is on %s, object_paths[%d] on %s. Set split_requests = true to send one request per domain, or use one resource per domain; merge_domain_names widens the refresh to other domains' POPs",
				domains[1], firstOfDomain[domains[0]], domains[0])})
	}
	return ps
}

// noun names what a count of paths of this type is, as the docs word limits.
func noun(t ObjectType, n int) string {
	one, many := "URL", "URLs"
	switch t {
	case Directory:
		one, many = "directory", "directories"
	case Regex:
		one, many = "regular expression", "regular expressions"
	}
	if n == 1 {
		return one
	}
	return many
}
