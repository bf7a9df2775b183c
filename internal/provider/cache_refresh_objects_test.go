package provider

import (
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/purgeworks/terraform-provider-alicloud/internal/emulator"
)

// siteObjects is an HCL map of a site: files f0000.html … at the root and
// assets/a00.css … (40 of them), each at version v1 unless versions says
// otherwise, without the paths in removed.
func siteObjects(root int, versions map[string]string, removed ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "{ for k, v in merge(\n")
	// range() yields at most 1,024 numbers: count in thousands.
	fmt.Fprintf(&b, "  { for i in flatten([for k in range(%d) : [for j in range(1000) : k * 1000 + j]]) : format(\"https://example.com/f%%04d.html\", i) => \"v1\" if i < %d },\n", (root+999)/1000, root)
	fmt.Fprintf(&b, "  { for i in range(40) : format(\"https://example.com/assets/a%%02d.css\", i) => \"v1\" },\n")
	fmt.Fprintf(&b, "  {\n")
	keys := make([]string, 0, len(versions))
	for k := range versions {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "    %q = %q\n", k, versions[k])
	}
	fmt.Fprintf(&b, "  }) : k => v if !contains(%s, k) }", hclList(removed))
	return b.String()
}

func hclList(s []string) string {
	q := make([]string, len(s))
	for i, x := range s {
		q[i] = fmt.Sprintf("%q", x)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

func assetsAt(version string) map[string]string {
	v := map[string]string{}
	for i := range 40 {
		v[fmt.Sprintf("https://example.com/assets/a%02d.css", i)] = version
	}
	return v
}

func objectsConfig(srv *emulator.Server, objects, extra string) string {
	return providerBlock(srv) + fmt.Sprintf(`
resource "alicloud_cache_refresh_objects" "site" {
  objects = %s
%s
}`, objects, extra)
}

// purgeLog is what the emulator accepted: each path purged, by object
// type, in order.
type purgeLog struct{ srv *emulator.Server }

func (l purgeLog) paths(typ string) []string {
	var out []string
	for _, r := range l.srv.Accepted("RefreshObjectCaches") {
		t := r.Params["ObjectType"]
		if t == "" {
			t = "File"
		}
		if t == typ {
			out = append(out, strings.Split(r.Params["ObjectPath"], "\n")...)
		}
	}
	return out
}

// expectPurged fails unless the emulator accepted, since mark calls, the
// URLs and directories given, each once, and nothing else.
func expectPurged(srv *emulator.Server, mark *int, files, dirs []string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		accepted := srv.Accepted("RefreshObjectCaches")
		var gotFiles, gotDirs []string
		for _, r := range accepted[*mark:] {
			paths := strings.Split(r.Params["ObjectPath"], "\n")
			if r.Params["ObjectType"] == "Directory" {
				gotDirs = append(gotDirs, paths...)
			} else {
				gotFiles = append(gotFiles, paths...)
			}
		}
		*mark = len(accepted)
		for _, c := range []struct {
			what      string
			got, want []string
		}{{"URLs", gotFiles, files}, {"directories", gotDirs, dirs}} {
			got, want := slices.Clone(c.got), slices.Clone(c.want)
			sort.Strings(got)
			sort.Strings(want)
			if !slices.Equal(got, want) {
				return fmt.Errorf("purged %s: got %d %s, want %d %s", c.what, len(got), abbreviate(got), len(want), abbreviate(want))
			}
		}
		return nil
	}
}

func abbreviate(s []string) string {
	if len(s) > 6 {
		return fmt.Sprint(s[:3], " … ", s[len(s)-3:])
	}
	return fmt.Sprint(s)
}

func siteURLs(root int) []string {
	var out []string
	for i := range root {
		out = append(out, fmt.Sprintf("https://example.com/f%04d.html", i))
	}
	for k := range assetsAt("") {
		out = append(out, k)
	}
	return out
}

func TestAccCacheRefreshObjects_siteDeploys(t *testing.T) {
	srv := startEmulator(t)
	clearCredentialEnv(t)
	mark := 0
	const root = 2960 // and 40 assets: 3,000 objects
	split := "  split_requests = true"
	changed := "https://example.com/f0007.html"
	assets2 := assetsAt("v2")
	assets2[changed] = "v2"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// 3,000 URLs take three requests of at most 1,000.
				Config: objectsConfig(srv, siteObjects(root, nil), split),
				Check: resource.ComposeTestCheckFunc(
					expectPurged(srv, &mark, siteURLs(root), nil),
					func(*terraform.State) error {
						if n := len(srv.Accepted("RefreshObjectCaches")); n != 3 {
							return fmt.Errorf("%d requests, want 3", n)
						}
						return nil
					},
					resource.TestCheckResourceAttr("alicloud_cache_refresh_objects.site", "objects.%", "3000"),
				),
			},
			{
				// Deployed again, nothing changed: nothing is sent.
				Config: objectsConfig(srv, siteObjects(root, nil), split),
				Check:  expectPurged(srv, &mark, nil, nil),
			},
			{
				Config: objectsConfig(srv, siteObjects(root, map[string]string{changed: "v2"}), split),
				Check: resource.ComposeTestCheckFunc(
					expectPurged(srv, &mark, []string{changed}, nil),
					resource.TestCheckResourceAttr("alicloud_cache_refresh_objects.site", "purged_paths.#", "1"),
					resource.TestCheckResourceAttr("alicloud_cache_refresh_objects.site", "objects.https://example.com/f0007.html", "v2"),
				),
			},
			{
				// 40 files under assets/ changed.
				Config: objectsConfig(srv, siteObjects(root, assets2), split),
				Check:  expectPurged(srv, &mark, keysOf(assetsAt("")), nil),
			},
			{
				// A file removed must stop being served from the edge.
				Config: objectsConfig(srv, siteObjects(root, assets2, "https://example.com/f0100.html"), split),
				Check: resource.ComposeTestCheckFunc(
					expectPurged(srv, &mark, []string{"https://example.com/f0100.html"}, nil),
					resource.TestCheckResourceAttr("alicloud_cache_refresh_objects.site", "objects.%", "2999"),
				),
			},
		},
	})
}

