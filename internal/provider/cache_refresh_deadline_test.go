package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/purgeworks/terraform-provider-alicloud/internal/emulator"
)

// slowAnswer is far beyond the 5 s create timeout of these tests: an apply
// that waited for it was not cut short.
const slowAnswer = 40 * time.Second

// stopwatch times an apply from one step's PreConfig to the next one's,
// logs the figure and fails when it is near slowAnswer. The bound is
// generous: the CLI's own work on a loaded machine adds seconds.
type stopwatch struct {
	t     *testing.T
	start time.Time
}

func (w *stopwatch) begin() { w.start = time.Now() }

func (w *stopwatch) end(what string) {
	took := time.Since(w.start)
	w.t.Logf("%s: the apply ended %s after it began, with timeouts.create = 5s", what, took.Round(100*time.Millisecond))
	if took > slowAnswer*3/4 {
		w.t.Errorf("%s: the apply took %s: the deadline did not cut the call", what, took)
	}
}

// TestAccCacheRefresh_deadlineCutsASlowAnswer: an answer slower than
// timeouts.create ends the apply at the deadline; the error says the purge
// may still land and how to check, and following that advice finds it,
// sent once.
func TestAccCacheRefresh_deadlineCutsASlowAnswer(t *testing.T) {
	srv := startEmulator(t)
	srv.InjectFault(emulator.Fault{Kind: emulator.FaultSlow, Delay: slowAnswer, Actions: []string{"RefreshObjectCaches"}})
	w := &stopwatch{t: t}
	from := time.Now().UTC().Add(-time.Minute).Format("2006-01-02T15:04:05Z")
	to := time.Now().UTC().Add(time.Hour).Format("2006-01-02T15:04:05Z")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: w.begin,
				Config: providerBlock(srv) + `
resource "alicloud_cache_refresh" "this" {
  object_paths = ["example.com/a.js"]
  timeouts = {
    create = "5s"
  }
}`,
				ExpectError: expectError(`The refresh may have been carried out.*RefreshObjectCaches.*the purge may still land: the timeout ran out before the task list could be checked.*` +
					`data "alicloud_cache_refresh_tasks" "check".*service = "cdn".*start_time.*import it by its task ID.*raise timeouts.create`),
			},
			{
				// As the error advises: the task list shows the purge.
				PreConfig: func() { w.end("a slow refresh") },
				Config: providerBlock(srv) + fmt.Sprintf(`
data "alicloud_cache_refresh_tasks" "check" {
  service    = "cdn"
  start_time = %q
  end_time   = %q
}`, from, to),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("data.alicloud_cache_refresh_tasks.check", "tasks.#", "1"),
					resource.TestCheckResourceAttr("data.alicloud_cache_refresh_tasks.check", "tasks.0.object_path", "example.com/a.js"),
					expectRefreshes(srv, 1),
					checkSent(srv, "RefreshObjectCaches", 1, nil),
				),
			},
		},
	})
}

// TestAccCacheRefresh_deadlineCutsASlowLookUp: a task look-up slower than
// timeouts.create, while the resource waits, ends the apply at the
// deadline too; the purge was accepted, and sent once.
func TestAccCacheRefresh_deadlineCutsASlowLookUp(t *testing.T) {
	srv := startEmulatorWith(t, emulator.Options{TaskDuration: time.Hour})
	srv.InjectFault(emulator.Fault{Kind: emulator.FaultSlow, Count: 10, Delay: slowAnswer, Actions: []string{"DescribeRefreshTaskById"}})
	w := &stopwatch{t: t}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: w.begin,
				Config: providerBlock(srv) + `
resource "alicloud_cache_refresh" "this" {
  object_paths        = ["example.com/a.js"]
  wait_for_completion = true
  timeouts = {
    create = "5s"
  }
}`,
				ExpectError: expectError(`Timed out waiting for the refresh.*after 5s`),
			},
			{
				PreConfig: func() { w.end("a slow look-up"); srv.ClearFaults() },
				Config:    providerBlock(srv),
				Check:     resource.ComposeAggregateTestCheckFunc(expectRefreshes(srv, 1), checkSent(srv, "RefreshObjectCaches", 1, nil)),
			},
		},
	})
}

// renewalSources are credential sources whose credentials the SDK renews
// before every call (the emulator hands out short-lived ones), with the
// action whose faults make a renewal fail.
var renewalSources = []struct {
	name, settings, action, source string
	start                          func(t *testing.T) *emulator.Server
}{
	{
		"assume_role",
		fmt.Sprintf("access_key = %q\n  secret_key = %q\n  assume_role {\n    role_arn = %q\n  }", testAccessKey, testSecretKey, testRoleARN),
		"AssumeRole", "assume_role " + testRoleARN + " with access_key and secret_key",
		func(t *testing.T) *emulator.Server {
			return startRenewing(t, emulator.StartTLS, emulator.Options{Roles: []emulator.Role{{ARN: testRoleARN}}})
		},
	},
	{
		"ecs_role_name",
		fmt.Sprintf("ecs_role_name = %q", instanceRole),
		emulator.MetadataCredentials, fmt.Sprintf("ecs_role_name %q (instance metadata)", instanceRole),
		func(t *testing.T) *emulator.Server {
			srv := startRenewing(t, emulator.Start, emulator.Options{InstanceRole: instanceRole})
			useMetadata(t, srv)
			return srv
		},
	},
}

