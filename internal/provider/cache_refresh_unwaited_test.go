package provider

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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

// unwaitedCLI writes config to a directory for the real CLI, with the
// provider built from this module.
func unwaitedCLI(t *testing.T, config string) (string, *exampleCLI) {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("TF_ACC is not set")
	}
	dir := t.TempDir()
	writeExampleFile(t, filepath.Join(dir, "main.tf"), fmt.Sprintf(`
terraform {
  required_providers {
    alicloud = { source = %q }
  }
}`, exampleSource)+config)
	return dir, newExampleCLI(t, dir)
}

// TestAccCacheRefresh_interruptedWaitIsNotSentAgain: Ctrl-C (SIGINT) to
// terraform apply while it waits, as a cancelled CI job does. The apply
// fails; the next plan says the replacement takes the task over, and the
// next apply waits for it without purging again.
func TestAccCacheRefresh_interruptedWaitIsNotSentAgain(t *testing.T) {
	clock := emulator.NewManualClock(time.Now().UTC())
	srv := startEmulatorWith(t, emulator.Options{Clock: clock, TaskDuration: 10 * time.Minute})
	dir, cli := unwaitedCLI(t, unwaitedConfig(srv, "v1", "10m"))

	apply := exec.Command(cli.bin, "apply", "-auto-approve", "-no-color")
	apply.Dir, apply.Env = dir, cli.env
	var out bytes.Buffer
	apply.Stdout, apply.Stderr = &out, &out
	if err := apply.Start(); err != nil {
		t.Fatal(err)
	}
	// Interrupt once the refresh was sent and waiting has looked it up.
	for deadline := time.Now().Add(time.Minute); len(srv.Accepted("DescribeRefreshTaskById")) == 0; time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			_ = apply.Process.Kill()
			t.Fatalf("the apply did not start waiting:\n%s", out.String())
		}
	}
	if err := apply.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	if err := apply.Wait(); err == nil || !strings.Contains(out.String(), "Stopped waiting for the refresh") {
		t.Fatalf("want the interrupted apply to fail saying it stopped waiting; err %v:\n%s", err, out.String())
	}
	taskID := srv.Tasks()[0].TaskID

	if plan := cli.must("plan"); !strings.Contains(plan, "Refresh not sent again") || !strings.Contains(plan, "task "+taskID) {
		t.Fatalf("the plan does not say it takes task %s over:\n%s", taskID, plan)
	}
	clock.Advance(11 * time.Minute)
	cli.must("apply", "-auto-approve")
	exampleMustCalls(t, srv, "RefreshObjectCaches", 1)
	state := cli.must("state", "show", "alicloud_cache_refresh.this")
	for _, want := range []string{`task_id          = "` + taskID + `"`, `status           = "Complete"`} {
		if !strings.Contains(strings.Join(strings.Fields(state), " "), strings.Join(strings.Fields(want), " ")) {
			t.Errorf("the state lacks %s:\n%s", want, state)
		}
	}
}

// TestAccCacheRefresh_untaintedThenReplacedRefreshesAgain: terraform untaint
// after a wait cut short, then apply -replace: the resource is no longer
// tainted, so the replacement asked for purges again, as its plan says.
func TestAccCacheRefresh_untaintedThenReplacedRefreshesAgain(t *testing.T) {
	srv := startEmulatorWith(t, emulator.Options{TaskDuration: time.Hour})
	_, cli := unwaitedCLI(t, unwaitedConfig(srv, "v1", "2s"))
	if out, err := cli.run("apply", "-auto-approve"); err == nil || !strings.Contains(out+err.Error(), "Timed out waiting for the refresh") {
		t.Fatalf("want the wait to time out; err %v:\n%s", err, out)
	}
	cli.must("untaint", "alicloud_cache_refresh.this")
	if plan := cli.must("plan", "-replace=alicloud_cache_refresh.this"); strings.Contains(plan, "Refresh not sent again") {
		t.Fatalf("the plan takes the tasks of an untainted resource over:\n%s", plan)
	}
	// This apply's own wait times out too; what counts is that it purged.
	_, _ = cli.run("apply", "-auto-approve", "-replace=alicloud_cache_refresh.this")
	exampleMustCalls(t, srv, "RefreshObjectCaches", 2)
}

// twoSamePurges declares alicloud_cache_refresh.x, cut short when wait is
// set, and, when withY, alicloud_cache_refresh.y: the same purge, planned
// after x.
func twoSamePurges(srv *emulator.Server, wait, withY bool) string {
	config := unwaitedConfig(srv, "v1", "")
	if wait {
		config = unwaitedConfig(srv, "v1", "2s")
	}
	config = strings.Replace(config, `"this"`, `"x"`, 1)
	if withY {
		config += `
resource "alicloud_cache_refresh" "y" {
  object_paths     = ["example.com/app.js", "example.com/app.css"]
  triggers_replace = "v1"
  depends_on       = [alicloud_cache_refresh.x]
}`
	}
	return config
}