func keysOf(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestAccCacheRefreshObjects_newObjectsPurgeNothing(t *testing.T) {
	srv := startEmulator(t)
	clearCredentialEnv(t)
	mark := 0
	changed := "https://example.com/f0001.html"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// 3,000 objects, more than a request takes, and no
				// split_requests: the objects are new, nothing is owed.
				Config: objectsConfig(srv, siteObjects(2960, nil), "  purge_on_create = false"),
				Check: resource.ComposeTestCheckFunc(
					expectPurged(srv, &mark, nil, nil),
					resource.TestCheckResourceAttr("alicloud_cache_refresh_objects.site", "status", "Complete"),
					resource.TestCheckResourceAttr("alicloud_cache_refresh_objects.site", "task_id", ""),
				),
			},
			{
				Config: objectsConfig(srv, siteObjects(2960, map[string]string{changed: "v2"}), "  purge_on_create = false"),
				Check:  expectPurged(srv, &mark, []string{changed}, nil),
			},
		},
	})
}

func TestAccCacheRefreshObjects_directoryThreshold(t *testing.T) {
	srv := startEmulator(t)
	clearCredentialEnv(t)
	mark := 0
	other := "https://example.com/f0003.html"
	at := func(v string) map[string]string {
		m := assetsAt(v)
		m[other] = v
		return m
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: objectsConfig(srv, siteObjects(10, nil), "  purge_on_create = false\n  directory_threshold = 40"),
				Check:  expectPurged(srv, &mark, nil, nil),
			},
			{
				// 40 changed in assets/, threshold 40: one directory, and
				// the other file by its URL.
				Config: objectsConfig(srv, siteObjects(10, at("v2")), "  purge_on_create = false\n  directory_threshold = 40"),
				Check: resource.ComposeTestCheckFunc(
					expectPurged(srv, &mark, []string{other}, []string{"https://example.com/assets/"}),
					resource.TestCheckResourceAttr("alicloud_cache_refresh_objects.site", "purged_paths.#", "2"),
				),
			},
			{
				// 40 changed, threshold 41: 41 URLs.
				Config: objectsConfig(srv, siteObjects(10, at("v3")), "  purge_on_create = false\n  directory_threshold = 41"),
				Check:  expectPurged(srv, &mark, append(keysOf(assetsAt("")), other), nil),
			},
		},
	})
}

