package provider

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/purgeworks/terraform-provider-alicloud/internal/emulator"
)

// checkSent fails unless the emulator accepted exactly want calls of the
// action, the last of them carrying the given parameters.
func checkSent(srv *emulator.Server, action string, want int, params map[string]string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got := srv.Accepted(action)
		if len(got) != want {
			return fmt.Errorf("the emulator accepted %d %s calls, want %d: %s", len(got), action, want, describe(srv.Requests()))
		}
		last := got[len(got)-1]
		for k, v := range params {
			if last.Params[k] != v {
				return fmt.Errorf("%s sent %s=%q, want %q", action, k, last.Params[k], v)
			}
		}
		return nil
	}
}

// checkTaskIDs fails unless the state's task IDs are those the emulator
// handed out for the resource's paths.
func checkTaskIDs(srv *emulator.Server, name string, paths ...string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[name]
		if !ok {
			return fmt.Errorf("%s not in state", name)
		}
		attrs := rs.Primary.Attributes
		var want []string
		for _, task := range srv.Tasks() {
			if slices.Contains(paths, task.ObjectPath) && !slices.Contains(want, task.TaskID) {
				want = append(want, task.TaskID)
			}
		}
		if len(want) == 0 {
			return fmt.Errorf("the emulator has no task for %v", paths)
		}
		if got := attrs["task_id"]; got != strings.Join(want, ",") {
			return fmt.Errorf("task_id = %q, want %q", got, strings.Join(want, ","))
		}
		if attrs["task_ids.#"] != fmt.Sprint(len(want)) {
			return fmt.Errorf("task_ids has %s elements, want %d", attrs["task_ids.#"], len(want))
		}
		if got := attrs["id"]; got != attrs["service"]+":"+attrs["task_id"] {
			return fmt.Errorf("id = %q, want SERVICE:TASK_ID", got)
		}
		return nil
	}
}

func TestAccCacheRefresh_eachService(t *testing.T) {
	tests := []struct {
		name   string
		action string
		config string
		paths  []string
		params map[string]string
	}{
		{
			name:   "cdn File",
			action: "RefreshObjectCaches",
			config: `object_paths = ["example.com/b.js", "https://example.com/a.css", "http://static.example.com/c.png"]`,
			paths:  []string{"example.com/b.js", "https://example.com/a.css", "http://static.example.com/c.png"},
			params: map[string]string{
				"ObjectPath": "example.com/b.js\nhttps://example.com/a.css\nhttp://static.example.com/c.png",
				"ObjectType": "File", "Force": "false", "Version": "2018-05-10",
			},
		},
		{
			name:   "cdn Directory forced",
			action: "RefreshObjectCaches",
			config: `
object_type  = "Directory"
force        = true
object_paths = ["example.com/static/"]`,
			paths: []string{"example.com/static/"},
			// The SDK's CDN struct has no Force: it must still be sent.
			params: map[string]string{"ObjectPath": "example.com/static/", "ObjectType": "Directory", "Force": "true"},
		},
		{
			name:   "cdn Regex",
			action: "RefreshObjectCaches",
			config: `
object_type  = "Regex"
object_paths = ["example.com/img/.*\\.png"]`,
			paths:  []string{`example.com/img/.*\.png`},
			params: map[string]string{"ObjectPath": `example.com/img/.*\.png`, "ObjectType": "Regex"},
		},
		{
			name:   "dcdn Directory forced",
			action: "RefreshDcdnObjectCaches",
			config: `
service      = "dcdn"
object_type  = "Directory"
force        = true
object_paths = ["example.com/static/", "example.com/img/"]`,
			paths:  []string{"example.com/static/", "example.com/img/"},
			params: map[string]string{"ObjectPath": "example.com/static/\nexample.com/img/", "ObjectType": "Directory", "Force": "true", "Version": "2018-01-15"},
		},
		{
			name:   "vod IgnoreParams",
			action: "RefreshVodObjectCaches",
			config: `
service      = "vod"
object_type  = "IgnoreParams"
object_paths = ["video.example.com/v/1.m3u8"]`,
			paths:  []string{"video.example.com/v/1.m3u8"},
			params: map[string]string{"ObjectPath": "video.example.com/v/1.m3u8", "ObjectType": "IgnoreParams", "Force": "false", "Version": "2017-03-21"},
		},
		{
			name:   "edge_routine",
			action: "RefreshErObjectCaches",
			config: `
service            = "edge_routine"
routine_id         = "myroutine.mysubdomain"
merge_domain_names = ["a.example.com", "b.example.com"]
object_paths       = ["er.example.com/api/a", "er.example.com/api/b"]`,
			paths: []string{"er.example.com/api/a", "er.example.com/api/b"},
			params: map[string]string{
				"ObjectPath": "er.example.com/api/a\ner.example.com/api/b", "ObjectType": "File", "Force": "false",
				"RoutineId": "myroutine.mysubdomain", "MergeDomainName": "a.example.com,b.example.com", "Version": "2018-01-15",
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := startEmulator(t)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: providerBlock(srv) + `resource "alicloud_cache_refresh" "this" {` + "\n" + tc.config + "\n}",
					Check: resource.ComposeAggregateTestCheckFunc(
						checkSent(srv, tc.action, 1, tc.params),
						expectRefreshes(srv, 1),
						checkTaskIDs(srv, "alicloud_cache_refresh.this", tc.paths...),
					),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("alicloud_cache_refresh.this", tfjsonpath.New("task_id"), knownvalue.StringRegexp(regexp.MustCompile(`^\d+(,\d+)*$`))),
						statecheck.ExpectKnownValue("alicloud_cache_refresh.this", tfjsonpath.New("request_id"), knownvalue.StringRegexp(regexp.MustCompile(`.+`))),
					},
				}},
				// Destroy purges nothing: a purge cannot be undone.
				CheckDestroy: expectRefreshes(srv, 1),
			})
		})
	}
}

