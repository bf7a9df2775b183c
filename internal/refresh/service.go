// Package refresh is the cache-refresh domain: the services and object types
// Alibaba Cloud offers, their documented limits, the rules a path must follow,
// requests and how they split, and when two paths purge the same objects.
//
// It imports neither the Alibaba Cloud SDK (package alibaba makes the
// calls) nor the Terraform framework, and knows nothing of Terraform beyond
// the attribute names users see in messages, so its rules are tested as
// plain Go.
package refresh

import (
	"fmt"
	"strings"
)

// Service selects which Alibaba Cloud operation performs a refresh.
type Service string

const (
	CDN         Service = "cdn"          // CDN RefreshObjectCaches
	DCDN        Service = "dcdn"         // DCDN RefreshDcdnObjectCaches
	VOD         Service = "vod"          // ApsaraVideo VOD RefreshVodObjectCaches
	EdgeRoutine Service = "edge_routine" // DCDN RefreshErObjectCaches
)

// Services lists every service, in the order the docs present them.
var Services = []Service{CDN, DCDN, VOD, EdgeRoutine}

// Operation is the API action a service's refresh calls.
func (s Service) Operation() string { return Describe(s).Refresh.Action }

// Description is how Alibaba Cloud serves one service: the API that
// carries it and the operation each call makes. Package alibaba makes
// every call from it, so a new service or operation is one entry in
// descriptions (and its numbers one in Table), and a service without one
// fails loudly rather than falling through to another's API.
type Description struct {
	// Product and Version name the API, as the SDK and each request's
	// signature do (RPC style, POST).
	Product, Version string
	// Host and Region: the one endpoint and region that serve the API
	// everywhere, where Alibaba serves it from one region only; "" lets
	// the SDK pick the endpoint of the provider's region.
	Host, Region string

	// Refresh purges; RoutineId and MergeDomainName go with it when the
	// request has them (edge routines).
	Refresh Call
	// Prefetch warms the cache; no Action where the service has none.
	Prefetch Call
	// TasksByID looks tasks up by ID, Limits.TaskIDsPerLookup at a time;
	// no Action where the service has no such look-up, and TaskList
	// filtered by one TaskId stands in.
	TasksByID Call
	// TaskList pages through the task history, filtered.
	TaskList Call
	// Quota reads today's quota and what is left of it.
	Quota Call
}

// Call is one operation of a service's API.
type Call struct {
	Action string
	// Answer is the dotted path of the answer's field that holds the
	// result: the task ID of a refresh or prefetch, the task array of a
	// look-up. Quota answers name each counter at the top level.
	Answer string
}

// Has reports whether the service has the operation.
func (c Call) Has() bool { return c.Action != "" }

// The APIs behind the services, as the v1 SDK's request constructors name
// them (services/cdn, dcdn, vod).
var (
	cdnAPI  = Description{Product: "Cdn", Version: "2018-05-10"}
	dcdnAPI = Description{Product: "dcdn", Version: "2018-01-15"}
	// VOD's refresh API is served from Shanghai only (RefreshVodObjectCaches doc).
	vodAPI = Description{Product: "vod", Version: "2017-03-21", Host: "vod.cn-shanghai.aliyuncs.com", Region: "cn-shanghai"}
)