// A split refresh stopped midway, then a failed task: each following apply
// purges exactly what is still owed, never what was purged.
func TestAccCacheRefreshObjects_failedUpdateThenRetry(t *testing.T) {
	srv := startEmulatorWith(t, emulator.Options{TaskDuration: time.Second})
	clearCredentialEnv(t)
	mark := 0
	changed := map[string]string{}
	for i := range 1500 {
		changed[fmt.Sprintf("https://example.com/f%04d.html", i)] = "v2"
	}
	failing := "https://example.com/f1400.html" // in the second request
	settings := "  purge_on_create = false\n  split_requests = true\n  wait_for_completion = true\n  timeouts = { update = \"%s\" }"
	var firstPart []string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: objectsConfig(srv, siteObjects(1500, nil), fmt.Sprintf(settings, "2m")),
				Check:  expectPurged(srv, &mark, nil, nil),
			},
			{
				// The first of two requests is accepted; the second meets
				// Alibaba failing until the timeout.
				PreConfig: func() {
					srv.InjectFault(emulator.Fault{Kind: emulator.FaultSlow, Count: 1, Actions: []string{"RefreshObjectCaches"}})
					srv.InjectFault(emulator.Fault{Kind: emulator.FaultServerError, Count: 1000, Actions: []string{"RefreshObjectCaches"}})
				},
				Config:      objectsConfig(srv, siteObjects(1500, changed), fmt.Sprintf(settings, "4s")),
				ExpectError: expectError(`1,000 URLs were purged before it stopped; the state records them, and the next apply purges only what is still owed`),
			},
			{
				PreConfig: func() {
					srv.ClearFaults()
					firstPart = purgeLog{srv}.paths("File")
					if len(firstPart) != 1000 {
						t.Fatalf("the first part purged %d paths, want 1,000", len(firstPart))
					}
					mark = len(srv.Accepted("RefreshObjectCaches"))
					srv.FailPath(failing, "Origin Return StatusCode 5XX")
				},
				// The other 500, once each; one of them fails.
				Config:      objectsConfig(srv, siteObjects(1500, changed), fmt.Sprintf(settings, "2m")),
				ExpectError: expectError(`The refresh failed.*` + failing),
			},
			{
				PreConfig: func() {
					var rest []string
					for k := range changed {
						if !slices.Contains(firstPart, k) {
							rest = append(rest, k)
						}
					}
					if err := expectPurged(srv, &mark, rest, nil)(nil); err != nil {
						t.Fatal(err)
					}
					srv.ClearFailPaths()
				},
				// Only the failed path is still owed.
				Config: objectsConfig(srv, siteObjects(1500, changed), fmt.Sprintf(settings, "2m")),
				Check: resource.ComposeTestCheckFunc(
					expectPurged(srv, &mark, []string{failing}, nil),
					resource.TestCheckResourceAttr("alicloud_cache_refresh_objects.site", "status", "Complete"),
				),
			},
		},
	})
}

func TestAccCacheRefreshObjects_planTimeErrors(t *testing.T) {
	srv := startEmulator(t)
	clearCredentialEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      objectsConfig(srv, `{ "https://example.com/ok.html" = "1", "ftp://example.com/a.html" = "1" }`, ""),
				ExpectError: expectError(`objects\["ftp://example.com/a.html"\]: .*scheme`),
			},
			{
				Config:      objectsConfig(srv, `{ "example.com/图.png" = "1", "example.com/%E5%9B%BE.png" = "2" }`, ""),
				ExpectError: expectError(`Two keys name one object`),
			},
			{
				// More URLs than one request takes, without split_requests.
				Config:      objectsConfig(srv, siteObjects(1000, nil), ""),
				ExpectError: expectError(`objects: this apply purges 1,040 URLs: .*at most 1,000 URLs per request.*split_requests = true`),
			},
			{
				Config:      objectsConfig(srv, `{ "example.com/a" = "1" }`, `  service = "edge_routine"`),
				ExpectError: expectError(`service: "edge_routine" refreshes one edge routine per request: use alicloud_cache_refresh`),
			},
		},
	})
	assertNothingSent(t, srv)
}

