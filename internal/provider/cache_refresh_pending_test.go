package provider

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
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

// CDN's and DCDN's by-ID look-ups document a task status Pending beside
// Refreshing, Complete and Failed (reference notes §9). These tests run the
// emulator with its tasks reporting Pending first (Options.PendingDuration,
// the -pending-duration switch); the other tests run it without.

// TestAccCacheRefresh_waitsThroughPending: wait_for_completion waits
// through Pending, then Refreshing, to Complete.
func TestAccCacheRefresh_waitsThroughPending(t *testing.T) {
	// Pending for 3 s, then Refreshing for 1 s: the first look-up, about a
	// second after the refresh, sees Pending.
	srv := startEmulatorWith(t, emulator.Options{TaskDuration: time.Second, PendingDuration: 3 * time.Second})
	logPath := filepath.Join(t.TempDir(), "provider.log")
	t.Setenv("TF_LOG", "INFO")
	t.Setenv("TF_ACC_LOG_PATH", logPath)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + `
resource "alicloud_cache_refresh" "this" {
  object_paths        = ["example.com/a.js", "example.com/b.js"]
  wait_for_completion = true
}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("alicloud_cache_refresh.this", tfjsonpath.New("status"), knownvalue.StringExact("Complete")),
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				expectRefreshes(srv, 1),
				func(*terraform.State) error {
					if n := len(srv.Accepted("DescribeRefreshTaskById")); n < 2 {
						return fmt.Errorf("%d look-ups: the wait ended at the first", n)
					}
					log, err := os.ReadFile(logPath)
					if err != nil {
						return err
					}
					for _, want := range []string{"status=Pending", "status=Complete"} {
						if !strings.Contains(string(log), want) {
							return fmt.Errorf("the provider log lacks %s: the wait did not see it", want)
						}
					}
					return nil
				},
			),
		}},
	})
}

// TestAccCacheRefresh_planLooksUpPendingTasks: a refresh not waited for
// reads Pending, and every plan while it is Pending looks it up again, as
// for Refreshing; once it is Complete, plans make no call.
func TestAccCacheRefresh_planLooksUpPendingTasks(t *testing.T) {
	clock := emulator.NewManualClock(time.Now().UTC())
	srv := startEmulatorWith(t, emulator.Options{Clock: clock, TaskDuration: 10 * time.Second, PendingDuration: time.Hour})
	config := providerBlock(srv) + `
resource "alicloud_cache_refresh" "this" {
  service      = "dcdn"
  object_paths = ["example.com/a.js"]
}`
	const lookup = "DescribeDcdnRefreshTaskById"
	var before int
	mark := func() { before = len(srv.Accepted(lookup)) }
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("alicloud_cache_refresh.this", tfjsonpath.New("status"), knownvalue.StringExact("Submitted")),
				},
			},
			{
				RefreshState: true,
				Check:        resource.TestCheckResourceAttr("alicloud_cache_refresh.this", "status", "Pending"),
			},
			{
				// A plan with the state saying Pending: the task is looked up.
				PreConfig: mark,
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan(), lookedUp{srv, lookup, &before, true}},
				},
				Check: resource.TestCheckResourceAttr("alicloud_cache_refresh.this", "status", "Pending"),
			},
			{
				PreConfig:    func() { clock.Advance(time.Hour + 10*time.Second) },
				RefreshState: true,
				Check:        resource.TestCheckResourceAttr("alicloud_cache_refresh.this", "status", "Complete"),
			},
			{
				// Complete: the plan makes no call.
				PreConfig: mark,
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan(), lookedUp{srv, lookup, &before, false}},
				},
				Check: expectRefreshes(srv, 1),
			},
		},
	})
}

// lookedUp checks, when the plan is made, whether the task look-up was
// called since *before was taken.
type lookedUp struct {
	srv    *emulator.Server
	action string
	before *int
	want   bool
}

func (c lookedUp) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	n := len(c.srv.Accepted(c.action)) - *c.before
	switch {
	case c.want && n == 0:
		resp.Error = fmt.Errorf("the plan made no %s call: it took the task for finished", c.action)
	case !c.want && n != 0:
		resp.Error = fmt.Errorf("the plan made %d %s calls for a finished task", n, c.action)
	}
}