// TestAccCacheRefresh_taintedByHandBesideWaitCutShortRefreshesAgain: y
// waited and is tainted by hand (terraform taint) to purge again; x, with
// the same purge, is tainted because its wait was cut short. x's
// replacement takes x's tasks over; y's replacement purges, instead of
// handing over its own completed tasks.
func TestAccCacheRefresh_taintedByHandBesideWaitCutShortRefreshesAgain(t *testing.T) {
	clock := emulator.NewManualClock(time.Now().UTC())
	srv := startEmulatorWith(t, emulator.Options{Clock: clock, TaskDuration: 10 * time.Minute})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				// y first: its refresh is not waited for.
				Config: strings.Replace(strings.Replace(twoSamePurges(srv, false, false), `"x"`, `"y"`, 1),
					"alicloud_cache_refresh.x", "alicloud_cache_refresh.y", 1),
				Check: expectRefreshes(srv, 1),
			},
			{
				Config:      twoSamePurges(srv, true, true),
				ExpectError: expectError(`Timed out waiting for the refresh`),
			},
			{
				PreConfig: func() {
					if err := expectRefreshes(srv, 2)(nil); err != nil {
						t.Fatal(err)
					}
					clock.Advance(11 * time.Minute)
				},
				Config: twoSamePurges(srv, true, true),
				Taint:  []string{"alicloud_cache_refresh.y"},
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("alicloud_cache_refresh.x", plancheck.ResourceActionReplace),
						plancheck.ExpectResourceAction("alicloud_cache_refresh.y", plancheck.ResourceActionReplace),
					},
				},
				Check: expectRefreshes(srv, 3),
			},
		},
	})
}

// TestAccCacheRefresh_twoWaitsCutShortAreNotSentAgain: two resources with
// the same purge, both cut short in one apply; the next apply replaces both
// and sends neither again, whichever tasks each replacement's plan names.
func TestAccCacheRefresh_twoWaitsCutShortAreNotSentAgain(t *testing.T) {
	clock := emulator.NewManualClock(time.Now().UTC())
	srv := startEmulatorWith(t, emulator.Options{Clock: clock, TaskDuration: 10 * time.Minute})
	config := twoSamePurges(srv, true, false) + strings.Replace(twoSamePurges(srv, true, false), `"x"`, `"y"`, 1)[len(providerBlock(srv)):]
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config, ExpectError: expectError(`Timed out waiting for the refresh`)},
			{
				PreConfig: func() {
					if err := expectRefreshes(srv, 2)(nil); err != nil {
						t.Fatal(err)
					}
					clock.Advance(11 * time.Minute)
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("alicloud_cache_refresh.x", plancheck.ResourceActionReplace),
						plancheck.ExpectResourceAction("alicloud_cache_refresh.y", plancheck.ResourceActionReplace),
					},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					expectRefreshes(srv, 2),
					resource.TestCheckResourceAttr("alicloud_cache_refresh.x", "status", "Complete"),
					resource.TestCheckResourceAttr("alicloud_cache_refresh.y", "status", "Complete"),
				),
			},
		},
	})
}

// TestAccCacheRefresh_waitCutShortThenSavedPlan: terraform plan -out, then
// terraform apply of that plan, each in its own process: the plan's mark
// reaches the apply in the plan file, and the replacement takes the tasks
// over without purging again.
func TestAccCacheRefresh_waitCutShortThenSavedPlan(t *testing.T) {
	clock := emulator.NewManualClock(time.Now().UTC())
	srv := startEmulatorWith(t, emulator.Options{Clock: clock, TaskDuration: 10 * time.Minute})
	_, cli := unwaitedCLI(t, unwaitedConfig(srv, "v1", "2s"))
	if out, err := cli.run("apply", "-auto-approve"); err == nil || !strings.Contains(out+err.Error(), "Timed out waiting for the refresh") {
		t.Fatalf("want the wait to time out; err %v:\n%s", err, out)
	}
	taskID := srv.Tasks()[0].TaskID
	if plan := cli.must("plan", "-out=tfplan"); !strings.Contains(plan, "Refresh not sent again") || !strings.Contains(plan, "task "+taskID) {
		t.Fatalf("the plan does not say it takes task %s over:\n%s", taskID, plan)
	}
	clock.Advance(11 * time.Minute)
	cli.must("apply", "tfplan")
	exampleMustCalls(t, srv, "RefreshObjectCaches", 1)
	if state := strings.Join(strings.Fields(cli.must("state", "show", "alicloud_cache_refresh.this")), " "); !strings.Contains(state, `task_id = "`+taskID+`"`) {
		t.Errorf("the state does not keep task %s:\n%s", taskID, state)
	}
}
