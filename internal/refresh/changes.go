package refresh

import (
	"fmt"
	"sort"
	"strings"
)

// Versions maps each object's path to a version of it: a content hash, an
// ETag, a release number. Purging only what changed compares two of them:
// the versions whose purge was carried out, and those configured now.
type Versions map[string]string

// ChangeKind says why an object is purged.
type ChangeKind string

const (
	Added   ChangeKind = "added"
	Changed ChangeKind = "changed"
	Removed ChangeKind = "removed" // it must stop being served from the edge
)

// Change is one object whose purge is owed.
type Change struct {
	Path     string // as configured; as recorded for a removed object
	Kind     ChangeKind
	Old, New string // the recorded and configured versions ("" when absent)
	// Directory is the directory refresh that purges it instead of its
	// own URL, when its directory was collapsed; "" otherwise.
	Directory string
}

// ChangeSet is what one apply purges: the URLs of the objects added,
// changed and removed, and the directories that replace many of them.
type ChangeSet struct {
	Changes     []Change // sorted by path
	Files       []string // URLs purged one by one, sorted
	Directories []string // directories purged instead of their files, sorted
	unchanged   Versions
}

// Empty reports whether the apply purges nothing.
func (cs ChangeSet) Empty() bool { return len(cs.Changes) == 0 }

// Diff is the change set from the recorded versions to the wanted ones.
// Paths are compared by Target, so a path spelt differently (encoded, its
// scheme's default port written) with the same version is no change.
//
// With a threshold of 2 or more, a directory in which that many objects or
// more changed is refreshed as one Directory path (the changed paths up to
// their last "/") instead of their URLs: one of the directory quota (100 a
// day on CDN and DCDN) instead of many of the URL quota (10,000). Only the
// objects directly in the directory count, not those of its
// subdirectories, so that the trade is plain from the plan. 0 or 1 never
// collapses.
func Diff(recorded, wanted Versions, threshold int) ChangeSet {
	old := make(map[string]string, len(recorded)) // target → recorded path
	for p := range recorded {
		old[Target(p)] = p
	}
	cs := ChangeSet{unchanged: Versions{}}
	seen := make(map[string]bool, len(wanted))
	for p, v := range wanted {
		t := Target(p)
		seen[t] = true
		was, ok := old[t]
		switch {
		case !ok:
			cs.Changes = append(cs.Changes, Change{Path: p, Kind: Added, New: v})
		case recorded[was] != v:
			cs.Changes = append(cs.Changes, Change{Path: p, Kind: Changed, Old: recorded[was], New: v})
		default:
			cs.unchanged[p] = v
		}
	}
	for p, v := range recorded {
		if !seen[Target(p)] {
			cs.Changes = append(cs.Changes, Change{Path: p, Kind: Removed, Old: v})
		}
	}
	sort.Slice(cs.Changes, func(i, j int) bool { return cs.Changes[i].Path < cs.Changes[j].Path })
	cs.collapse(threshold)
	return cs
}

// collapse moves the changes of each directory holding threshold or more
// of them to one Directory path.
func (cs *ChangeSet) collapse(threshold int) {
	count := map[string]int{}
	if threshold >= 2 {
		for _, c := range cs.Changes {
			if d, ok := Parent(c.Path); ok {
				count[d]++
			}
		}
	}
	dirs := map[string]bool{}
	for i, c := range cs.Changes {
		if d, ok := Parent(c.Path); ok && count[d] >= threshold && threshold >= 2 {
			cs.Changes[i].Directory = d
			if !dirs[d] {
				dirs[d] = true
				cs.Directories = append(cs.Directories, d)
			}
			continue
		}
		cs.Files = append(cs.Files, c.Path)
	}
	sort.Strings(cs.Directories)
}

// Parent is the directory a path's object lies in: the path up to its last
// "/", query left out ("example.com/css/a.css?v=2" → "example.com/css/").
// False for a path with nothing after its domain, which no directory
// refresh short of the whole site would cover.
func Parent(raw string) (string, bool) {
	p, err := ParsePath(raw)
	if err != nil {
		return "", false
	}
	rest, _, _ := strings.Cut(p.Rest, "?")
	rest, _, _ = strings.Cut(rest, "#")
	i := strings.LastIndexByte(rest, '/')
	if i < 0 || rest == "/" {
		return "", false
	}
	return raw[:len(raw)-len(p.Rest)] + rest[:i+1], true
}

// Requests are the refreshes the change set needs: its URLs as one File
// refresh and its directories as one Directory refresh, each taking
// base's service, force and split; empty ones are left out.
func (cs ChangeSet) Requests(base Request) []Request {
	var reqs []Request
	for _, r := range []struct {
		typ   ObjectType
		paths []string
	}{{File, cs.Files}, {Directory, cs.Directories}} {
		if len(r.paths) > 0 {
			req := base
			req.ObjectType, req.Paths = r.typ, r.paths
			reqs = append(reqs, req)
		}
	}
	return reqs
}

// Record is the versions to record once the purges of the paths done
// reports true for (URLs and directories of this change set) were carried
// out: a change whose purge was done takes its new version (a removed
// object leaves the record); one not done keeps its recorded version (an
// added object stays out), so that the next apply purges exactly what is
// still owed, and nothing already purged.
func (cs ChangeSet) Record(done func(path string) bool) Versions {
	out := make(Versions, len(cs.unchanged)+len(cs.Changes))
	for p, v := range cs.unchanged {
		out[p] = v
	}
	for _, c := range cs.Changes {
		purged := done(c.Path) || c.Directory != "" && done(c.Directory)
		switch {
		case purged && c.Kind != Removed:
			out[c.Path] = c.New
		case !purged && c.Kind != Added:
			out[c.Path] = c.Old
		}
	}
	return out
}

// Summary says what the change set purges and what it spends of the
// service's default daily quotas, for the plan: "3 objects (1 added, 2
// changed, 0 removed): 3 URLs of cdn's default daily quota of 10,000.".
func (cs ChangeSet) Summary(svc Service) string {
	quota := Table[svc].DailyQuota
	added, changed, removed := 0, 0, 0
	for _, c := range cs.Changes {
		switch c.Kind {
		case Added:
			added++
		case Changed:
			changed++
		default:
			removed++
		}
	}
	s := fmt.Sprintf("%s %s (%d added, %d changed, %d removed): %s %s of %s's default daily quota of %s",
		thousands(len(cs.Changes)), plural(len(cs.Changes), "object", "objects"), added, changed, removed,
		thousands(len(cs.Files)), noun(File, len(cs.Files)), svc, thousands(quota[File].Max))
	if len(cs.Directories) == 0 {
		return s + "."
	}
	return s + fmt.Sprintf(", and %s %s of its %s, instead of the URLs of %s objects under them: %s.",
		thousands(len(cs.Directories)), noun(Directory, len(cs.Directories)), thousands(quota[Directory].Max),
		thousands(len(cs.Changes)-len(cs.Files)), strings.Join(cs.Directories, ", "))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Count says n paths of type t as the docs word limits: "3,000 URLs",
// "1 directory".
func Count(n int, t ObjectType) string { return thousands(n) + " " + noun(t, n) }

// Objects says n objects as the plan words them: "1,500 objects", "1 object".
func Objects(n int) string { return thousands(n) + " " + plural(n, "object", "objects") }
