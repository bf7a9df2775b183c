package refresh

import (
	"strings"
	"testing"
)

func TestEncodePath(t *testing.T) {
	for raw, want := range map[string]string{
		"example.com/a.png":              "example.com/a.png",
		"example.com/release notes.html": "example.com/release%20notes.html",
		"example.com/图片/猫.png":           "example.com/%E5%9B%BE%E7%89%87/%E7%8C%AB.png",
		"example.com/café":               "example.com/caf%C3%A9",
		"https://example.com/a b?q=x y":  "https://example.com/a%20b?q=x%20y",
		"example.com/%E5%9B%BE.png":      "example.com/%E5%9B%BE.png", // already encoded: as it is
		"example.com/%e5%9b%be.png":      "example.com/%e5%9b%be.png", // its own hex case kept
		"example.com/%E5%9B%BE 猫.png":    "example.com/%E5%9B%BE%20%E7%8C%AB.png",
		"example.com/100%.html":          "example.com/100%.html", // a stray % is not ours to fix
		"example.com/a+b~c*d":            "example.com/a+b~c*d",
		"example.com/😀":                  "example.com/%F0%9F%98%80",
		"example.com/a%20b":              "example.com/a%20b",
		"example.com/a%2520b":            "example.com/a%2520b",
		"example.com/\u00e9\u0301":       "example.com/%C3%A9%CC%81", // combining mark: bytes as written
		// A path rewritten anyway: a "%" starting no escape is the name's own.
		"example.com/100% off.html": "example.com/100%25%20off.html",
		"example.com/%zz 图.png":     "example.com/%25zz%20%E5%9B%BE.png",
		"example.com/a b%":          "example.com/a%20b%25",
		"example.com/a b%2":         "example.com/a%20b%252",
		"example.com/%E5 %2f%":      "example.com/%E5%20%2f%25",
	} {
		got := EncodePath(raw)
		if got != want {
			t.Errorf("EncodePath(%q) = %q, want %q", raw, got, want)
		}
		if again := EncodePath(got); again != got {
			t.Errorf("EncodePath encodes %q twice: %q", got, again)
		}
	}
}

func TestTarget(t *testing.T) {
	same := [][]string{
		{"example.com/a.png", "http://example.com/a.png", "HTTP://EXAMPLE.COM/a.png", "http://example.com:80/a.png", "Example.com:80/a.png"},
		{"https://example.com/a.png", "https://example.com:443/a.png", "HTTPS://example.COM/a.png"},
		{"example.com/图片.png", "example.com/%E5%9B%BE%E7%89%87.png", "example.com/%e5%9b%be%e7%89%87.png", "http://example.com/%E5%9B%BE片.png"},
		{"example.com/release notes.html", "example.com/release%20notes.html", "http://example.com/release%20notes.html"},
		{"example.com/~user/a", "example.com/%7Euser/a", "example.com/%7euser/%61"},
		{"example.com", "example.com/", "http://example.com:80/"},
		{"example.com?v=1", "example.com/?v=1"},
		{"example.com:8080/a", "http://example.com:8080/a", "example.com:08080/a"},
		{"example.com/100% off.html", "example.com/100%25 off.html", "example.com/100%25%20off.html"},
	}
	for _, group := range same {
		for _, p := range group[1:] {
			if !SameTarget(group[0], p) {
				t.Errorf("%q and %q: want the same target, got %q and %q", group[0], p, Target(group[0]), Target(p))
			}
		}
	}
	apart := [][2]string{
		{"example.com/a.png", "https://example.com/a.png"},         // http and https: assumed apart
		{"http://example.com/a", "http://example.com:8080/a"},      // a port other than the default
		{"https://example.com:80/a", "https://example.com/a"},      // 80 is not https's default
		{"example.com/a.png", "example.com/A.png"},                 // the path's case
		{"example.com/a/", "example.com/a"},                        // a trailing slash
		{"example.com/a%2Fb", "example.com/a/b"},                   // an encoded reserved character
		{"example.com/a?x=1&y=2", "example.com/a?y=2&x=1"},         // parameter order
		{"example.com/a/../b", "example.com/b"},                    // dot segments
		{"example.com/a%20b", "example.com/a+b"},                   // + is not a space in a path
		{"a.example.com/x", "b.example.com/x"},                     // another host
		{"example.com/%E5%9B%BE.png", "example.com/%E5%9B%BF.png"}, // another character
		{"example.com/a\tb", "example.com/a%09b"},                  // refused paths compare as written
		{"example.com/100%.html", "example.com/100%25.html"},       // a stray % is not "%25"
		{"example.com/a%2", "example.com/a%20"},                    // a truncated escape is text
	}
	for _, pair := range apart {
		if SameTarget(pair[0], pair[1]) {
			t.Errorf("%q and %q: want different targets, both are %q", pair[0], pair[1], Target(pair[0]))
		}
	}
}

