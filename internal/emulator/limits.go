package emulator

import "time"

// This file is the emulator's one table of Alibaba's numbers. Each number
// says where it comes from:
//   - seed 000: RefreshErObjectCaches (shared/seeds/000_*.txt)
//   - seed 001: RefreshDcdnObjectCaches (001_*.txt)
//   - seed 002: RefreshVodObjectCaches (002_*.txt)
//   - seed 003: RefreshObjectCaches, zh (003_*.txt)
//   - ref §N: shared/reference/alibaba-refresh-api.md, section N; §9
//     gathers Alibaba's newer pages, which replace assumptions only
//   - assumed: the sources are silent; the value is our choice.
//
// It is deliberately independent of the provider's own table: a number that
// is wrong in one of them shows up as a failing test.

const (
	// Gateway rules, ref §1 (tagged unverified there; the POP gateway's
	// InvalidTimeStamp.Expired and SignatureNonceUsed errors say 15 minutes).
	timestampWindow = 15 * time.Minute
	nonceWindow     = 15 * time.Minute

	// Task history: only three days are kept and queryable (ref §4, §5).
	historyWindow = 72 * time.Hour

	// URL tasks for one domain in one second share a task ID, every 2,000 of
	// them a new one (seed 002, seed 003).
	mergeSize = 2000

	// DefaultTaskDuration is how long a task stays Refreshing when
	// Options.TaskDuration is zero. Alibaba says 5 to 6 minutes (seed 001,
	// seed 003); 2 s keeps demos short.
	DefaultTaskDuration = 2 * time.Second

	// The prefetch queue holds this many URLs still in progress, per
	// product (ref §4: 100,000 for CDN, older docs 50,000; ref §9: 100,000
	// for DCDN; assumed for VOD). A full queue refuses with
	// PreloadQueueFull; ref §9 says DCDN's queues the prefetch instead,
	// which the emulator does not do yet.
	preloadQueue = 100000

	// Describe*RefreshTasks: PageSize defaults to 20 (ref §4) and PageNumber
	// runs from 1 to 100,000 (ref §4; assumed for DCDN and VOD).
	defaultPageSize = 20
	maxPageNumber   = 100000
)

// quotaKind names one daily counter of a quota look-up.
type quotaKind int

const (
	quotaURL quotaKind = iota
	quotaDir
	quotaRegex
	quotaIgnoreParams
	quotaPreload
	quotaBlock
)

// Refresh types, exactly as the API spells them (case-sensitive).
const (
	typeFile         = "File"
	typeDirectory    = "Directory"
	typeRegex        = "Regex"
	typeIgnoreParams = "IgnoreParams"
)

// product holds one product's limits and the wording of its errors.
type product struct {
	name    string // Request.Product
	version string // the API Version that selects it
	hostID  string // HostId in error bodies: the SDK's default endpoint (ref §2)

	perRequest        map[string]int // paths per request, by ObjectType
	preloadPerRequest int
	maxDomains        int // distinct domains per request; 0: no limit
	maxPathLen        int

	daily      map[quotaKind]int    // per account per UTC day
	dailyKind  map[string]quotaKind // which counter each ObjectType spends
	urlsPerMin int                  // File and IgnoreParams URLs per domain per minute

	maxPageSize    int    // Describe*RefreshTasks
	maxTaskIDs     int    // Describe*RefreshTaskById
	tasksKey       string // Describe*RefreshTasks wraps its list as Tasks.<tasksKey>
	reportsPending bool   // its look-ups may report Pending (Options.PendingDuration)

	preloadFilesOnly bool // its prefetch refuses directories

	text productText
}

