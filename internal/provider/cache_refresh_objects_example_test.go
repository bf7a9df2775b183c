package provider

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/purgeworks/terraform-provider-alicloud/internal/emulator"
)

// The static-site example deployed as a user would: the first apply purges
// every file, a rebuild that changes one file purges that one, a file
// removed is purged, and a plan in between finds nothing to do.
func TestAccExampleStaticSiteDeploys(t *testing.T) {
	srv := startExampleEmulator(t)
	dir := exampleWorkDir(t, srv, filepath.Join(examplesDir(t), "resources", "alicloud_cache_refresh_objects"), nil)
	cli := newExampleCLI(t, dir)
	const site = "https://static.example.com/"

	cli.must("apply", "-auto-approve")
	mustPurgeInOrder(t, srv, site+"about/index.html\n"+site+"assets/app.css\n"+site+"assets/app.js\n"+site+"index.html")
	cli.mustNotChange()

	writeExampleFile(t, filepath.Join(dir, "site", "assets", "app.js"), "console.log(\"v2\");\n")
	out := cli.must("apply", "-auto-approve")
	mustPurgeInOrder(t, srv, site+"about/index.html\n"+site+"assets/app.css\n"+site+"assets/app.js\n"+site+"index.html", site+"assets/app.js")
	if want := expectError(`This apply purges 1 object \(0 added, 1 changed, 0 removed\): 1 URL of cdn's default daily quota of 10,000.`); !want.MatchString(out) {
		t.Errorf("the apply does not say %s:\n%s", want, out)
	}
	cli.mustNotChange()

	if err := os.Remove(filepath.Join(dir, "site", "about", "index.html")); err != nil {
		t.Fatal(err)
	}
	cli.must("apply", "-auto-approve")
	mustPurgeInOrder(t, srv, site+"about/index.html\n"+site+"assets/app.css\n"+site+"assets/app.js\n"+site+"index.html", site+"assets/app.js", site+"about/index.html")
	cli.mustNotChange()

	cli.must("destroy", "-auto-approve")
	exampleMustCalls(t, srv, "RefreshObjectCaches", 3)
}

// mustPurgeInOrder fails unless the emulator accepted exactly these
// refreshes, each ObjectPath as given, in this order.
func mustPurgeInOrder(t *testing.T, srv *emulator.Server, objectPaths ...string) {
	t.Helper()
	var got []string
	for _, r := range srv.Accepted("RefreshObjectCaches") {
		got = append(got, r.Params["ObjectPath"])
	}
	if !slices.Equal(got, objectPaths) {
		t.Fatalf("purged %q, want %q", got, objectPaths)
	}
}