// A wait cut short after the purge was accepted: the next apply waits for
// the same tasks and purges nothing again.
func TestAccCacheRefreshObjects_waitCutShort(t *testing.T) {
	// The task outlasts the first wait and ends during the second: a
	// status of Complete after it means the second apply waited.
	srv := startEmulatorWith(t, emulator.Options{TaskDuration: 15 * time.Second})
	clearCredentialEnv(t)
	mark := 0
	changed := "https://example.com/f0002.html"
	settings := "  purge_on_create = false\n  wait_for_completion = true\n  timeouts = { update = \"%s\" }"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: objectsConfig(srv, siteObjects(5, nil), fmt.Sprintf(settings, "3s")),
				Check:  expectPurged(srv, &mark, nil, nil),
			},
			{
				Config:      objectsConfig(srv, siteObjects(5, map[string]string{changed: "v2"}), fmt.Sprintf(settings, "2s")),
				ExpectError: expectError(`Timed out waiting for the refresh.*the next apply waits for these tasks instead of purging again`),
			},
			{
				Config: objectsConfig(srv, siteObjects(5, map[string]string{changed: "v2"}), fmt.Sprintf(settings, "2m")),
				Check: resource.ComposeTestCheckFunc(
					expectPurged(srv, &mark, []string{changed}, nil),
					resource.TestCheckResourceAttr("alicloud_cache_refresh_objects.site", "status", "Complete"),
				),
			},
		},
	})
}

// The first apply is a create: stopped midway, Terraform taints the
// resource. After terraform untaint (the way for a plan with
// -refresh=false, as the error says), the next apply, an update, purges
// only what is still owed.
func TestAccCacheRefreshObjects_failedFirstApplyUntainted(t *testing.T) {
	srv := startExampleEmulator(t)
	dir := t.TempDir()
	config := func(timeout string) {
		writeExampleFile(t, filepath.Join(dir, "main.tf"), fmt.Sprintf(`terraform {
  required_providers {
    alicloud = {
      source = %q
    }
  }
}

%s
resource "alicloud_cache_refresh_objects" "site" {
  objects        = %s
  split_requests = true
  timeouts = {
    create = %q
  }
}
`, exampleSource, exampleProviderConfig("alicloud", srv), siteObjects(1460, nil), timeout))
	}
	cli := newExampleCLI(t, dir)

	config("4s")
	srv.InjectFault(emulator.Fault{Kind: emulator.FaultSlow, Count: 1, Actions: []string{"RefreshObjectCaches"}})
	srv.InjectFault(emulator.Fault{Kind: emulator.FaultServerError, Count: 1000, Actions: []string{"RefreshObjectCaches"}})
	_, err := cli.run("apply", "-auto-approve")
	if err == nil || !expectError("1,000 URLs were purged before it stopped.*run `terraform untaint` on it first").MatchString(err.Error()) {
		t.Fatalf("want the apply to fail and advise terraform untaint, got %v", err)
	}
	srv.ClearFaults()
	first := purgeLog{srv}.paths("File")
	if len(first) != 1000 {
		t.Fatalf("the first request purged %d paths, want 1,000", len(first))
	}

	cli.must("untaint", "alicloud_cache_refresh_objects.site")
	config("2m")
	cli.must("apply", "-auto-approve")
	all := purgeLog{srv}.paths("File")
	got, want := slices.Clone(all), siteURLs(1460)
	sort.Strings(got)
	sort.Strings(want)
	if !slices.Equal(got, want) {
		t.Fatalf("purged %d URLs over both applies, want each of the 1,500 once", len(got))
	}
	cli.mustNotChange()
}

// Objects that come from another resource are known only at apply: the
// first apply purges them, checked then, and the next plan is empty.
func TestAccCacheRefreshObjects_objectsKnownAtApply(t *testing.T) {
	srv := startEmulator(t)
	clearCredentialEnv(t)
	mark := 0
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + `
resource "terraform_data" "seed" {}
resource "terraform_data" "build" {
  input = { "example.com/a.js" = terraform_data.seed.id, "example.com/b.js" = "1" }
}
resource "alicloud_cache_refresh_objects" "site" {
  objects = terraform_data.build.output
}`,
			Check: resource.ComposeTestCheckFunc(
				expectPurged(srv, &mark, []string{"example.com/a.js", "example.com/b.js"}, nil),
				resource.TestCheckResourceAttr("alicloud_cache_refresh_objects.site", "id", "cdn:objects"),
				resource.TestCheckResourceAttr("alicloud_cache_refresh_objects.site", "status", "Submitted"),
			),
		}},
	})
}

