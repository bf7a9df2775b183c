package provider

import (
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

// checkLookups fails unless the emulator accepted exactly n calls of the
// task look-up.
func checkLookups(srv *emulator.Server, action string, n int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := len(srv.Accepted(action)); got != n {
			return fmt.Errorf("%d %s calls, want %d", got, action, n)
		}
		return nil
	}
}

func TestAccCacheRefresh_waitForCompletion(t *testing.T) {
	srv := startEmulatorWith(t, emulator.Options{TaskDuration: 2 * time.Second})
	// One throttled answer first: the retry must be logged, not silent.
	srv.InjectFault(emulator.Fault{Kind: emulator.FaultThrottle, Count: 1, Actions: []string{"RefreshObjectCaches"}})
	// The first look-up stays throttled through its own six tries: that is
	// no news, and the wait goes on instead of failing (and tainting) the
	// resource whose purge was sent.
	srv.InjectFault(emulator.Fault{Kind: emulator.FaultThrottle, Count: 6, Actions: []string{"DescribeRefreshTaskById"}})
	logPath := filepath.Join(t.TempDir(), "provider.log")
	t.Setenv("TF_LOG", "INFO")
	t.Setenv("TF_ACC_LOG_PATH", logPath)
	// Credentials from the environment, so that the harness's own log of
	// the configuration holds no secret: one in the log is the provider's.
	clearCredentialEnv(t)
	t.Setenv("ALICLOUD_ACCESS_KEY", testAccessKey)
	t.Setenv("ALICLOUD_SECRET_KEY", testSecretKey)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "alicloud" {
  protocol = "HTTP"
  endpoints {
    cdn = %q
  }
}`, srv.Addr()) + `
resource "alicloud_cache_refresh" "this" {
  object_paths        = ["example.com/a.js", "example.com/b.js"]
  wait_for_completion = true
}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("alicloud_cache_refresh.this", tfjsonpath.New("status"), knownvalue.StringExact("Complete")),
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				// The first look-up fails; the next, 2 s later, sees it done.
				checkLookups(srv, "DescribeRefreshTaskById", 1),
				func(s *terraform.State) error {
					log, err := os.ReadFile(logPath)
					if err != nil {
						return err
					}
					taskID := s.RootModule().Resources["alicloud_cache_refresh.this"].Primary.Attributes["task_id"]
					for _, want := range []string{"waiting for the refresh", "task_ids=" + taskID, "percent=100", "status=Complete",
						"RefreshObjectCaches failed; trying again", "TooManyRequests", "looking the tasks up failed; waiting goes on"} {
						if !strings.Contains(string(log), want) {
							return fmt.Errorf("the provider log lacks %s", want)
						}
					}
					if strings.Contains(string(log), testSecretKey) {
						return fmt.Errorf("the provider log shows the secret key")
					}
					return nil
				},
			),
		}},
	})
}

func TestAccCacheRefresh_waitReportsFailure(t *testing.T) {
	srv := startEmulatorWith(t, emulator.Options{TaskDuration: time.Second})
	srv.FailNextTasks(1, "Origin Return StatusCode 5XX")
	config := providerBlock(srv) + `
resource "alicloud_cache_refresh" "this" {
  object_type         = "Directory"
  object_paths        = ["example.com/broken/", "example.com/fine/"]
  wait_for_completion = true
}`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      config,
				ExpectError: expectError(`The refresh failed.*example.com/broken/ \(task \d+\): Origin Return StatusCode 5XX`),
			},
			{
				// The state keeps the task IDs (the resource is tainted, so
				// the next apply refreshes again).
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("alicloud_cache_refresh.this", "status", "Failed"),
					resource.TestCheckResourceAttr("alicloud_cache_refresh.this", "task_ids.#", "2"),
					expectRefreshes(srv, 1),
				),
			},
		},
	})
}

func TestAccCacheRefresh_waitTimesOut(t *testing.T) {
	srv := startEmulatorWith(t, emulator.Options{TaskDuration: time.Hour})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: providerBlock(srv) + `
resource "alicloud_cache_refresh" "this" {
  service             = "vod"
  object_paths        = ["video.example.com/a.m3u8"]
  wait_for_completion = true
  timeouts = {
    create = "3s"
  }
}`,
				ExpectError: expectError(`Timed out waiting for the refresh.*still Refreshing \(0%\) after 3s.*Raise timeouts.create`),
			},
			{
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("alicloud_cache_refresh.this", "status", "Refreshing"),
					resource.TestCheckResourceAttrSet("alicloud_cache_refresh.this", "task_id"),
					expectRefreshes(srv, 1),
				),
			},
		},
	})
}