func startRenewing(t *testing.T, start func(emulator.Options) (*emulator.Server, error), opts emulator.Options) *emulator.Server {
	t.Helper()
	isolate(t)
	opts.Credentials = []emulator.Credential{{AccessKeyID: testAccessKey, AccessKeySecret: testSecretKey}}
	opts.CredentialLife = time.Minute // below the SDK's 180 s margin: renewed before every call
	srv, err := start(opts)
	if err != nil {
		t.Fatalf("starting the emulator: %v", err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return srv
}

// splitRefreshWith is a refresh whose quota check (DescribeRefreshQuota)
// comes before the refresh call: the renewal faults wait for it, so that
// the renewals made when the provider is configured pass.
func splitRefreshWith(srv *emulator.Server, settings string) string {
	return providerFor(srv, settings) + `
resource "alicloud_cache_refresh" "x" {
  object_paths   = ["example.com/a.js"]
  split_requests = true
  timeouts = {
    create = "5s"
  }
}`
}

// TestAccCredentials_renewalFailsOnce: a credential renewal that fails
// before the refresh is sent is tried again, without asking the task list
// whether it landed, and the purge goes out once.
func TestAccCredentials_renewalFailsOnce(t *testing.T) {
	for _, src := range renewalSources {
		t.Run(src.name, func(t *testing.T) {
			srv := src.start(t)
			srv.InjectFault(emulator.Fault{Kind: emulator.FaultServerError, Actions: []string{src.action}, After: "DescribeRefreshQuota"})
			accTest(t, resource.TestStep{
				Config: splitRefreshWith(srv, src.settings),
				Check: resource.ComposeAggregateTestCheckFunc(
					func(*terraform.State) error {
						if srv.PendingFaults() != 0 {
							return fmt.Errorf("the renewal never failed: the test proves nothing")
						}
						return nil
					},
					expectRefreshes(srv, 1),
					checkSent(srv, "RefreshObjectCaches", 1, nil),
					func(*terraform.State) error {
						// Nothing was sent: no task list to ask whether it landed.
						for _, r := range srv.Requests() {
							if r.Action == "DescribeRefreshTasks" {
								return fmt.Errorf("the task list was read after a renewal that failed before sending: %s", describe(srv.Requests()))
							}
						}
						return nil
					},
				),
			})
		})
	}
}

// TestAccCredentials_renewalFailsAlways: renewals that keep failing end at
// the deadline with an error that names the source and says the refresh
// was not sent; nothing reaches the refresh API.
func TestAccCredentials_renewalFailsAlways(t *testing.T) {
	for _, src := range renewalSources {
		t.Run(src.name, func(t *testing.T) {
			srv := src.start(t)
			srv.InjectFault(emulator.Fault{Kind: emulator.FaultServerError, Count: 1000, Actions: []string{src.action}, After: "DescribeRefreshQuota"})
			accTest(t,
				resource.TestStep{
					Config:      splitRefreshWith(srv, src.settings),
					ExpectError: expectError(`Error: Refresh failed.*RefreshObjectCaches was not sent: getting Alibaba Cloud credentials from ` + regexp.QuoteMeta(src.source)),
				},
				resource.TestStep{
					PreConfig: srv.ClearFaults,
					Config:    providerFor(srv, src.settings),
					Check:     expectRefreshes(srv, 0),
				},
			)
		})
	}
}

// TestActionDeadlineCutsASlowAnswer: the action's timeout bounds its call
// in flight as timeouts.create bounds the resource's; the action keeps no
// state, so it says not to invoke it again when the purge landed.
func TestActionDeadlineCutsASlowAnswer(t *testing.T) {
	srv := startEmulator(t)
	srv.InjectFault(emulator.Fault{Kind: emulator.FaultSlow, Delay: slowAnswer, Actions: []string{"RefreshObjectCaches"}})
	server, typ := protocolServer(t, srv)
	start := time.Now()
	text := invokeDiagnostics(t, server, objectValue(t, typ, map[string]tftypes.Value{
		"object_paths": strs("example.com/a.js"), "timeout": tftypes.NewValue(tftypes.String, "2s"),
	}))
	took := time.Since(start)
	t.Logf("the action ended %s after it began, with a 2s timeout", took.Round(100*time.Millisecond))
	if took > slowAnswer*3/4 {
		t.Fatalf("the action took %s: its timeout did not cut the call", took)
	}
	for _, want := range []string{"The refresh may have been carried out", "the purge may still land", `data "alicloud_cache_refresh_tasks"`,
		"do not send it again", "raise the action's timeout"} {
		if !strings.Contains(text, want) {
			t.Errorf("the diagnostics do not say %q:\n%s", want, text)
		}
	}
}
