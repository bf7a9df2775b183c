package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/purgeworks/terraform-provider-alicloud/internal/emulator"
)

// The list resource lists refreshes for `terraform query`, which came with
// Terraform 1.14: below it, and with OpenTofu, these tests skip.
var queryVersionChecks = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)}

// taskIDOf records the task_id of a resource in state, for checks built
// before the apply that gives it.
func taskIDOf(address string, into *string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[address]
		if !ok {
			return fmt.Errorf("%s is not in state", address)
		}
		*into = rs.Primary.Attributes["task_id"]
		return nil
	}
}

// recorded checks a string against one recorded by an earlier step.
type recorded struct{ want *string }

func (r recorded) CheckValue(v any) error {
	if s, ok := v.(string); !ok || s != *r.want {
		return fmt.Errorf("got %v, want %q", v, *r.want)
	}
	return nil
}

func (r recorded) String() string { return *r.want }

// pathsInAnyOrder checks a list of paths, in whatever order the look-ups
// report the paths of a task.
type pathsInAnyOrder []string

func (p pathsInAnyOrder) CheckValue(v any) error {
	got, ok := v.([]any)
	var paths []string
	for _, e := range got {
		s, _ := e.(string)
		paths = append(paths, s)
	}
	slices.Sort(paths)
	if !ok || !slices.Equal(paths, slices.Sorted(slices.Values(p))) {
		return fmt.Errorf("got %v, want %v in any order", v, []string(p))
	}
	return nil
}

func (p pathsInAnyOrder) String() string { return fmt.Sprint([]string(p)) }

func TestAccCacheRefreshList_query(t *testing.T) {
	srv := startEmulator(t)
	var files, dir string
	byTask := func(id *string) queryfilter.QueryFilter {
		return queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"service": knownvalue.StringExact("cdn"), "task_id": recorded{id}})
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   queryVersionChecks,
		Steps: []resource.TestStep{
			{
				Config: providerBlock(srv) + `
resource "alicloud_cache_refresh" "files" {
  object_paths = ["example.com/a.js", "example.com/b.js"]
}
resource "alicloud_cache_refresh" "dir" {
  object_paths = ["other.example.com/static/"]
  object_type  = "Directory"
}
resource "alicloud_cache_preload" "warm" {
  object_paths = ["example.com/a.js"]
}`,
				Check: resource.ComposeTestCheckFunc(
					taskIDOf("alicloud_cache_refresh.files", &files),
					taskIDOf("alicloud_cache_refresh.dir", &dir),
				),
			},
			{
				Query: true,
				// With the configuration of the step before, provider included.
				Config: `
list "alicloud_cache_refresh" "all" {
  provider         = alicloud
  include_resource = true
}
list "alicloud_cache_refresh" "one_path" {
  provider         = alicloud
  include_resource = true
  config {
    object_path = "example.com/b.js"
  }
}
list "alicloud_cache_refresh" "directories" {
  provider = alicloud
  config {
    service     = "cdn"
    object_type = "directory"
    domain_name = "other.example.com"
  }
}`,
				QueryResultChecks: []querycheck.QueryResultCheck{
					// The prefetch is no refresh: left out.
					querycheck.ExpectLength("alicloud_cache_refresh.all", 2),
					querycheck.ExpectIdentity("alicloud_cache_refresh.all", map[string]knownvalue.Check{
						"service": knownvalue.StringExact("cdn"), "task_id": recorded{&files},
					}),
					querycheck.ExpectIdentity("alicloud_cache_refresh.all", map[string]knownvalue.Check{
						"service": knownvalue.StringExact("cdn"), "task_id": recorded{&dir},
					}),
					querycheck.ExpectResourceKnownValues("alicloud_cache_refresh.all", byTask(&files), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("object_paths"), KnownValue: pathsInAnyOrder{"example.com/a.js", "example.com/b.js"}},
						{Path: tfjsonpath.New("object_type"), KnownValue: knownvalue.StringExact("File")},
						{Path: tfjsonpath.New("service"), KnownValue: knownvalue.StringExact("cdn")},
						{Path: tfjsonpath.New("task_id"), KnownValue: recorded{&files}},
					}),
					querycheck.ExpectResourceDisplayName("alicloud_cache_refresh.all", byTask(&dir),
						knownvalue.StringRegexp(regexp.MustCompile(`^cdn:\d+ directory other\.example\.com/static/, \d{4}-\d\d-\d\dT[\d:]+Z, (Refreshing|Complete)$`))),
					// A path filter finds the task; the resource is the whole task.
					querycheck.ExpectLength("alicloud_cache_refresh.one_path", 1),
					querycheck.ExpectResourceKnownValues("alicloud_cache_refresh.one_path", byTask(&files), []querycheck.KnownValueCheck{
						{Path: tfjsonpath.New("object_paths"), KnownValue: pathsInAnyOrder{"example.com/a.js", "example.com/b.js"}},
					}),
					querycheck.ExpectLength("alicloud_cache_refresh.directories", 1),
					querycheck.ExpectIdentity("alicloud_cache_refresh.directories", map[string]knownvalue.Check{
						"service": knownvalue.StringExact("cdn"), "task_id": recorded{&dir},
					}),
				},
			},
		},
	})
	// Listing purges nothing.
	if err := expectRefreshes(srv, 2)(nil); err != nil {
		t.Fatal(err)
	}
}

