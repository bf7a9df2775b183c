package provider

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/purgeworks/terraform-provider-alicloud/internal/emulator"
)

// manyRefreshes is n alicloud_cache_refresh resources, one domain each.
func manyRefreshes(n int, wait bool) string {
	return fmt.Sprintf(`
resource "alicloud_cache_refresh" "site" {
  count               = %d
  object_paths        = ["site${count.index}.example.com/index.html"]
  wait_for_completion = %v
}
`, n, wait)
}

// expectNoRequests fails unless the emulator received no request since
// its log was last emptied.
func expectNoRequests(srv *emulator.Server) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if reqs := srv.Requests(); len(reqs) != 0 {
			return fmt.Errorf("the emulator received %d requests, want none: %s", len(reqs), describe(reqs))
		}
		return nil
	}
}

// expectLookups fails unless the emulator received between 1 and most
// by-ID look-ups, every one accepted.
func expectLookups(srv *emulator.Server, most int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		all, accepted := 0, len(srv.Accepted("DescribeRefreshTaskById"))
		for _, r := range srv.Requests() {
			if r.Action == "DescribeRefreshTaskById" {
				all++
			}
		}
		if all != accepted || accepted == 0 || accepted > most {
			return fmt.Errorf("%d look-ups, %d accepted; want 1 to %d, none refused", all, accepted, most)
		}
		return nil
	}
}

// TestAccCacheRefresh_planOfFinishedRefreshesCallsNothing: a status that
// is Complete never changes, so plans after the apply look nothing up.
func TestAccCacheRefresh_planOfFinishedRefreshesCallsNothing(t *testing.T) {
	srv := startEmulatorWith(t, emulator.Options{TaskDuration: time.Millisecond})
	config := providerBlock(srv) + manyRefreshes(20, true)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				Check:  resource.TestCheckResourceAttr("alicloud_cache_refresh.site.19", "status", "Complete"),
			},
			{
				PreConfig: srv.ResetRequests,
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: expectNoRequests(srv),
			},
		},
	})
}

// TestAccCacheRefresh_manyWaitsShareLookups: 20 resources waiting in one
// apply (10 at a time, Terraform's default) share the poller's look-ups,
// ten task IDs a call, and the pacer keeps every call within the rate
// however Alibaba counts its seconds.
func TestAccCacheRefresh_manyWaitsShareLookups(t *testing.T) {
	for _, sliding := range []bool{false, true} {
		t.Run(fmt.Sprintf("sliding=%v", sliding), func(t *testing.T) {
			srv := startEmulatorWith(t, emulator.Options{TaskDuration: time.Millisecond, SlidingSecond: sliding})
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: providerBlock(srv) + manyRefreshes(20, true),
					Check: resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckResourceAttr("alicloud_cache_refresh.site.0", "status", "Complete"),
						resource.TestCheckResourceAttr("alicloud_cache_refresh.site.19", "status", "Complete"),
						expectRefreshes(srv, 20),
						// Two waves of ten, a round each; each resource
						// looking up alone made 20.
						expectLookups(srv, 6),
					),
				}},
			})
		})
	}
}

// waitForAll is an alicloud_cache_refresh_wait on every refresh of
// manyRefreshes.
const waitForAll = `
resource "alicloud_cache_refresh_wait" "all" {
  task_ids     = flatten(alicloud_cache_refresh.site[*].task_ids)
  object_paths = flatten(alicloud_cache_refresh.site[*].object_paths)
  timeouts = {
    create = "%s"
  }
}
`

// TestAccCacheRefreshWait_waitsForMany: refreshes that do not wait, and
// one wait for them all; the next plan calls nothing.
func TestAccCacheRefreshWait_waitsForMany(t *testing.T) {
	srv := startEmulatorWith(t, emulator.Options{TaskDuration: 3 * time.Second})
	config := providerBlock(srv) + manyRefreshes(20, false) + fmt.Sprintf(waitForAll, "1m")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("alicloud_cache_refresh_wait.all", tfjsonpath.New("status"), knownvalue.StringExact("Complete")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					expectRefreshes(srv, 20),
					func(*terraform.State) error {
						tasks := srv.Tasks()
						for _, task := range tasks {
							if task.Status != "Complete" {
								return fmt.Errorf("task %s of %s is %s once the wait ended", task.TaskID, task.ObjectPath, task.Status)
							}
						}
						if len(tasks) != 20 {
							return fmt.Errorf("%d tasks, want 20", len(tasks))
						}
						return nil
					},
					// Two IDs' worth of calls a round, a round at 1 s
					// and 3 s; the refreshes' own Reads may add a round.
					expectLookups(srv, 8),
				),
			},
			{
				// The refreshes' Reads see Complete once; after that, no
				// plan calls anything.
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				PreConfig: srv.ResetRequests,
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: expectNoRequests(srv),
			},
		},
	})
}

