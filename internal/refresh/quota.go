package refresh

import (
	"fmt"
)

// Quota is the account's daily refresh quota of a service and what is left
// of it today; nil where the service does not report a counter.
type Quota struct {
	URLQuota, URLRemain                   *int64
	DirQuota, DirRemain                   *int64
	RegexQuota, RegexRemain               *int64
	IgnoreParamsQuota, IgnoreParamsRemain *int64
}

// Counter is the quota an object type spends. VOD reports only URLs and
// directories: its IgnoreParams paths are URLs there.
func (q Quota) Counter(t ObjectType) (quota, remain *int64) {
	switch t {
	case Directory:
		return q.DirQuota, q.DirRemain
	case Regex:
		return q.RegexQuota, q.RegexRemain
	case IgnoreParams:
		if q.IgnoreParamsQuota != nil {
			return q.IgnoreParamsQuota, q.IgnoreParamsRemain
		}
	}
	return q.URLQuota, q.URLRemain
}

// QuotaShortError refuses a split refresh that today's quota cannot cover.
type QuotaShortError struct {
	Service    Service
	ObjectType ObjectType
	Need       int
	Remain     int64
	Quota      int64
}

func (e *QuotaShortError) Error() string {
	return fmt.Sprintf("this refresh needs %s %s paths of today's %s quota, and %s of %s remain: nothing was sent. "+
		"Wait for the quota to renew at midnight (UTC+8), ask Alibaba Cloud for a larger quota, or refresh fewer paths (a directory instead of its files)",
		thousands(e.Need), e.ObjectType, e.Service, thousands(int(e.Remain)), thousands(int(e.Quota)))
}