// TestRegexTarget: a Regex path's pattern is matched against encoded URLs
// as text, so only its scheme, host and port are normalized.
func TestRegexTarget(t *testing.T) {
	for _, pair := range [][2]string{
		{"example.com/img/%e5.*", "example.com/img/%E5.*"}, // Alibaba's URLs carry upper-case hex
		{"example.com/a%2Ejs", "example.com/a.js"},         // "." is any character
		{"example.com/%7Euser/.*", "example.com/~user/.*"},
	} {
		if !SameTarget(pair[0], pair[1]) {
			t.Errorf("%q and %q: the same URL target", pair[0], pair[1])
		}
		if TargetOf(Regex, pair[0]) == TargetOf(Regex, pair[1]) {
			t.Errorf("%q and %q: the same Regex target %q", pair[0], pair[1], TargetOf(Regex, pair[0]))
		}
	}
	for _, group := range [][]string{
		{"example.com/img/.*\\.png", "http://Example.com:80/img/.*\\.png", "HTTP://example.com/img/.*\\.png"},
		{"https://example.com/a.*", "https://example.com:443/a.*"},
	} {
		for _, p := range group[1:] {
			if TargetOf(Regex, group[0]) != TargetOf(Regex, p) {
				t.Errorf("%q and %q: want the same Regex target, got %q and %q", group[0], p, TargetOf(Regex, group[0]), TargetOf(Regex, p))
			}
		}
	}
	if !SamePathTargets(Regex, []string{"example.com/a.*"}, []string{"http://example.com/a.*"}) ||
		SamePathTargets(Regex, []string{"example.com/a%2E.*"}, []string{"example.com/a..*"}) ||
		PathsAmong(Regex, []string{"example.com/%e5.*"}, []string{"example.com/%E5.*", "example.com/b.*"}) {
		t.Error("Regex paths compared by URL target")
	}
}

func TestPathsAmong(t *testing.T) {
	merged := []string{"http://example.com/a.js", "http://example.com/b.js", "http://example.com/%E5%9B%BE.png"}
	for _, tc := range []struct {
		some []string
		want bool
	}{
		{[]string{"example.com/a.js"}, true},
		{[]string{"example.com/图.png", "EXAMPLE.com/b.js"}, true},
		{[]string{"example.com/a.js", "example.com/c.js"}, false},
		{[]string{"https://example.com/a.js"}, false},
		{nil, true},
	} {
		if got := PathsAmong(File, tc.some, merged); got != tc.want {
			t.Errorf("PathsAmong(%q) = %v, want %v", tc.some, got, tc.want)
		}
	}
	if !SamePathTargets(File, []string{"example.com/b", "example.com/a", "example.com/a"}, []string{"http://example.com/a", "example.com/b"}) {
		t.Error("the same targets in another order, spelling and count differ")
	}
	if SamePathTargets(File, []string{"example.com/a"}, []string{"example.com/a", "example.com/b"}) {
		t.Error("a subset is taken for the same targets")
	}
}

func TestOwnTasks(t *testing.T) {
	tasks := []Task{
		{ID: "1", ObjectPath: "http://example.com/mine.js", Status: StatusComplete, Process: "100%"},
		{ID: "1", ObjectPath: "http://example.com/theirs.js", Status: StatusFailed, Description: "Origin Timeout"},
		{ID: "2", ObjectPath: "http://other.example.com/%E5%9B%BE.png", Status: StatusRefreshing, Process: "0%"},
		{ID: "3", ObjectPath: "unrecognised form", Status: StatusComplete, Process: "100%"},
	}
	own := OwnTasks([]string{"example.com/mine.js", "other.example.com/图.png", "example.com/gone.js"}, tasks)
	var got []string
	for _, t := range own {
		got = append(got, t.ID+" "+t.ObjectPath)
	}
	want := "1 http://example.com/mine.js|2 http://other.example.com/%E5%9B%BE.png|3 unrecognised form"
	if strings.Join(got, "|") != want {
		t.Fatalf("own entries %q, want %q", strings.Join(got, "|"), want)
	}
	p := Summarize([]string{"1", "2", "3"}, own)
	if p.Status != StatusRefreshing || p.Percent != 66 || p.Failures() != "" {
		t.Fatalf("progress of own entries %+v", p)
	}
	// Alone, the other resource's failure is this one's no longer.
	done := OwnTasks([]string{"example.com/mine.js"}, tasks[:2])
	if p := Summarize([]string{"1"}, done); p.Status != StatusComplete || p.Percent != 100 {
		t.Fatalf("progress %+v, want Complete", p)
	}
	if got := OwnTasks(nil, tasks); len(got) != len(tasks) {
		t.Fatalf("no paths kept %d of %d entries", len(got), len(tasks))
	}
}
