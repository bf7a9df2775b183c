package provider

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/purgeworks/terraform-provider-alicloud/internal/emulator"
)

// unwaitedConfig waits for a refresh within timeout; without one it does
// not wait.
func unwaitedConfig(srv *emulator.Server, trigger, timeout string) string {
	wait := ""
	if timeout != "" {
		wait = fmt.Sprintf(`
  wait_for_completion = true
  timeouts = {
    create = %q
  }`, timeout)
	}
	return providerBlock(srv) + fmt.Sprintf(`
resource "alicloud_cache_refresh" "this" {
  object_paths     = ["example.com/app.js", "example.com/app.css"]
  triggers_replace = %q%s
}`, trigger, wait)
}

// expectTaskOfFirstPurge fails unless the resource keeps the task ID of the
// one purge the emulator accepted.
func expectTaskOfFirstPurge(srv *emulator.Server) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		tasks := srv.Tasks()
		if len(tasks) == 0 {
			return fmt.Errorf("the emulator has no task")
		}
		return resource.TestCheckResourceAttr("alicloud_cache_refresh.this", "task_id", tasks[0].TaskID)(s)
	}
}

// TestAccCacheRefresh_waitCutShortIsNotSentAgain: timeouts.create runs out
// while the tasks are still Refreshing; the apply fails and the resource is
// tainted, but the next applies wait for the same tasks instead of purging
// again, until a new trigger purges.
func TestAccCacheRefresh_waitCutShortIsNotSentAgain(t *testing.T) {
	// The emulator's tasks end only when the test moves its clock.
	clock := emulator.NewManualClock(time.Now().UTC())
	srv := startEmulatorWith(t, emulator.Options{Clock: clock, TaskDuration: 10 * time.Minute})
	timedOut := expectError(`Timed out waiting for the refresh.*still Refreshing.*The next apply waits for these tasks instead of refreshing again`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: unwaitedConfig(srv, "v1", "2s"), ExpectError: timedOut},
			{
				// Tainted: Terraform plans a replacement, which waits for
				// the same tasks, and runs out of time again.
				Config: unwaitedConfig(srv, "v1", "2s"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("alicloud_cache_refresh.this", plancheck.ResourceActionReplace)},
				},
				ExpectError: timedOut,
			},
			{
				PreConfig: func() {
					if err := expectRefreshes(srv, 1)(nil); err != nil {
						t.Fatal(err)
					}
					clock.Advance(11 * time.Minute)
				},
				Config: unwaitedConfig(srv, "v1", "1m"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("alicloud_cache_refresh.this", plancheck.ResourceActionReplace)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					expectRefreshes(srv, 1),
					expectTaskOfFirstPurge(srv),
					resource.TestCheckResourceAttr("alicloud_cache_refresh.this", "status", "Complete"),
				),
			},
			{
				// A new trigger purges again.
				Config: unwaitedConfig(srv, "v2", ""),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("alicloud_cache_refresh.this", plancheck.ResourceActionReplace)},
				},
				Check: expectRefreshes(srv, 2),
			},
		},
	})
}

// TestAccCacheRefresh_waitCutShortThenAgedOut: four days after a wait cut
// short, Alibaba no longer keeps the tasks; the replacement neither purges
// again nor waits for tasks that will never be reported.
func TestAccCacheRefresh_waitCutShortThenAgedOut(t *testing.T) {
	clock := emulator.NewManualClock(time.Now().UTC())
	srv := startEmulatorWith(t, emulator.Options{Clock: clock, TaskDuration: 10 * time.Minute})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      unwaitedConfig(srv, "v1", "2s"),
				ExpectError: expectError(`Timed out waiting for the refresh`),
			},
			{
				PreConfig: func() { clock.Advance(96 * time.Hour) },
				Config:    unwaitedConfig(srv, "v1", "1m"),
				Check: resource.ComposeAggregateTestCheckFunc(
					expectRefreshes(srv, 1),
					// The last status Read saw before the tasks aged out.
					resource.TestCheckResourceAttr("alicloud_cache_refresh.this", "status", "Refreshing"),
				),
			},
		},
	})
}

// TestAccCacheRefresh_taintedByHandRefreshesAgain: only a wait cut short
// hands its tasks over; a resource tainted by hand (terraform taint) after
// a complete wait refreshes again when replaced.
func TestAccCacheRefresh_taintedByHandRefreshesAgain(t *testing.T) {
	srv := startEmulatorWith(t, emulator.Options{TaskDuration: time.Second})
	config := unwaitedConfig(srv, "v1", "1m")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config, Check: expectRefreshes(srv, 1)},
			{
				Config: config,
				Taint:  []string{"alicloud_cache_refresh.this"},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("alicloud_cache_refresh.this", plancheck.ResourceActionReplace)},
				},
				Check: expectRefreshes(srv, 2),
			},
		},
	})
}