var descriptions = map[Service]Description{
	CDN: with(cdnAPI, Description{
		Refresh:   Call{"RefreshObjectCaches", "RefreshTaskId"},
		Prefetch:  Call{"PushObjectCache", "PushTaskId"},
		TasksByID: Call{"DescribeRefreshTaskById", "Tasks"},
		TaskList:  Call{"DescribeRefreshTasks", "Tasks.CDNTask"},
		Quota:     Call{"DescribeRefreshQuota", ""},
	}),
	DCDN: with(dcdnAPI, Description{
		Refresh:   Call{"RefreshDcdnObjectCaches", "RefreshTaskId"},
		Prefetch:  Call{"PreloadDcdnObjectCaches", "PreloadTaskId"},
		TasksByID: Call{"DescribeDcdnRefreshTaskById", "Tasks"},
		TaskList:  Call{"DescribeDcdnRefreshTasks", "Tasks.Task"},
		Quota:     Call{"DescribeDcdnRefreshQuota", ""},
	}),
	VOD: with(vodAPI, Description{
		Refresh:  Call{"RefreshVodObjectCaches", "RefreshTaskId"},
		Prefetch: Call{"PreloadVodObjectCaches", "PreloadTaskId"},
		TaskList: Call{"DescribeVodRefreshTasks", "Tasks.Task"},
		Quota:    Call{"DescribeVodRefreshQuota", ""},
	}),
	// Edge routine refreshes are DCDN's: its look-ups report their tasks
	// and its quota counts them. No prefetch.
	EdgeRoutine: with(dcdnAPI, Description{
		Refresh:   Call{"RefreshErObjectCaches", "RefreshTaskId"},
		TasksByID: Call{"DescribeDcdnRefreshTaskById", "Tasks"},
		TaskList:  Call{"DescribeDcdnRefreshTasks", "Tasks.Task"},
		Quota:     Call{"DescribeDcdnRefreshQuota", ""},
	}),
}

func with(api, ops Description) Description {
	ops.Product, ops.Version, ops.Host, ops.Region = api.Product, api.Version, api.Host, api.Region
	return ops
}

// Describe returns the description of s. A service without one is a
// defect of this package, never of a user's input (ParseService refuses
// unknown names), so it panics rather than call another service's API.
func Describe(s Service) Description {
	d, ok := descriptions[s]
	if !ok {
		panic(fmt.Sprintf("refresh: service %q has no description", s))
	}
	return d
}

// LookUp is the operation that looks tasks up by ID: TasksByID, or the
// task list where the service has no by-ID look-up.
func (d Description) LookUp() Call {
	if d.TasksByID.Has() {
		return d.TasksByID
	}
	return d.TaskList
}

// ObjectType is what each path names: a file, a directory, a pattern, or a
// URL whose query string is ignored.
type ObjectType string

const (
	File         ObjectType = "File"
	Directory    ObjectType = "Directory"
	Regex        ObjectType = "Regex"
	IgnoreParams ObjectType = "IgnoreParams"
)

// ObjectTypes lists every object type; File is the API's default.
var ObjectTypes = []ObjectType{File, Directory, Regex, IgnoreParams}

// ParseService returns the service named s, or an error that suggests the
// intended spelling.
func ParseService(s string) (Service, error) {
	return parseEnum(s, Services)
}

// ParseObjectType returns the object type named s, or an error that suggests
// the intended spelling. The API is case-sensitive, so "file" is refused.
func ParseObjectType(s string) (ObjectType, error) {
	return parseEnum(s, ObjectTypes)
}

func parseEnum[T ~string](s string, valid []T) (T, error) {
	for _, v := range valid {
		if string(v) == s {
			return v, nil
		}
	}
	names := make([]string, len(valid))
	for i, v := range valid {
		names[i] = fmt.Sprintf("%q", v)
	}
	msg := fmt.Sprintf("%q is not one of %s", s, strings.Join(names, ", "))
	if guess, ok := closest(s, valid); ok {
		msg += fmt.Sprintf("; did you mean %q?", guess)
	}
	return "", fmt.Errorf("%s", msg)
}

// closest finds the valid value s was probably meant to be: the same letters
// in another case or separator style, or one within two edits.
func closest[T ~string](s string, valid []T) (T, bool) {
	norm := func(x string) string {
		return strings.NewReplacer("_", "", "-", "", " ", "").Replace(strings.ToLower(x))
	}
	for _, v := range valid {
		if norm(string(v)) == norm(s) {
			return v, true
		}
	}
	best, bestDist := T(""), 3
	for _, v := range valid {
		if d := editDistance(strings.ToLower(s), strings.ToLower(string(v))); d < bestDist {
			best, bestDist = v, d
		}
	}
	return best, bestDist < 3
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
