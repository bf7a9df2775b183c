package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/purgeworks/terraform-provider-alicloud/internal/emulator"
)

// The tests here run against the emulator both as it reports paths by
// default (as sent) and with Options.ReportScheme (a path sent without a
// scheme reported as http://…): no Alibaba document says which it does.
var reportingModes = []struct {
	name         string
	reportScheme bool
}{{"as sent", false}, {"with http:// added", true}}

// sentPaths is every ObjectPath line the emulator accepted for action, in
// order: what went over the wire.
func sentPaths(srv *emulator.Server, action string) []string {
	var paths []string
	for _, r := range srv.Accepted(action) {
		paths = append(paths, strings.Split(r.Params["ObjectPath"], "\n")...)
	}
	return paths
}

// checkSentPaths fails unless the emulator accepted exactly these paths for
// action, each once, in this order.
func checkSentPaths(srv *emulator.Server, action string, want ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := sentPaths(srv, action); !slices.Equal(got, want) {
			return fmt.Errorf("%s sent %q, want %q", action, got, want)
		}
		return nil
	}
}

// expectNotReplaced fails the plan if it replaces (or creates) the
// resource: a purge would be sent. An update that calls nothing, or no
// change, passes.
func expectNotReplaced(addr string) plancheck.PlanCheck { return notReplaced{addr} }

type notReplaced struct{ addr string }

func (c notReplaced) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address == c.addr && rc.Change.Actions.Create() || rc.Address == c.addr && rc.Change.Actions.Replace() {
			resp.Error = fmt.Errorf("%s is planned %v: it would purge again", c.addr, rc.Change.Actions)
		}
	}
}

// TestAccCacheRefresh_mergedTaskFollowsOwnPaths: two resources applied
// together on one domain share one task ID (as Alibaba merges a domain's
// URL refreshes of one second). The other resource's path fails: that one
// fails and is tainted; this one completes, stays, and the next apply
// purges only the failed one again.
func TestAccCacheRefresh_mergedTaskFollowsOwnPaths(t *testing.T) {
	for _, mode := range reportingModes {
		t.Run(mode.name, func(t *testing.T) {
			srv := startEmulatorWith(t, emulator.Options{
				TaskDuration: time.Second, MergeWindow: time.Minute, ReportScheme: mode.reportScheme,
				FailPaths: []string{"example.com/theirs.js"},
			})
			config := providerBlock(srv) + `
resource "alicloud_cache_refresh" "mine" {
  object_paths        = ["example.com/mine.js", "example.com/图片.png"]
  wait_for_completion = true
}
resource "alicloud_cache_refresh" "theirs" {
  object_paths        = ["example.com/theirs.js"]
  wait_for_completion = true
}`
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{
					{
						Config:      config,
						ExpectError: expectError(`The refresh failed.*example.com/theirs.js \(task \d+\): Origin Return StatusCode 5XX`),
					},
					{
						RefreshState:       true,
						ExpectNonEmptyPlan: true,
						Check: func(s *terraform.State) error {
							mine := s.RootModule().Resources["alicloud_cache_refresh.mine"].Primary
							theirs := s.RootModule().Resources["alicloud_cache_refresh.theirs"].Primary
							switch {
							case mine.Attributes["task_id"] != theirs.Attributes["task_id"]:
								return fmt.Errorf("task IDs %s and %s: not merged, the test proves nothing", mine.Attributes["task_id"], theirs.Attributes["task_id"])
							case mine.Tainted || mine.Attributes["status"] != "Complete":
								return fmt.Errorf("mine: tainted %v, status %s; want a Complete resource", mine.Tainted, mine.Attributes["status"])
							case !theirs.Tainted || theirs.Attributes["status"] != "Failed":
								return fmt.Errorf("theirs: tainted %v, status %s; want a Failed, tainted resource", theirs.Tainted, theirs.Attributes["status"])
							}
							return expectRefreshes(srv, 2)(s)
						},
					},
					{
						// The origin is fixed: only the failed resource purges again.
						// (Back to Alibaba's one-second merging: the new task is
						// not the old one, whose failed entry stays.)
						PreConfig: func() {
							srv.ClearFailPaths()
							srv.SetMergeWindow(0)
						},
						Config: config,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{
								plancheck.ExpectResourceAction("alicloud_cache_refresh.mine", plancheck.ResourceActionNoop),
								plancheck.ExpectResourceAction("alicloud_cache_refresh.theirs", plancheck.ResourceActionDestroyBeforeCreate),
							},
						},
						Check: resource.ComposeAggregateTestCheckFunc(
							resource.TestCheckResourceAttr("alicloud_cache_refresh.theirs", "status", "Complete"),
							func(*terraform.State) error {
								sent := sentPaths(srv, "RefreshObjectCaches")
								slices.Sort(sent)
								want := []string{"example.com/%E5%9B%BE%E7%89%87.png", "example.com/mine.js", "example.com/theirs.js", "example.com/theirs.js"}
								if !slices.Equal(sent, want) {
									return fmt.Errorf("purged %q, want %q", sent, want)
								}
								return nil
							},
						),
					},
				},
			})
		})
	}
}

