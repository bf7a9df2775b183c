package refresh

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Preload prefetches objects to the edge, typically after a refresh, so
// that the first visitors do not wait for the origin.
type Preload struct {
	Service    Service // cdn (PushObjectCache), dcdn or vod
	Paths      []string
	Area       string // where to prefetch: "domestic" or "overseas"; empty: the API's default
	L2Preload  bool   // prefetch to the L2 tier only
	WithHeader string // a JSON object of HTTP headers sent to the origin; empty: none
	Pending    Pending
}

// PreloadServices are the services with a prefetch operation.
var PreloadServices = func() []Service {
	var ss []Service
	for _, s := range Services {
		if Describe(s).Prefetch.Has() {
			ss = append(ss, s)
		}
	}
	return ss
}()

// PreloadAreas are the values of Area.
var PreloadAreas = []string{"domestic", "overseas"}

// ParsePreloadService returns the service named s if it prefetches, or an
// error that suggests the intended spelling.
func ParsePreloadService(s string) (Service, error) { return parseEnum(s, PreloadServices) }

// ParseArea returns the prefetch area named s, or an error that suggests
// the intended spelling.
func ParseArea(s string) (string, error) { return parseEnum(s, PreloadAreas) }

// Validate checks a prefetch against the documented limits and the path
// rules refreshes follow, and returns what is wrong.
func (p Preload) Validate() Problems {
	if _, err := ParsePreloadService(string(p.Service)); err != nil {
		return Problems{{"service", -1, "No prefetch for this service", err.Error()}}
	}
	var ps Problems
	if p.Area != "" {
		if _, err := ParseArea(p.Area); err != nil {
			ps = append(ps, Problem{"area", -1, "Unknown area", err.Error()})
		}
	}
	if p.WithHeader != "" {
		var headers map[string]string
		if err := json.Unmarshal([]byte(p.WithHeader), &headers); err != nil {
			ps = append(ps, Problem{"with_header", -1, "Malformed headers",
				fmt.Sprintf("with_header is a JSON object of header names and string values, such as jsonencode({ Origin = \"https://example.com\" }): %v", err)})
		}
	}
	paths := Request{Service: p.Service, ObjectType: File, Paths: p.Paths, Pending: p.Pending, prefetch: true}
	ps = append(ps, paths.checkPaths(Table[p.Service])...)
	return append(ps, p.checkFilesOnly()...)
}

// checkFilesOnly refuses the directories of a prefetch that takes files
// only (VOD). A path names a directory when its path, before any query,
// ends in "/" or is empty (the domain's root), as a Directory refresh is
// written; paths the other rules refuse are left to them.
func (p Preload) checkFilesOnly() Problems {
	if !Table[p.Service].PreloadFilesOnly || p.Pending.PathList {
		return nil
	}
	var ps Problems
	bad := 0
	for i, raw := range p.Paths {
		if p.Pending.Paths[i] {
			continue
		}
		parsed, err := ParsePath(raw)
		dir, isDir := directoryOf(parsed)
		if err != nil || !isDir {
			continue
		}
		if bad++; bad <= maxPathProblems {
			ps = append(ps, Problem{"object_paths", i, "Directory prefetch",
				fmt.Sprintf("%q names a directory, and %s prefetches files only (%s takes no directories): name each file instead, such as %q",
					raw, p.Service, Describe(p.Service).Prefetch.Action, dir+"video.mp4")})
		}
	}
	if bad > maxPathProblems {
		ps = append(ps, Problem{"object_paths", -1, "Directory prefetch",
			fmt.Sprintf("%s more paths name directories as well; only the first %d are listed", thousands(bad-maxPathProblems), maxPathProblems)})
	}
	return ps
}

// directoryOf reports whether a path names a directory (its path part,
// before any query or fragment, ends in "/" or is empty) and returns that
// directory, scheme and domain included, ending in "/".
func directoryOf(p Path) (string, bool) {
	path := p.Rest
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	dir := strings.TrimSuffix(p.Raw, p.Rest) + path
	if path == "" {
		dir += "/"
	}
	return dir, path == "" || strings.HasSuffix(path, "/")
}