// TestAccCacheRefresh_readFollowsTheTask: read refreshes the status while
// Alibaba keeps the task, then keeps the last one once the task is gone.
func TestAccCacheRefresh_readFollowsTheTask(t *testing.T) {
	clock := emulator.NewManualClock(time.Now().UTC())
	srv := startEmulatorWith(t, emulator.Options{Clock: clock, TaskDuration: 10 * time.Second})
	config := providerBlock(srv) + `
resource "alicloud_cache_refresh" "this" {
  service      = "dcdn"
  object_paths = ["example.com/a.js"]
}`
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
				PreConfig:    func() { clock.Advance(11 * time.Second) },
				RefreshState: true,
				Check:        resource.TestCheckResourceAttr("alicloud_cache_refresh.this", "status", "Complete"),
			},
			{
				// Four days on, Alibaba has forgotten the task: nothing
				// changes, nothing is purged.
				PreConfig: func() { clock.Advance(96 * time.Hour) },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("alicloud_cache_refresh.this", "status", "Complete"),
					expectRefreshes(srv, 1),
					func(*terraform.State) error {
						if tasks := srv.Tasks(); len(tasks) != 0 {
							return fmt.Errorf("the emulator still has %d tasks", len(tasks))
						}
						return nil
					},
				),
			},
		},
	})
}

func TestAccCacheRefresh_import(t *testing.T) {
	srv := startEmulator(t)
	config := providerBlock(srv) + `
resource "alicloud_cache_refresh" "this" {
  object_paths = ["example.com/index.html", "example.com/app.js", "example.com/app.css"]
}`
	importID := func(s *terraform.State) (string, error) {
		return "cdn:" + s.RootModule().Resources["alicloud_cache_refresh.this"].Primary.Attributes["task_id"], nil
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config},
			{
				// terraform import rebuilds what the refresh created.
				ResourceName:      "alicloud_cache_refresh.this",
				ImportState:       true,
				ImportStateIdFunc: importID,
				ImportStateVerify: true,
				// The look-ups do not report these; the import leaves
				// force and the settings null (see importedModel).
				ImportStateVerifyIgnore: []string{"request_id", "status", "timeouts", "force", "wait_for_completion", "split_requests"},
			},
			{
				// An import block with the same configuration plans an
				// update that calls nothing: it records force and the
				// settings, which the look-ups do not report.
				Config:             config,
				ResourceName:       "alicloud_cache_refresh.this",
				ImportState:        true,
				ImportStateKind:    resource.ImportBlockWithID,
				ImportStateIdFunc:  importID,
				ExpectNonEmptyPlan: true,
				ImportPlanChecks: resource.ImportPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("alicloud_cache_refresh.this", plancheck.ResourceActionUpdate)},
				},
			},
		},
		CheckDestroy: expectRefreshes(srv, 1),
	})
}

// TestAccCacheRefresh_importAdoptsWhatTheLookupCannotTell: force, the
// routine, merged domains, triggers and the order of paths across task IDs
// are not reported; the first apply after an import adopts them from the
// configuration without refreshing again.
func TestAccCacheRefresh_importAdoptsWhatTheLookupCannotTell(t *testing.T) {
	srv := startEmulator(t)
	config := providerBlock(srv) + `
resource "alicloud_cache_refresh" "this" {
  service            = "edge_routine"
  routine_id         = "api.mysubdomain"
  merge_domain_names = ["eu.example.com"]
  force              = true
  object_type        = "Directory"
  object_paths       = ["example.com/b/", "example.com/a/"]
  triggers_replace   = "v1"
}`
	var taskID string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: func(s *terraform.State) error {
					taskID = s.RootModule().Resources["alicloud_cache_refresh.this"].Primary.Attributes["task_id"]
					return expectRefreshes(srv, 1)(s)
				},
			},
			// Forget it (destroying calls nothing), then import it back.
			{Config: providerBlock(srv)},
			{
				Config:             config,
				ResourceName:       "alicloud_cache_refresh.this",
				ImportState:        true,
				ImportStatePersist: true,
				ImportStateIdFunc:  func(*terraform.State) (string, error) { return "edge_routine:" + taskID, nil },
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					a := states[0].Attributes
					if a["service"] != "edge_routine" || a["object_type"] != "Directory" || a["object_paths.#"] != "2" || a["routine_id"] != "" || a["task_id"] != taskID {
						return fmt.Errorf("imported %v", a)
					}
					return nil
				},
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("alicloud_cache_refresh.this", plancheck.ResourceActionUpdate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					expectRefreshes(srv, 1),
					resource.TestCheckResourceAttr("alicloud_cache_refresh.this", "routine_id", "api.mysubdomain"),
					resource.TestCheckResourceAttr("alicloud_cache_refresh.this", "object_paths.0", "example.com/b/"),
				),
			},
			{
				// Adopted: a real change replaces again.
				Config: strings.Replace(config, `"v1"`, `"v2"`, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("alicloud_cache_refresh.this", plancheck.ResourceActionReplace)},
				},
				Check: expectRefreshes(srv, 2),
			},
		},
	})
}