// TestAccCacheRefreshList_statusFilterListsWholeTasks: the status filter
// matches paths, each of which has its own; the task it finds is listed
// whole, with its paths that did not fail, as an import of it rebuilds it.
func TestAccCacheRefreshList_statusFilterListsWholeTasks(t *testing.T) {
	srv := startEmulatorWith(t, emulator.Options{TaskDuration: time.Millisecond, FailPaths: []string{"example.com/bad.js"}})
	var task string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   queryVersionChecks,
		Steps: []resource.TestStep{
			{
				Config: providerBlock(srv) + `
resource "alicloud_cache_refresh" "files" {
  object_paths        = ["example.com/ok.js", "example.com/bad.js"]
  wait_for_completion = false
}`,
				Check: taskIDOf("alicloud_cache_refresh.files", &task),
			},
			{
				Query: true,
				Config: `
list "alicloud_cache_refresh" "failed" {
  provider         = alicloud
  include_resource = true
  config {
    object_type = "file"
    status      = "Failed"
  }
}`,
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("alicloud_cache_refresh.failed", 1),
					querycheck.ExpectResourceKnownValues("alicloud_cache_refresh.failed",
						queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"service": knownvalue.StringExact("cdn"), "task_id": recorded{&task}}),
						[]querycheck.KnownValueCheck{
							{Path: tfjsonpath.New("object_paths"), KnownValue: pathsInAnyOrder{"example.com/ok.js", "example.com/bad.js"}},
							{Path: tfjsonpath.New("status"), KnownValue: knownvalue.StringExact("Failed")},
						}),
				},
			},
		},
	})
}

// TestAccCacheRefreshList_badFilter: the look-up's rules apply at
// validation, and nothing is sent.
func TestAccCacheRefreshList_badFilter(t *testing.T) {
	srv := startEmulator(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   queryVersionChecks,
		Steps: []resource.TestStep{
			{Config: providerBlock(srv)},
			{
				Query: true,
				// With the configuration of the step before, provider included.
				Config: `
list "alicloud_cache_refresh" "failed" {
  provider = alicloud
  config {
    status = "Failed"
  }
}`,
				ExpectError: expectError(`Filter needs object_type.*set object_type as well`),
			},
		},
	})
	assertNothingSent(t, srv)
}

// TestAccCacheRefreshList_generateConfig is the whole workflow through the
// CLI, with the documented example: refreshes applied in one configuration are found by `terraform query
// -generate-config-out` from another, and applying the generated
// configuration imports them without purging anything again.
func TestAccCacheRefreshList_generateConfig(t *testing.T) {
	if os.Getenv(resource.EnvTfAcc) == "" {
		t.Skipf("acceptance test: set %s=1", resource.EnvTfAcc)
	}
	srv := startExampleEmulator(t)
	provider := fmt.Sprintf("terraform {\n  required_providers {\n    alicloud = { source = %q }\n  }\n}\n%s\n", exampleSource, exampleProviderConfig("alicloud", srv))

	applied := newExampleCLI(t, t.TempDir())
	skipBelowQuery(t, applied)
	writeExampleFile(t, filepath.Join(applied.dir, "main.tf"), provider+`
resource "alicloud_cache_refresh" "release" {
  object_paths = ["example.com/index.html", "example.com/app.js"]
}
resource "alicloud_cache_refresh" "assets" {
  object_paths = ["example.com/assets/"]
  object_type  = "Directory"
}
`)
	applied.must("apply", "-auto-approve")
	exampleMustCalls(t, srv, "RefreshObjectCaches", 2)

	adopting := newExampleCLI(t, t.TempDir())
	writeExampleFile(t, filepath.Join(adopting.dir, "main.tf"), provider)
	example, err := os.ReadFile(filepath.Join(examplesDir(t), "list-resources", "alicloud_cache_refresh", "list-resource.tfquery.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	writeExampleFile(t, filepath.Join(adopting.dir, "list-resource.tfquery.hcl"), string(example))
	out := adopting.must("query", "-generate-config-out=generated.tf")
	if !strings.Contains(out, "example.com/assets/") {
		t.Fatalf("terraform query does not show the directory refresh:\n%s", out)
	}
	generated, err := os.ReadFile(filepath.Join(adopting.dir, "generated.tf"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"example.com/index.html"`, `"example.com/app.js"`, `"example.com/assets/"`, "identity", "task_id"} {
		if !strings.Contains(string(generated), want) {
			t.Fatalf("generated.tf lacks %s:\n%s", want, generated)
		}
	}
	out = adopting.must("apply", "-auto-approve")
	if !regexp.MustCompile(`Apply complete! Resources: 2 imported, 0 added`).MatchString(out) {
		t.Fatalf("the apply of the generated configuration does not import both refreshes:\n%s", out)
	}
	exampleMustCalls(t, srv, "RefreshObjectCaches", 2) // none sent again
	adopting.mustNotChange()
	state := adopting.must("state", "list")
	if n := strings.Count(state, "alicloud_cache_refresh."); n != 2 {
		t.Fatalf("state holds %d refreshes, want 2:\n%s", n, state)
	}
}

// skipBelowQuery skips unless the CLI is Terraform 1.14 or later, which
// has `terraform query`.
func skipBelowQuery(t *testing.T, c *exampleCLI) {
	t.Helper()
	out := c.must("version")
	m := regexp.MustCompile(`^Terraform v(\d+)\.(\d+)`).FindStringSubmatch(out)
	if m == nil {
		t.Skipf("terraform query needs Terraform 1.14 or later; the CLI is %s", strings.SplitN(out, "\n", 2)[0])
	}
	major, _ := strconv.Atoi(m[1])
	minor, _ := strconv.Atoi(m[2])
	if major == 1 && minor < 14 {
		t.Skipf("terraform query needs Terraform 1.14 or later; the CLI is %s", strings.SplitN(out, "\n", 2)[0])
	}
}