// A wait cut short, and the path's task then ends Failed: the apply that
// waits for it fails, and the path stays owed, as when the first wait
// sees it fail: the apply after it purges that path again.
func TestAccCacheRefreshObjects_waitCutShortThenFailed(t *testing.T) {
	srv := startEmulatorWith(t, emulator.Options{TaskDuration: 4 * time.Second})
	changed := "https://example.com/f0002.html"
	settings := "  purge_on_create = false\n  wait_for_completion = true\n  timeouts = { update = \"%s\" }"
	cli, write := objectsCLI(t, srv, siteObjects(5, nil), fmt.Sprintf(settings, "2m"))
	cli.must("apply", "-auto-approve")
	mark := 0

	srv.FailPath(changed, "Origin Return StatusCode 5XX")
	write(siteObjects(5, map[string]string{changed: "v2"}), fmt.Sprintf(settings, "1s"))
	if out, err := cli.run("apply", "-auto-approve"); err == nil || !strings.Contains(err.Error(), "Timed out waiting") {
		t.Fatalf("want the wait cut short; err %v:\n%s", err, out)
	}
	srv.ClearFailPaths()
	if err := expectPurged(srv, &mark, []string{changed}, nil)(nil); err != nil {
		t.Fatal(err)
	}

	write(siteObjects(5, map[string]string{changed: "v2"}), fmt.Sprintf(settings, "2m"))
	if out, err := cli.run("apply", "-auto-approve"); err == nil {
		t.Fatalf("want the apply that waits to fail with the failed path:\n%s", out)
	}
	if err := expectPurged(srv, &mark, nil, nil)(nil); err != nil {
		t.Fatal(err)
	}
	cli.must("apply", "-auto-approve")
	if err := expectPurged(srv, &mark, []string{changed}, nil)(nil); err != nil {
		t.Fatal(err)
	}
	cli.mustNotChange()
}

// A wait cut short, then an apply with a new change while the earlier task
// ends Failed: that apply purges the new change and fails with the earlier
// path, which stays owed; the apply after it purges that path again.
func TestAccCacheRefreshObjects_waitCutShortThenFailedBesideNewChange(t *testing.T) {
	srv := startEmulatorWith(t, emulator.Options{TaskDuration: 4 * time.Second})
	failing, next := "https://example.com/f0002.html", "https://example.com/f0003.html"
	settings := "  purge_on_create = false\n  wait_for_completion = true\n  timeouts = { update = \"%s\" }"
	cli, write := objectsCLI(t, srv, siteObjects(5, nil), fmt.Sprintf(settings, "2m"))
	cli.must("apply", "-auto-approve")
	mark := 0

	srv.FailPath(failing, "Origin Return StatusCode 5XX")
	write(siteObjects(5, map[string]string{failing: "v2"}), fmt.Sprintf(settings, "1s"))
	if out, err := cli.run("apply", "-auto-approve"); err == nil || !strings.Contains(err.Error(), "Timed out waiting") {
		t.Fatalf("want the wait cut short; err %v:\n%s", err, out)
	}
	srv.ClearFailPaths()
	if err := expectPurged(srv, &mark, []string{failing}, nil)(nil); err != nil {
		t.Fatal(err)
	}

	write(siteObjects(5, map[string]string{failing: "v2", next: "v2"}), fmt.Sprintf(settings, "2m"))
	if out, err := cli.run("apply", "-auto-approve"); err == nil {
		t.Fatalf("want the apply that waits to fail with the earlier failed path:\n%s", out)
	}
	if err := expectPurged(srv, &mark, []string{next}, nil)(nil); err != nil {
		t.Fatal(err)
	}
	cli.must("apply", "-auto-approve")
	if err := expectPurged(srv, &mark, []string{failing}, nil)(nil); err != nil {
		t.Fatal(err)
	}
	cli.mustNotChange()
}