// TestAccCacheRefresh_importMergedTask: importing one of two resources by
// the task ID it shares with the other takes the configuration's paths,
// which are among the task's, and purges nothing.
func TestAccCacheRefresh_importMergedTask(t *testing.T) {
	for _, mode := range reportingModes {
		t.Run(mode.name, func(t *testing.T) {
			srv := startEmulatorWith(t, emulator.Options{MergeWindow: time.Minute, ReportScheme: mode.reportScheme})
			mine := `
resource "alicloud_cache_refresh" "mine" {
  object_paths = ["example.com/release notes.html", "example.com/图片.png"]
}`
			theirs := `
resource "alicloud_cache_refresh" "theirs" {
  object_paths = ["example.com/theirs.js"]
}`
			config := providerBlock(srv) + mine + theirs
			var taskID string
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{
					{
						Config: config,
						Check: func(s *terraform.State) error {
							taskID = s.RootModule().Resources["alicloud_cache_refresh.mine"].Primary.Attributes["task_id"]
							if other := s.RootModule().Resources["alicloud_cache_refresh.theirs"].Primary.Attributes["task_id"]; other != taskID {
								return fmt.Errorf("task IDs %s and %s: not merged, the test proves nothing", taskID, other)
							}
							return nil
						},
					},
					// Forget mine (destroying calls nothing), then import it back.
					{Config: providerBlock(srv) + theirs},
					{
						Config:             config,
						ResourceName:       "alicloud_cache_refresh.mine",
						ImportState:        true,
						ImportStatePersist: true,
						ImportStateIdFunc:  func(*terraform.State) (string, error) { return "cdn:" + taskID, nil },
						ImportStateCheck: func(states []*terraform.InstanceState) error {
							// The state holds theirs as well; the import is the one
							// with the merged task's three paths.
							for _, s := range states {
								if s.Attributes["object_paths.#"] == "3" {
									return nil
								}
							}
							return fmt.Errorf("no resource imported with the merged task's 3 paths")
						},
					},
					{
						Config: config,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{expectNotReplaced("alicloud_cache_refresh.mine")},
						},
						Check: resource.ComposeAggregateTestCheckFunc(
							expectRefreshes(srv, 2), // those of the first step
							resource.TestCheckResourceAttr("alicloud_cache_refresh.mine", "object_paths.#", "2"),
							resource.TestCheckResourceAttr("alicloud_cache_refresh.mine", "object_paths.0", "example.com/release notes.html"),
							resource.TestCheckResourceAttrWith("alicloud_cache_refresh.mine", "task_id", func(v string) error {
								if v != taskID {
									return fmt.Errorf("task_id %s, want the imported %s", v, taskID)
								}
								return nil
							}),
						),
					},
					{
						Config: config,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
					},
					{
						// Adopted: paths among the old ones no longer pass for
						// the same; a change of paths, even to fewer, refreshes.
						Config: providerBlock(srv) + strings.Replace(mine, `, "example.com/图片.png"`, "", 1) + theirs,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("alicloud_cache_refresh.mine", plancheck.ResourceActionReplace)},
						},
						Check: resource.ComposeAggregateTestCheckFunc(
							expectRefreshes(srv, 3),
							resource.TestCheckResourceAttr("alicloud_cache_refresh.mine", "object_paths.#", "1"),
						),
					},
				},
			})
		})
	}
}

// TestAccCacheRefresh_lostAnswerFoundByTarget: the connection is dropped
// after Alibaba carried the refresh out. The provider finds the call in the
// task list, however the list spells the paths, and does not send it again.
func TestAccCacheRefresh_lostAnswerFoundByTarget(t *testing.T) {
	for _, mode := range reportingModes {
		t.Run(mode.name, func(t *testing.T) {
			srv := startEmulatorWith(t, emulator.Options{ReportScheme: mode.reportScheme})
			srv.InjectFault(emulator.Fault{Kind: emulator.FaultDrop, AfterProcessing: true, Actions: []string{"RefreshObjectCaches"}})
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: providerBlock(srv) + `
resource "alicloud_cache_refresh" "this" {
  object_paths = ["Example.com/a.js", "example.com/新闻/今天.html"]
}`,
					Check: resource.ComposeAggregateTestCheckFunc(
						checkSentPaths(srv, "RefreshObjectCaches", "Example.com/a.js", "example.com/%E6%96%B0%E9%97%BB/%E4%BB%8A%E5%A4%A9.html"),
						func(s *terraform.State) error {
							if reqs := srv.Requests(); !reqs[0].Dropped {
								return fmt.Errorf("the first call was not dropped: %s", describe(reqs))
							}
							tasks := srv.Tasks()
							if got := s.RootModule().Resources["alicloud_cache_refresh.this"].Primary.Attributes["task_id"]; len(tasks) == 0 || got != tasks[0].TaskID {
								return fmt.Errorf("task_id %q, want the landed call's", got)
							}
							return nil
						},
					),
				}},
			})
		})
	}
}

