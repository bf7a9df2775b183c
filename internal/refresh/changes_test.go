package refresh

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
)

func site(n int, dir string, version string) Versions {
	v := Versions{}
	for i := range n {
		v[fmt.Sprintf("https://example.com/%sf%04d.html", dir, i)] = version
	}
	return v
}

func TestDiffFirstApplyPurgesEverything(t *testing.T) {
	cs := Diff(nil, site(3, "", "v1"), 0)
	if len(cs.Files) != 3 || len(cs.Directories) != 0 {
		t.Fatalf("files %v, directories %v; want 3 files", cs.Files, cs.Directories)
	}
	for _, c := range cs.Changes {
		if c.Kind != Added {
			t.Errorf("%s is %s, want added", c.Path, c.Kind)
		}
	}
}

func TestDiffNoChangeIsEmpty(t *testing.T) {
	v := site(100, "", "v1")
	if cs := Diff(v, maps.Clone(v), 2); !cs.Empty() || len(cs.Files) != 0 {
		t.Fatalf("want nothing to purge, got %v", cs.Changes)
	}
}

func TestDiffChangedAddedRemoved(t *testing.T) {
	recorded := Versions{"example.com/a.js": "1", "example.com/b.js": "1", "example.com/c.js": "1"}
	wanted := Versions{"example.com/a.js": "1", "example.com/b.js": "2", "example.com/d.js": "1"}
	cs := Diff(recorded, wanted, 0)
	want := []Change{
		{Path: "example.com/b.js", Kind: Changed, Old: "1", New: "2"},
		{Path: "example.com/c.js", Kind: Removed, Old: "1"},
		{Path: "example.com/d.js", Kind: Added, New: "1"},
	}
	if !slices.Equal(cs.Changes, want) {
		t.Fatalf("changes %v, want %v", cs.Changes, want)
	}
	if !slices.Equal(cs.Files, []string{"example.com/b.js", "example.com/c.js", "example.com/d.js"}) {
		t.Errorf("files %v", cs.Files)
	}
}

func TestDiffComparesPathsByTarget(t *testing.T) {
	recorded := Versions{"example.com/图.png": "1", "http://example.com:80/a.js": "1"}
	wanted := Versions{"example.com/%E5%9B%BE.png": "1", "example.com/a.js": "2"}
	cs := Diff(recorded, wanted, 0)
	if !slices.Equal(cs.Files, []string{"example.com/a.js"}) || cs.Changes[0].Kind != Changed {
		t.Fatalf("want only a.js changed, got %v", cs.Changes)
	}
	// The record takes the configured spelling.
	got := cs.Record(func(string) bool { return true })
	if !maps.Equal(got, wanted) {
		t.Errorf("record %v, want %v", got, wanted)
	}
}

func TestCollapseThresholdBothSides(t *testing.T) {
	recorded := site(40, "assets/", "v1")
	maps.Copy(recorded, site(3, "", "v1"))
	wanted := site(40, "assets/", "v2")
	maps.Copy(wanted, site(3, "", "v1"))
	wanted["https://example.com/f0000.html"] = "v2"

	at := Diff(recorded, wanted, 40)
	if !slices.Equal(at.Directories, []string{"https://example.com/assets/"}) || !slices.Equal(at.Files, []string{"https://example.com/f0000.html"}) {
		t.Errorf("threshold 40, 40 changed: directories %v, files %v; want the directory and the one other file", at.Directories, at.Files)
	}
	above := Diff(recorded, wanted, 41)
	if len(above.Directories) != 0 || len(above.Files) != 41 {
		t.Errorf("threshold 41, 40 changed: directories %v, %d files; want 41 URLs", above.Directories, len(above.Files))
	}
	for _, off := range []int{0, 1} {
		if cs := Diff(recorded, wanted, off); len(cs.Directories) != 0 {
			t.Errorf("threshold %d collapsed %v", off, cs.Directories)
		}
	}
	if !strings.Contains(at.Summary(CDN), "1 directory of its 100, instead of the URLs of 40 objects under them: https://example.com/assets/.") {
		t.Errorf("summary: %s", at.Summary(CDN))
	}
}