// TestAccCacheRefresh_importAdoptsOnlyOnce: once the first apply after an
// import has matched the configuration, a new trigger purges again.
func TestAccCacheRefresh_importAdoptsOnlyOnce(t *testing.T) {
	srv := startEmulator(t)
	config := providerBlock(srv) + `
resource "alicloud_cache_refresh" "this" {
  object_paths = ["example.com/app.js"]
}`
	var taskID string
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				Check: func(s *terraform.State) error {
					taskID = s.RootModule().Resources["alicloud_cache_refresh.this"].Primary.Attributes["task_id"]
					return nil
				},
			},
			{Config: providerBlock(srv)},
			{
				Config:             config,
				ResourceName:       "alicloud_cache_refresh.this",
				ImportState:        true,
				ImportStatePersist: true,
				ImportStateIdFunc:  func(*terraform.State) (string, error) { return "cdn:" + taskID, nil },
			},
			{
				// The first apply after an import is always an update that
				// calls nothing: it records force and the settings.
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("alicloud_cache_refresh.this", plancheck.ResourceActionUpdate)},
				},
				Check: expectRefreshes(srv, 1),
			},
			{
				Config: strings.Replace(config, `["example.com/app.js"]`, `["example.com/app.js"]
  triggers_replace = "v2"`, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("alicloud_cache_refresh.this", plancheck.ResourceActionReplace)},
				},
				Check: expectRefreshes(srv, 2),
			},
		},
	})
}

func TestAccCacheRefresh_importErrors(t *testing.T) {
	srv := startEmulator(t)
	config := providerBlock(srv) + `
resource "alicloud_cache_refresh" "this" {
  object_paths = ["example.com/a.js"]
}`
	steps := []resource.TestStep{}
	for id, want := range map[string]string{
		"704222901":     `The import ID is SERVICE:TASK_ID`,
		"cnd:704222901": `did you mean "cdn"\?`,
		"cdn:99999":     `no cdn task 99999 in Alibaba Cloud's history: tasks are kept for three days`,
		// Refused before any look-up: one batched with other callers' IDs
		// would fail theirs too.
		"cdn:704222901,7042229O1": `"7042229O1" is not a task ID: task IDs are digits`,
	} {
		steps = append(steps, resource.TestStep{
			Config: config, ResourceName: "alicloud_cache_refresh.this", ImportState: true, ImportStateId: id,
			ExpectError: expectError(want),
		})
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps:                    steps,
	})
	if err := expectRefreshes(srv, 0)(nil); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.Accepted("DescribeRefreshTaskById")); n != 1 {
		t.Fatalf("%d look-ups, want 1: cdn:99999's alone", n)
	}
}

