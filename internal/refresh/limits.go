package refresh

import "strings"

// Limit is one number and where it comes from, so that a reader (and the
// docs) can tell a documented limit from an assumed one.
type Limit struct {
	Max    int    // 0: none documented
	Source string // the document behind Max, or "assumed: …"
}

// Assumed reports whether no document gives the number.
func (l Limit) Assumed() bool { return strings.HasPrefix(l.Source, "assumed") }

// Limits are the documented limits of one service. Everything that needs a
// limit reads it from the Table below.
type Limits struct {
	// Paths per request, by object type (SingleRequest.OverLimit beyond).
	PerRequest map[ObjectType]Limit
	// Characters per path (InvalidObjectPath.Size.Malformed beyond).
	PathLength Limit
	// Distinct domains in one request; 0 means no documented limit.
	DomainsPerRequest Limit
	// Every path of a request must be on one domain (RefreshErObjectCaches).
	SingleDomain bool
	// The prefetch operation takes files only: a path naming a directory
	// is refused (PreloadVodObjectCaches, reference notes §9).
	PreloadFilesOnly bool
	// Default daily quota per account, by object type; Max 0 where the
	// service documents no separate quota for that type.
	DailyQuota map[ObjectType]Limit
	// URLs a single domain may refresh per minute.
	URLsPerMinutePerDomain Limit
	// Refresh calls per second per account.
	CallsPerSecond Limit
	// Task IDs one by-ID look-up takes, and its calls per second; 1 ID
	// where the service has no by-ID look-up and its task list is filtered
	// by one ID instead.
	TaskIDsPerLookup     Limit
	TaskLookupsPerSecond Limit
	// Prefetch: URLs per request, URLs per day, calls per second; no Max
	// where the service has no prefetch operation.
	PreloadPerRequest     Limit
	PreloadDailyQuota     Limit
	PreloadCallsPerSecond Limit
	// Tasks per page of the task list, and its calls per second.
	TasksPageSize      Limit
	TaskListsPerSecond Limit
}

// Where the numbers come from: the four seed documents of the product, and
// the reference notes gathered from Alibaba's other pages.
const (
	srcCDN    = "RefreshObjectCaches (zh doc)"
	srcDCDN   = "RefreshDcdnObjectCaches doc"
	srcVOD    = "RefreshVodObjectCaches doc"
	srcER     = "RefreshErObjectCaches doc"
	srcCDNRef = "CDN docs (reference notes)"
	// Alibaba's newer pages, gathered in the reference notes' section 9;
	// they replace assumptions only, never a seed.
	srcDCDNSep2025 = "RefreshDcdnObjectCaches doc of Sep 2025, alibabacloud.com/help/en/doc-detail/130620.html (reference notes §9)"
	srcDCDNPreload = "PreloadDcdnObjectCaches doc, alibabacloud.com/help/en/doc-detail/130636.html (reference notes §9)"
	srcVODPreload  = "PreloadVodObjectCaches doc, alibabacloud.com/help/en/vod/developer-reference/api-vod-2017-03-21-preloadvodobjectcaches (reference notes §9)"
	assumed        = "assumed: the same as the sibling operations"
)