// TestAccCacheRefresh_pathsSentEncoded: non-ASCII characters and spaces go
// over the wire percent-encoded, a path written encoded is not encoded
// twice, a stray "%" in a path written raw goes as %25 (a valid URL), state
// keeps what the user wrote, and the next plan is empty.
func TestAccCacheRefresh_pathsSentEncoded(t *testing.T) {
	for _, mode := range reportingModes {
		t.Run(mode.name, func(t *testing.T) {
			srv := startEmulatorWith(t, emulator.Options{TaskDuration: time.Second, ReportScheme: mode.reportScheme})
			config := providerBlock(srv) + `
resource "alicloud_cache_refresh" "this" {
  object_paths        = ["example.com/图片/猫.png", "example.com/release notes.html", "example.com/%E5%B7%B2%E7%BC%96%E7%A0%81.png", "https://example.com/a b/c.js?q=x y", "example.com/100% off.html"]
  wait_for_completion = true
}
# The task list filtered by the path as written finds its task.
data "alicloud_cache_refresh_tasks" "cat" {
  object_path = "example.com/图片/猫.png"
  depends_on  = [alicloud_cache_refresh.this]
}`
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{
					{
						Config: config,
						Check: resource.ComposeAggregateTestCheckFunc(
							resource.TestCheckResourceAttr("data.alicloud_cache_refresh_tasks.cat", "tasks.#", "1"),
							checkSentPaths(srv, "RefreshObjectCaches",
								"example.com/%E5%9B%BE%E7%89%87/%E7%8C%AB.png", "example.com/release%20notes.html",
								"example.com/%E5%B7%B2%E7%BC%96%E7%A0%81.png", "https://example.com/a%20b/c.js?q=x%20y",
								"example.com/100%25%20off.html"), // a "%" starting no escape is the name's own
							resource.TestCheckResourceAttr("alicloud_cache_refresh.this", "object_paths.0", "example.com/图片/猫.png"),
							resource.TestCheckResourceAttr("alicloud_cache_refresh.this", "object_paths.1", "example.com/release notes.html"),
							resource.TestCheckResourceAttr("alicloud_cache_refresh.this", "status", "Complete"),
						),
					},
					{
						Config: config,
						ConfigPlanChecks: resource.ConfigPlanChecks{
							PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
						},
						Check: expectRefreshes(srv, 1),
					},
				},
			})
		})
	}
}

// TestAccCacheRefresh_pathCharactersRefusedAtPlan: what no URL carries is
// still refused at plan, naming the element, and nothing is sent.
func TestAccCacheRefresh_pathCharactersRefusedAtPlan(t *testing.T) {
	srv := startEmulator(t)
	var steps []resource.TestStep
	for paths, want := range map[string]string{
		`["example.com/a.js", "example.com/a\tb.js"]`: `object_paths\[1\].*holds "\\t" at byte 13, which no URL carries; remove it`,
		`["example.com/release notes.html "]`:         `object_paths\[0\].*leading or trailing white space`,
		`["example.com/a\u00a0b.js"]`:                 `holds "\\u00a0"`,
		`["example.com/图片/.*"]
  object_type  = "Regex"`: `Regex path.*write them encoded, for example "example.com/%E5%9B%BE%E7%89%87/.\*"`,
	} {
		steps = append(steps, resource.TestStep{
			Config:      providerBlock(srv) + "resource \"alicloud_cache_refresh\" \"this\" {\n  object_paths = " + paths + "\n}",
			ExpectError: expectError(want),
			PlanOnly:    true,
		})
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: protoV6ProviderFactories, Steps: steps})
	assertNothingSent(t, srv)
}

// TestAccCacheRefresh_regexChangeRefreshes: a Regex path is a pattern
// matched against encoded URLs, so its text is what it purges: correcting
// "%e5" to "%E5" (Alibaba's URLs carry upper-case hex) or "%2E" to "."
// (any character) purges other objects, and replaces the resource.
func TestAccCacheRefresh_regexChangeRefreshes(t *testing.T) {
	srv := startEmulator(t)
	config := func(pattern string) string {
		return providerBlock(srv) + fmt.Sprintf(`
resource "alicloud_cache_refresh" "this" {
  object_paths = [%q]
  object_type  = "Regex"
}`, pattern)
	}
	replaces := func(pattern string, sent int) resource.TestStep {
		return resource.TestStep{
			Config: config(pattern),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("alicloud_cache_refresh.this", plancheck.ResourceActionReplace)},
			},
			Check: expectRefreshes(srv, sent),
		}
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config("example.com/img/%e5%9b%be.*"), Check: expectRefreshes(srv, 1)},
			replaces("example.com/img/%E5%9B%BE.*", 2),
			replaces("example.com/img/a%2Ejs", 3),
			replaces("example.com/img/a.js", 4),
			{
				// The scheme and the domain's case are not the pattern's.
				Config: config("http://Example.com/img/a.js"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{expectNotReplaced("alicloud_cache_refresh.this")},
				},
				Check: expectRefreshes(srv, 4),
			},
		},
	})
}