func TestAccCacheRefreshDataSources(t *testing.T) {
	srv := startEmulator(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: providerBlock(srv) + `
resource "alicloud_cache_refresh" "files" {
  object_paths = ["example.com/a.js", "example.com/b.js", "other.example.com/c.js"]
}
resource "alicloud_cache_refresh" "dirs" {
  service      = "vod"
  object_type  = "Directory"
  object_paths = ["video.example.com/hls/"]
}
data "alicloud_cache_refresh_quota" "cdn" {
  depends_on = [alicloud_cache_refresh.files]
}
data "alicloud_cache_refresh_quota" "vod" {
  service    = "vod"
  depends_on = [alicloud_cache_refresh.dirs]
}
data "alicloud_cache_refresh_tasks" "all" {
  depends_on = [alicloud_cache_refresh.files]
}
data "alicloud_cache_refresh_tasks" "one" {
  object_path = "example.com/b.js"
  depends_on  = [alicloud_cache_refresh.files]
}
data "alicloud_cache_refresh_tasks" "other_domain" {
  domain_name = "other.example.com"
  object_type = "file"
  depends_on  = [alicloud_cache_refresh.files]
}`,
				Check: resource.ComposeAggregateTestCheckFunc(
					// The default service is read back.
					resource.TestCheckResourceAttr("data.alicloud_cache_refresh_quota.cdn", "service", "cdn"),
					resource.TestCheckResourceAttr("data.alicloud_cache_refresh_quota.vod", "service", "vod"),
					resource.TestCheckResourceAttr("data.alicloud_cache_refresh_tasks.all", "service", "cdn"),
					resource.TestCheckResourceAttr("data.alicloud_cache_refresh_quota.cdn", "url_quota", "10000"),
					resource.TestCheckResourceAttr("data.alicloud_cache_refresh_quota.cdn", "url_remain", "9997"),
					resource.TestCheckResourceAttr("data.alicloud_cache_refresh_quota.cdn", "regex_quota", "20"),
					resource.TestCheckResourceAttr("data.alicloud_cache_refresh_quota.cdn", "ignore_params_remain", "100"),
					resource.TestCheckResourceAttr("data.alicloud_cache_refresh_quota.vod", "dir_quota", "100"),
					resource.TestCheckResourceAttr("data.alicloud_cache_refresh_quota.vod", "dir_remain", "99"),
					resource.TestCheckNoResourceAttr("data.alicloud_cache_refresh_quota.vod", "regex_quota"),
					resource.TestCheckResourceAttr("data.alicloud_cache_refresh_tasks.all", "tasks.#", "3"),
					resource.TestCheckResourceAttr("data.alicloud_cache_refresh_tasks.one", "tasks.#", "1"),
					resource.TestCheckResourceAttr("data.alicloud_cache_refresh_tasks.one", "tasks.0.object_path", "example.com/b.js"),
					resource.TestCheckResourceAttr("data.alicloud_cache_refresh_tasks.one", "tasks.0.object_type", "file"),
					resource.TestCheckResourceAttrPair("data.alicloud_cache_refresh_tasks.one", "tasks.0.task_id", "alicloud_cache_refresh.files", "task_ids.0"),
					resource.TestCheckResourceAttr("data.alicloud_cache_refresh_tasks.other_domain", "tasks.#", "1"),
					resource.TestCheckResourceAttr("data.alicloud_cache_refresh_tasks.other_domain", "tasks.0.object_path", "other.example.com/c.js"),
				),
			},
		},
	})
}

// TestAccDataSources_providerConfigUnknownAtPlan: a data source cannot be
// read while the provider's configuration waits for another resource; the
// plan says why and what to do, and nothing is sent.
func TestAccDataSources_providerConfigUnknownAtPlan(t *testing.T) {
	srv := startEmulator(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
resource "terraform_data" "endpoint" {
  input = %q
}
provider "alicloud" {
  access_key = %q
  secret_key = %q
  protocol   = "HTTP"
  endpoints {
    cdn = terraform_data.endpoint.output
  }
}
data "alicloud_cache_refresh_quota" "cdn" {}`, srv.Addr(), testAccessKey, testSecretKey),
			ExpectError: expectError(`Provider configuration not known yet.*terraform apply -target`),
		}},
		CheckDestroy: func(*terraform.State) error {
			if n := len(srv.Requests()); n != 0 {
				return fmt.Errorf("%d requests sent", n)
			}
			return nil
		},
	})
}

func TestAccCacheRefreshTasks_filterValidation(t *testing.T) {
	srv := startEmulator(t)
	var steps []resource.TestStep
	for body, want := range map[string]string{
		`status = "Complete"`:                 `status: the task look-ups filter on status only together with object_type`,
		`object_type = "File"`:                `did you mean "file"\?`,
		`start_time = "2026-03-01T00:00:00Z"`: `start_time and end_time go together`,
		`task_id = "abc"`:                     `not a task ID`,
	} {
		steps = append(steps, resource.TestStep{
			Config:      providerBlock(srv) + "data \"alicloud_cache_refresh_tasks\" \"x\" {\n" + body + "\n}",
			ExpectError: expectError(want),
			PlanOnly:    true,
		})
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps:                    steps,
	})
	assertNothingSent(t, srv)
}