// Table holds the limits of every service.
var Table = map[Service]Limits{
	CDN: {
		PerRequest: map[ObjectType]Limit{
			File:         {1000, srcCDN},
			IgnoreParams: {1000, srcCDN},
			Directory:    {100, srcCDN},
			Regex:        {1, srcCDN},
		},
		PathLength:        Limit{1024, "assumed: 1,024 as documented for DCDN, edge routine and PushObjectCache"},
		DomainsPerRequest: Limit{10, "CDN zh doc (reference notes)"},
		DailyQuota: map[ObjectType]Limit{
			File:         {10000, srcCDN},
			Directory:    {100, srcCDN},
			Regex:        {20, srcCDN},
			IgnoreParams: {100, srcCDN},
		},
		URLsPerMinutePerDomain: Limit{10000, srcCDN},
		CallsPerSecond:         Limit{50, srcCDNRef},
		PreloadPerRequest:      Limit{100, "PushObjectCache doc (reference notes)"},
		PreloadDailyQuota:      Limit{1000, "PushObjectCache doc (reference notes)"},
		PreloadCallsPerSecond:  Limit{50, "PushObjectCache doc (reference notes)"},
		TaskIDsPerLookup:       Limit{10, "DescribeRefreshTaskById doc (reference notes)"},
		TaskLookupsPerSecond:   Limit{30, "DescribeRefreshTaskById doc (reference notes)"},
		TasksPageSize:          Limit{100, "DescribeRefreshTasks doc (reference notes)"},
		TaskListsPerSecond:     Limit{5, "DescribeRefreshTasks doc (reference notes; older docs: 10)"},
	},
	DCDN: {
		PerRequest: map[ObjectType]Limit{
			File:         {1000, srcDCDN},
			IgnoreParams: {1000, "assumed: IgnoreParams paths are URLs"},
			Directory:    {100, srcDCDN},
			Regex:        {1, assumed},
		},
		PathLength: Limit{1024, assumed},
		// Prefetches are held to it too, as CDN's are: an assumption, as
		// the PreloadDcdnObjectCaches page names no domain limit.
		DomainsPerRequest: Limit{10, srcDCDNSep2025 + ": at most 10 domains per task (prefetches: assumed the same)"},
		DailyQuota: map[ObjectType]Limit{
			File:      {10000, srcDCDN},
			Directory: {100, srcDCDN},
		},
		// The seed (Mar 2024) says 1,000; the page of Sep 2025 says 10,000.
		// The seed is the source of truth where it speaks, and the lower
		// number is the safe one to pace by.
		URLsPerMinutePerDomain: Limit{1000, srcDCDN + " (seed of Mar 2024); the page of Sep 2025 says 10,000 (reference notes §9)"},
		CallsPerSecond:         Limit{30, srcDCDN},
		PreloadPerRequest:      Limit{100, srcDCDNPreload},
		PreloadDailyQuota:      Limit{1000, srcDCDNPreload},
		PreloadCallsPerSecond:  Limit{15, srcDCDNPreload},
		TaskIDsPerLookup:       Limit{10, "assumed: as DescribeRefreshTaskById"},
		TaskLookupsPerSecond:   Limit{30, "DescribeDcdnRefreshTaskById doc (reference notes)"},
		TasksPageSize:          Limit{50, "DescribeDcdnRefreshTasks doc (reference notes)"},
		TaskListsPerSecond:     Limit{5, "DescribeDcdnRefreshTasks doc (reference notes; older docs: 10)"},
	},
	VOD: {
		PerRequest: map[ObjectType]Limit{
			File:         {1000, assumed},
			IgnoreParams: {1000, assumed},
			Directory:    {100, assumed},
			Regex:        {1, assumed},
		},
		PathLength: Limit{1024, assumed},
		DailyQuota: map[ObjectType]Limit{
			File:      {2000, srcVOD},
			Directory: {100, srcVOD},
		},
		PreloadPerRequest:     Limit{100, "assumed: as CDN's PushObjectCache"},
		PreloadDailyQuota:     Limit{500, srcVODPreload},
		PreloadFilesOnly:      true, // srcVODPreload: no directory prefetch
		PreloadCallsPerSecond: Limit{15, "assumed: as DCDN's PreloadDcdnObjectCaches (reference notes §9)"},
		TaskIDsPerLookup:      Limit{1, "VOD has no by-ID look-up: DescribeVodRefreshTasks filters on one TaskId"},
		TaskLookupsPerSecond:  Limit{5, "assumed: DescribeVodRefreshTasks, as CDN's task list"},
		TasksPageSize:         Limit{50, "DescribeVodRefreshTasks doc (reference notes)"},
		TaskListsPerSecond:    Limit{5, "assumed: as CDN and DCDN"},
	},
	EdgeRoutine: {
		PerRequest: map[ObjectType]Limit{
			File:         {1000, srcER},
			IgnoreParams: {1000, srcER},
			Directory:    {100, srcER},
			Regex:        {1, assumed},
		},
		PathLength:   Limit{1024, srcER},
		SingleDomain: true,
		DailyQuota: map[ObjectType]Limit{
			File:      {10000, srcER},
			Directory: {100, srcER},
		},
		URLsPerMinutePerDomain: Limit{1000, srcER},
		CallsPerSecond:         Limit{30, srcER},
		// Edge routine tasks are DCDN tasks: DCDN's look-ups report them.
		TaskIDsPerLookup:     Limit{10, "assumed: as DescribeRefreshTaskById"},
		TaskLookupsPerSecond: Limit{30, "DescribeDcdnRefreshTaskById doc (reference notes)"},
		TasksPageSize:        Limit{50, "DescribeDcdnRefreshTasks doc (reference notes)"},
		TaskListsPerSecond:   Limit{5, "DescribeDcdnRefreshTasks doc (reference notes)"},
	},
}

// LimitsMarkdown renders the table for the documentation, so that the docs
// say what the validators enforce. An assumed number carries a mark.
func LimitsMarkdown() string {
	var b strings.Builder
	b.WriteString("| limit | `cdn` | `dcdn` | `vod` | `edge_routine` |\n|---|---|---|---|---|\n")
	row := func(name string, cell func(Limits) string) {
		b.WriteString("| " + name + " |")
		for _, svc := range Services {
			b.WriteString(" " + cell(Table[svc]) + " |")
		}
		b.WriteString("\n")
	}
	count := func(l Limit) string {
		switch {
		case l.Max == 0:
			return "—"
		case l.Assumed():
			return thousands(l.Max) + "\\*"
		}
		return thousands(l.Max)
	}
	row("URLs (`File`, `IgnoreParams`) per request", func(l Limits) string { return count(l.PerRequest[File]) })
	row("directories per request", func(l Limits) string { return count(l.PerRequest[Directory]) })
	row("regular expressions per request", func(l Limits) string { return count(l.PerRequest[Regex]) })
	row("characters per path", func(l Limits) string { return count(l.PathLength) })
	row("domains per request", func(l Limits) string {
		if l.SingleDomain {
			return "exactly 1"
		}
		if l.DomainsPerRequest.Max > 0 {
			return "at most " + count(l.DomainsPerRequest)
		}
		return "—"
	})
	row("daily quota: URLs / directories", func(l Limits) string {
		return count(l.DailyQuota[File]) + " / " + count(l.DailyQuota[Directory])
	})
	row("daily quota: regular expressions / `IgnoreParams`", func(l Limits) string {
		return count(l.DailyQuota[Regex]) + " / " + count(l.DailyQuota[IgnoreParams])
	})
	row("URLs per minute per domain", func(l Limits) string { return count(l.URLsPerMinutePerDomain) })
	row("refresh calls per second", func(l Limits) string { return count(l.CallsPerSecond) })
	b.WriteString("\n\\* Assumed: Alibaba's documents give no number for this service; it is that of the sibling operations.\n")
	return b.String()
}