func TestAccCacheRefresh_lifecycle(t *testing.T) {
	srv := startEmulator(t)
	config := func(trigger string) string {
		return providerBlock(srv) + fmt.Sprintf(`
resource "alicloud_cache_refresh" "release" {
  object_paths     = ["example.com/index.html"]
  triggers_replace = { version = %q }
}`, trigger)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config("1.0.0"),
				Check:  checkSent(srv, "RefreshObjectCaches", 1, nil),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("alicloud_cache_refresh.release", tfjsonpath.New("service"), knownvalue.StringExact("cdn")),
					statecheck.ExpectKnownValue("alicloud_cache_refresh.release", tfjsonpath.New("object_type"), knownvalue.StringExact("File")),
					statecheck.ExpectKnownValue("alicloud_cache_refresh.release", tfjsonpath.New("force"), knownvalue.Bool(false)),
				},
			},
			{
				// The same configuration plans nothing and sends nothing:
				// a refresh of Read would purge on every plan.
				Config: config("1.0.0"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: expectRefreshes(srv, 1),
			},
			{
				// A new release replaces the resource and refreshes again.
				Config: config("1.0.1"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("alicloud_cache_refresh.release", plancheck.ResourceActionReplace)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkSent(srv, "RefreshObjectCaches", 2, map[string]string{"ObjectPath": "example.com/index.html"}),
					expectRefreshes(srv, 2),
				),
			},
			{
				// Any input change replaces it too.
				Config: providerBlock(srv) + `
resource "alicloud_cache_refresh" "release" {
  object_paths     = ["example.com/index.html", "example.com/app.js"]
  triggers_replace = { version = "1.0.1" }
}`,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("alicloud_cache_refresh.release", plancheck.ResourceActionReplace)},
				},
				Check: checkSent(srv, "RefreshObjectCaches", 3, map[string]string{"ObjectPath": "example.com/index.html\nexample.com/app.js"}),
			},
		},
		CheckDestroy: expectRefreshes(srv, 3),
	})
}