// TestAccCacheRefreshWait_failedPathThenRerun: a failed path fails the
// wait, naming the path; only the wait is tainted, and the rerun waits
// again without purging anything; a refresh-only run purges nothing.
func TestAccCacheRefreshWait_failedPathThenRerun(t *testing.T) {
	srv := startEmulatorWith(t, emulator.Options{TaskDuration: time.Second, FailPaths: []string{"site1.example.com/index.html"}})
	config := providerBlock(srv) + manyRefreshes(3, false) + fmt.Sprintf(waitForAll, "1m")
	failed := expectError(`The refreshes failed.*purging nothing.*site1.example.com/index.html \(task`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config, ExpectError: failed},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("alicloud_cache_refresh_wait.all", plancheck.ResourceActionReplace),
						plancheck.ExpectResourceAction("alicloud_cache_refresh.site[1]", plancheck.ResourceActionNoop),
					},
				},
				ExpectError: failed,
			},
			// The wait stays tainted, to be replaced by the next apply.
			{RefreshState: true, ExpectNonEmptyPlan: true, Check: expectRefreshes(srv, 3)},
		},
	})
}

// TestAccCacheRefreshWait_replacingTheFailedRefresh: once the origin is
// fixed, replacing the refresh whose path failed (a new triggers_replace)
// purges that path alone again, and the wait, given new task IDs, waits for
// them and succeeds.
func TestAccCacheRefreshWait_replacingTheFailedRefresh(t *testing.T) {
	srv := startEmulatorWith(t, emulator.Options{TaskDuration: time.Second, FailPaths: []string{"site1.example.com/index.html"}})
	config := func(release string) string {
		return providerBlock(srv) + fmt.Sprintf(`
resource "alicloud_cache_refresh" "site" {
  count            = 3
  object_paths     = ["site${count.index}.example.com/index.html"]
  triggers_replace = count.index == 1 ? %q : "1"
}
`, release) + fmt.Sprintf(waitForAll, "1m")
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config("1"), ExpectError: expectError(`The refreshes failed.*site1.example.com/index.html \(task`)},
			{
				PreConfig: srv.ClearFailPaths,
				Config:    config("2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("alicloud_cache_refresh.site[1]", plancheck.ResourceActionReplace),
						plancheck.ExpectResourceAction("alicloud_cache_refresh.site[0]", plancheck.ResourceActionNoop),
						plancheck.ExpectResourceAction("alicloud_cache_refresh_wait.all", plancheck.ResourceActionReplace),
					},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("alicloud_cache_refresh_wait.all", "status", "Complete"),
					expectRefreshes(srv, 4),
				),
			},
		},
	})
}

// TestAccCacheRefreshWait_timeoutThenRerun: a wait cut short fails the
// apply; the next apply waits for the same tasks and purges nothing.
func TestAccCacheRefreshWait_timeoutThenRerun(t *testing.T) {
	clock := emulator.NewManualClock(time.Now().UTC())
	srv := startEmulatorWith(t, emulator.Options{Clock: clock, TaskDuration: time.Hour})
	config := providerBlock(srv) + manyRefreshes(3, false)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config + fmt.Sprintf(waitForAll, "2s"), ExpectError: expectError(`Timed out waiting for the refreshes.*purges nothing`)},
			{
				PreConfig: func() { clock.Advance(2 * time.Hour) },
				Config:    config + fmt.Sprintf(waitForAll, "1m"),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("alicloud_cache_refresh_wait.all", "status", "Complete"),
					resource.TestCheckResourceAttr("alicloud_cache_refresh.site.0", "status", "Complete"),
					expectRefreshes(srv, 3),
				),
			},
		},
	})
}

// TestAccCacheRefreshWait_taskNotInHistory: a task ID Alibaba does not
// report (older than its three days of history) times the wait out, and
// the error names it and says to leave it out, rather than to wait again.
func TestAccCacheRefreshWait_taskNotInHistory(t *testing.T) {
	srv := startEmulator(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + `
resource "alicloud_cache_refresh_wait" "old" {
  task_ids = ["704222901"]
  timeouts = {
    create = "3s"
  }
}`,
			// This resource has no wait_for_completion to advise.
			ExpectError: expectError(`Timed out waiting for the refreshes.*Raise timeouts.create\. The next apply.*reported nothing of task 704222901.*three days.*leave it out of task_ids`),
		}},
	})
	if err := expectRefreshes(srv, 0)(nil); err != nil {
		t.Fatal(err)
	}
}

func TestAccCacheRefreshWait_badTaskID(t *testing.T) {
	srv := startEmulator(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + `
resource "alicloud_cache_refresh_wait" "all" {
  task_ids = ["704222901", "cdn:704222902"]
}`,
			ExpectError: expectError(`task_ids\[1\].*"cdn:704222902" is not a task ID.*task_ids of alicloud_cache_refresh`),
		}},
	})
	assertNothingSent(t, srv)
}