var cdnProduct = &product{
	name:    "cdn",
	version: "2018-05-10",
	hostID:  "cdn.aliyuncs.com",
	perRequest: map[string]int{
		typeFile:         1000, // seed 003: 每次请求最多支持提交 1000 条 URL 刷新
		typeIgnoreParams: 1000, // seed 003: IgnoreParams paths are URLs
		typeDirectory:    100,  // seed 003: 或者 100 个目录刷新
		typeRegex:        1,    // seed 003: 或者 1 个正则刷新
	},
	preloadPerRequest: 100,  // ref §4: PushObjectCache, 100 URLs per request
	maxDomains:        10,   // ref §4: at most 10 domains per request (zh doc)
	maxPathLen:        1024, // ref §4: each entry up to 1024 characters
	daily: map[quotaKind]int{
		quotaURL:          10000, // seed 003: 每日最多可以提交 10000 条 URL 刷新
		quotaDir:          100,   // seed 003: 和 100 个目录刷新
		quotaRegex:        20,    // seed 003: 每日最多可以提交 20 个正则刷新
		quotaIgnoreParams: 100,   // seed 003: 100 个去参数刷新
		quotaPreload:      1000,  // ref §4: PushObjectCache, 1,000 URLs per day
		quotaBlock:        100,   // assumed: reported only, no block operation is emulated
	},
	dailyKind: map[string]quotaKind{
		typeFile: quotaURL, typeDirectory: quotaDir, typeRegex: quotaRegex, typeIgnoreParams: quotaIgnoreParams,
	},
	urlsPerMin:  10000,     // seed 003: 单个域名每分钟最多支持提交 10000 条 URL 刷新
	maxPageSize: 100,       // ref §4: DescribeRefreshTasks PageSize max 100
	maxTaskIDs:  10,        // ref §4: DescribeRefreshTaskById, up to 10 IDs
	tasksKey:    "CDNTask", // ref §4, SDK TasksInDescribeRefreshTasks
	// ref §9: DescribeRefreshTaskById documents Complete, Pending,
	// Refreshing and Failed.
	reportsPending: true,
	text:           cdnText,
}

// dcdnProduct serves RefreshDcdnObjectCaches and RefreshErObjectCaches: both
// are DCDN 2018-01-15 and spend the same quotas.
var dcdnProduct = &product{
	name:    "dcdn",
	version: "2018-01-15",
	hostID:  "dcdn.aliyuncs.com",
	perRequest: map[string]int{
		typeFile:         1000, // seed 001, seed 000: up to 1,000 URLs per request
		typeIgnoreParams: 1000, // seed 001: IgnoreParams paths are URLs
		typeDirectory:    100,  // seed 001, seed 000: or 100 directories
		typeRegex:        1,    // assumed: CDN's rule (seed 003)
	},
	preloadPerRequest: 100, // ref §9: PreloadDcdnObjectCaches, 100 URLs per request
	// ref §9: RefreshDcdnObjectCaches (page of Sep 2025), at most 10
	// domains per task. Applied to PreloadDcdnObjectCaches too, as CDN's
	// is to PushObjectCache (assumed: its page names no domain limit).
	maxDomains: 10,
	maxPathLen: 1024, // seed 000: each object path up to 1,024 characters
	daily: map[quotaKind]int{
		quotaURL:          10000, // seed 001, seed 000: 10,000 URLs per day
		quotaDir:          100,   // seed 001, seed 000: 100 directories per day
		quotaRegex:        20,    // assumed: CDN's value (seed 003); the look-up reports it
		quotaIgnoreParams: 100,   // assumed: CDN's value (seed 003); the look-up reports it
		quotaPreload:      1000,  // ref §9: PreloadDcdnObjectCaches, 1,000 URLs a day
		quotaBlock:        100,   // assumed: reported only
	},
	dailyKind: map[string]quotaKind{
		typeFile: quotaURL, typeDirectory: quotaDir, typeRegex: quotaRegex, typeIgnoreParams: quotaIgnoreParams,
	},
	// seed 001, seed 000: 1,000 URLs per minute per domain. The page of
	// Sep 2025 says 10,000 (ref §9); the seed is the source of truth where
	// it speaks.
	urlsPerMin:  1000,
	maxPageSize: 50,     // ref §5: DescribeDcdnRefreshTasks PageSize max 50
	maxTaskIDs:  10,     // assumed: CDN's rule (ref §4)
	tasksKey:    "Task", // ref §5, SDK TasksInDescribeDcdnRefreshTasks
	// ref §9: DescribeDcdnRefreshTaskById documents Complete, Pending,
	// Refreshing and Failed.
	reportsPending: true,
	text:           dcdnText,
}