func TestCollapseCountsOnlyItsOwnDirectory(t *testing.T) {
	wanted := Versions{"a.com/d/x": "1", "a.com/d/sub/y": "1", "a.com/e/z": "1"}
	if cs := Diff(nil, wanted, 2); len(cs.Directories) != 0 {
		t.Fatalf("a subdirectory's object counted for its parent: %v", cs.Directories)
	}
	wanted["a.com/d/w?v=1"] = "1"
	if cs := Diff(nil, wanted, 2); !slices.Equal(cs.Directories, []string{"a.com/d/"}) {
		t.Fatalf("directories %v, want a.com/d/", cs.Directories)
	}
}

func TestParent(t *testing.T) {
	for raw, want := range map[string]string{
		"https://example.com/css/a.css?v=2/x": "https://example.com/css/",
		"example.com/a.html":                  "example.com/",
		"example.com/d/":                      "example.com/d/",
		"example.com":                         "",
		"example.com/":                        "",
	} {
		got, ok := Parent(raw)
		if got != want || ok != (want != "") {
			t.Errorf("Parent(%q) = %q, %v; want %q", raw, got, ok, want)
		}
	}
}

func TestRecordKeepsWhatIsStillOwed(t *testing.T) {
	recorded := Versions{"a.com/c/changed": "1", "a.com/r/removed": "1", "a.com/s/same": "1", "a.com/d/x": "1", "a.com/d/y": "1"}
	wanted := Versions{"a.com/c/changed": "2", "a.com/a/added": "1", "a.com/s/same": "1", "a.com/d/x": "2", "a.com/d/y": "2"}
	cs := Diff(recorded, wanted, 2)
	if !slices.Equal(cs.Directories, []string{"a.com/d/"}) {
		t.Fatalf("directories %v", cs.Directories)
	}
	if got := cs.Record(func(string) bool { return false }); !maps.Equal(got, recorded) {
		t.Errorf("nothing done: record %v, want the old one %v", got, recorded)
	}
	if got := cs.Record(func(string) bool { return true }); !maps.Equal(got, wanted) {
		t.Errorf("all done: record %v, want %v", got, wanted)
	}
	done := map[string]bool{"a.com/a/added": true, "a.com/r/removed": true, "a.com/d/": true}
	want := Versions{"a.com/c/changed": "1", "a.com/a/added": "1", "a.com/s/same": "1", "a.com/d/x": "2", "a.com/d/y": "2"}
	if got := cs.Record(func(p string) bool { return done[p] }); !maps.Equal(got, want) {
		t.Errorf("part done: record %v, want %v", got, want)
	}
	// The next apply owes exactly what was not done.
	if next := Diff(want, wanted, 2); !slices.Equal(next.Files, []string{"a.com/c/changed"}) || len(next.Directories) != 0 {
		t.Errorf("next apply purges %v %v, want only a.com/changed", next.Files, next.Directories)
	}
}

func TestChangeSetRequests(t *testing.T) {
	cs := Diff(nil, Versions{"a.com/d/x": "1", "a.com/d/y": "1", "a.com/z": "1"}, 2)
	reqs := cs.Requests(Request{Service: DCDN, Force: true, Split: true})
	if len(reqs) != 2 || reqs[0].ObjectType != File || !slices.Equal(reqs[0].Paths, []string{"a.com/z"}) ||
		reqs[1].ObjectType != Directory || !slices.Equal(reqs[1].Paths, []string{"a.com/d/"}) || !reqs[1].Force || reqs[1].Service != DCDN {
		t.Fatalf("requests %+v", reqs)
	}
	if reqs := (ChangeSet{}).Requests(Request{Service: CDN}); len(reqs) != 0 {
		t.Errorf("an empty change set sends %v", reqs)
	}
}
