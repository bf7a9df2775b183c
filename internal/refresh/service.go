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
func (s Service) Operation() string {
	switch s {
	case DCDN:
		return "RefreshDcdnObjectCaches"
	case VOD:
		return "RefreshVodObjectCaches"
	case EdgeRoutine:
		return "RefreshErObjectCaches"
	default:
		return "RefreshObjectCaches"
	}
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