var vodProduct = &product{
	name:    "vod",
	version: "2017-03-21",
	hostID:  "vod.cn-shanghai.aliyuncs.com",
	perRequest: map[string]int{
		typeFile:         1000, // assumed: CDN's value, as DESIGN.md does
		typeIgnoreParams: 1000, // assumed
		typeDirectory:    100,  // assumed
		typeRegex:        1,    // assumed
	},
	preloadPerRequest: 100,  // assumed: CDN's PushObjectCache rule (ref §4)
	maxPathLen:        1024, // assumed: the DCDN and CDN rule
	daily: map[quotaKind]int{
		quotaURL:     2000, // seed 002: 2,000 URL refreshes per day
		quotaDir:     100,  // seed 002: 100 directory refreshes per day
		quotaPreload: 500,  // ref §9: PreloadVodObjectCaches, 500 URLs a day
		quotaBlock:   100,  // assumed: reported only
	},
	// ref §9: PreloadVodObjectCaches prefetches no directories.
	preloadFilesOnly: true,
	// VOD's quota look-up has no Regex or IgnoreParams counters (ref §6):
	// assumed that IgnoreParams spends the URL quota and Regex the
	// directory quota.
	dailyKind: map[string]quotaKind{
		typeFile: quotaURL, typeDirectory: quotaDir, typeRegex: quotaDir, typeIgnoreParams: quotaURL,
	},
	urlsPerMin:  1000,   // UNVERIFIED: seed 002 lists QuotaPerMinuteExceeded.Refresh but no number; DCDN's 1,000 assumed
	maxPageSize: 50,     // ref §6: DescribeVodRefreshTasks PageSize max 50
	tasksKey:    "Task", // ref §6, SDK vod.Tasks
	text:        vodText,
}

var products = []*product{cdnProduct, dcdnProduct, vodProduct, stsProduct}

// opKind says which handler serves an operation.
type opKind int

const (
	opRefresh opKind = iota
	opRefreshER
	opPreload
	opDescribeTasks
	opDescribeTaskByID
	opDescribeQuota
	opAssumeRole
)

// operation is one Action of one product.
type operation struct {
	product        *product
	action         string
	kind           opKind
	callsPerSecond int // per account
}

var operations = []operation{
	{cdnProduct, "RefreshObjectCaches", opRefresh, 50},              // ref §4: 50 calls/s per account
	{cdnProduct, "PushObjectCache", opPreload, 50},                  // ref §4: 50 calls/s
	{cdnProduct, "DescribeRefreshTasks", opDescribeTasks, 5},        // ref §4: 5 calls/s (older docs: 10)
	{cdnProduct, "DescribeRefreshTaskById", opDescribeTaskByID, 30}, // ref §4: 30 calls/s
	{cdnProduct, "DescribeRefreshQuota", opDescribeQuota, 20},       // ref §4: 20 calls/s

	{dcdnProduct, "RefreshDcdnObjectCaches", opRefresh, 30},              // seed 001: 30 times per second per account
	{dcdnProduct, "RefreshErObjectCaches", opRefreshER, 30},              // seed 000: 30 times per second per account
	{dcdnProduct, "PreloadDcdnObjectCaches", opPreload, 15},              // ref §9: 15 calls/s
	{dcdnProduct, "DescribeDcdnRefreshTasks", opDescribeTasks, 5},        // ref §5: 5 calls/s on the newest page (older: 10)
	{dcdnProduct, "DescribeDcdnRefreshTaskById", opDescribeTaskByID, 30}, // ref §5: 30 calls/s
	{dcdnProduct, "DescribeDcdnRefreshQuota", opDescribeQuota, 20},       // ref §5: 20 calls/s

	{vodProduct, "RefreshVodObjectCaches", opRefresh, 30},        // assumed: DCDN's rate
	{vodProduct, "PreloadVodObjectCaches", opPreload, 15},        // assumed: PreloadDcdnObjectCaches' rate (ref §9)
	{vodProduct, "DescribeVodRefreshTasks", opDescribeTasks, 5},  // assumed: DCDN's rate
	{vodProduct, "DescribeVodRefreshQuota", opDescribeQuota, 20}, // assumed: DCDN's rate

	{stsProduct, "AssumeRole", opAssumeRole, 100}, // STS FAQ: 100 QPS (the reference now says 6,000 a minute)
}

// lookupOperation finds the operation for a Version and an Action. When only
// the Action is unknown, the operation it returns still names the product.
func lookupOperation(version, action string) (operation, *apiError) {
	var prod *product
	for _, p := range products {
		if p.version == version {
			prod = p
		}
	}
	if prod == nil {
		return operation{}, errInvalidVersion()
	}
	for _, op := range operations {
		if op.product == prod && op.action == action {
			return op, nil
		}
	}
	return operation{product: prod}, errActionNotFound() // the product is known, for the log
}