// TestAccCacheRefresh_pathsUnknownAtPlan: paths that come from another
// resource are checked at apply, before anything is sent.
func TestAccCacheRefresh_pathsUnknownAtPlan(t *testing.T) {
	srv := startEmulator(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + `
resource "alicloud_cache_refresh" "first" {
  object_paths = ["example.com/first.js"]
}
resource "alicloud_cache_refresh" "second" {
  object_paths = ["example.com/after-${alicloud_cache_refresh.first.task_id}.js"]
}`,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectUnknownValue("alicloud_cache_refresh.second", tfjsonpath.New("object_paths").AtSliceIndex(0))},
			},
			Check: checkSent(srv, "RefreshObjectCaches", 2, map[string]string{"ObjectPath": "example.com/after-20000000001.js"}),
		}},
	})

	// Invalid once known (a directory without its trailing slash): the
	// plan passes, the apply fails before the call.
	srv = startEmulator(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + `
resource "alicloud_cache_refresh" "first" {
  object_paths = ["example.com/first.js"]
}
resource "alicloud_cache_refresh" "dir" {
  object_type  = "Directory"
  object_paths = ["example.com/dir-${alicloud_cache_refresh.first.task_id}"]
}`,
			ExpectError: expectError(`object_paths\[0\]: a Directory path must end with "/"; write "example.com/dir-\d+/"`),
		}},
	})
	if reqs := srv.Requests(); len(reqs) != 1 || reqs[0].Params["ObjectPath"] != "example.com/first.js" {
		t.Fatalf("want only the first resource's refresh, got %s", describe(reqs))
	}
}

func TestAccCacheRefresh_apiError(t *testing.T) {
	// The emulator knows only example.com: other domains are not yours.
	srv := startEmulator(t, "example.com")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + `
resource "alicloud_cache_refresh" "x" {
  service      = "dcdn"
  object_paths = ["someone-else.com/a.js"]
}`,
			ExpectError: expectError(`Alibaba Cloud refused the refresh.*RefreshDcdnObjectCaches: InvalidDomain.NotFound.*RequestId.*accelerated domain of this account`),
		}},
	})
	if reqs := srv.Requests(); len(reqs) != 1 || reqs[0].Code != "InvalidDomain.NotFound" {
		t.Fatalf("want exactly one refused call, got %s", describe(reqs))
	}
}

// TestAccCacheRefresh_everyServiceAndType applies all sixteen combinations
// of service and object type in one configuration.
func TestAccCacheRefresh_everyServiceAndType(t *testing.T) {
	srv := startEmulator(t)
	services := map[string]string{"cdn": "RefreshObjectCaches", "dcdn": "RefreshDcdnObjectCaches", "vod": "RefreshVodObjectCaches", "edge_routine": "RefreshErObjectCaches"}
	paths := map[string]string{"File": "%s.example.com/a.js", "Directory": "%s.example.com/assets/", "Regex": `%s.example.com/img/.*\\.png`, "IgnoreParams": "%s.example.com/a.js"}
	config := providerBlock(srv)
	for svc := range services {
		for typ, path := range paths {
			domain := strings.ReplaceAll(svc, "_", "-") + "-" + strings.ToLower(typ)
			config += fmt.Sprintf(`
resource "alicloud_cache_refresh" "%s_%s" {
  service      = %q
  object_type  = %q
  object_paths = [%q]
  routine_id   = %s
}
`, svc, typ, svc, typ, fmt.Sprintf(path, domain), map[bool]string{true: `"r.sub"`, false: "null"}[svc == "edge_routine"])
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			Check: func(*terraform.State) error {
				for svc, action := range services {
					sent := srv.Accepted(action)
					var types []string
					for _, r := range sent {
						types = append(types, r.Params["ObjectType"])
					}
					slices.Sort(types)
					if fmt.Sprint(types) != "[Directory File IgnoreParams Regex]" {
						return fmt.Errorf("%s: the emulator accepted object types %v, want one of each", svc, types)
					}
				}
				return expectRefreshes(srv, 16)(nil)
			},
		}},
	})
}
