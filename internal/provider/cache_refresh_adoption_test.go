package provider

import (
	"encoding/json"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/purgeworks/terraform-provider-alicloud/internal/emulator"
)

// lateString is a configuration variable whose value is read when the step
// runs, such as a task ID an earlier step got.
type lateString func() string

func (f lateString) MarshalJSON() ([]byte, error) { return json.Marshal(f()) }

// adoptionConfig sets what the task look-ups cannot report, which an
// import must adopt without refreshing again; an empty trigger sets none.
func adoptionConfig(srv *emulator.Server, trigger string) string {
	extra := ""
	if trigger != "" {
		extra = `
  force            = true
  triggers_replace = "` + trigger + `"`
	}
	return providerBlock(srv) + `
resource "alicloud_cache_refresh" "this" {
  object_type      = "Directory"
  object_paths     = ["example.com/assets/"]` + extra + `
}`
}

// createThenForget creates the refresh, keeps its task ID in taskID, and
// removes it from state (destroying calls nothing), ready to import it back.
func createThenForget(srv *emulator.Server, trigger string, taskID *string) []resource.TestStep {
	return []resource.TestStep{
		{
			Config: adoptionConfig(srv, trigger),
			Check: func(s *terraform.State) error {
				*taskID = s.RootModule().Resources["alicloud_cache_refresh.this"].Primary.Attributes["task_id"]
				return expectRefreshes(srv, 1)(s)
			},
		},
		{Config: providerBlock(srv)},
	}
}

// TestAccCacheRefresh_importBlockThenTrigger: an import block's apply
// imports and updates in place (calling nothing), even with nothing to
// adopt, which ends the adoption: a trigger added in the next apply purges
// again, once.
func TestAccCacheRefresh_importBlockThenTrigger(t *testing.T) {
	srv := startEmulator(t)
	var taskID string
	importBlock := `
variable "import_id" {
  type = string
}
import {
  to = alicloud_cache_refresh.this
  id = var.import_id
}`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: append(createThenForget(srv, "", &taskID),
			resource.TestStep{
				// apply: 1 imported, 0 added, 1 changed.
				Config:          adoptionConfig(srv, "") + importBlock,
				ConfigVariables: config.Variables{"import_id": lateString(func() string { return "cdn:" + taskID })},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("alicloud_cache_refresh.this", plancheck.ResourceActionUpdate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					expectRefreshes(srv, 1),
					resource.TestCheckResourceAttrPtr("alicloud_cache_refresh.this", "task_id", &taskID),
					resource.TestCheckResourceAttr("alicloud_cache_refresh.this", "force", "false"),
				),
			},
			resource.TestStep{
				Config: adoptionConfig(srv, "v2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("alicloud_cache_refresh.this", plancheck.ResourceActionReplace)},
				},
				Check: expectRefreshes(srv, 2),
			},
		),
	})
}

// TestAccCacheRefresh_importRefreshOnlyThenApply: refresh-only applies
// between terraform import and the first apply do not end the adoption: the
// apply updates in place and purges nothing, and only a later change of
// trigger purges again.
func TestAccCacheRefresh_importRefreshOnlyThenApply(t *testing.T) {
	srv := startEmulator(t)
	var taskID string
	// Each refresh-only apply leaves the update to the next apply.
	refreshOnly := resource.TestStep{RefreshState: true, ExpectNonEmptyPlan: true}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: append(createThenForget(srv, "v1", &taskID),
			resource.TestStep{
				Config:             adoptionConfig(srv, "v1"),
				ResourceName:       "alicloud_cache_refresh.this",
				ImportState:        true,
				ImportStatePersist: true,
				ImportStateIdFunc:  func(*terraform.State) (string, error) { return "cdn:" + taskID, nil },
			},
			refreshOnly,
			refreshOnly,
			resource.TestStep{
				// terraform plan alone changes nothing either.
				Config:             adoptionConfig(srv, "v1"),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			resource.TestStep{
				Config: adoptionConfig(srv, "v1"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("alicloud_cache_refresh.this", plancheck.ResourceActionUpdate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					expectRefreshes(srv, 1),
					resource.TestCheckResourceAttrPtr("alicloud_cache_refresh.this", "task_id", &taskID),
					resource.TestCheckResourceAttr("alicloud_cache_refresh.this", "force", "true"),
				),
			},
			resource.TestStep{
				Config: adoptionConfig(srv, "v2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("alicloud_cache_refresh.this", plancheck.ResourceActionReplace)},
				},
				Check: expectRefreshes(srv, 2),
			},
		),
	})
}
