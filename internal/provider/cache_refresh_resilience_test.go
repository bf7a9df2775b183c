package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/purgeworks/terraform-provider-alicloud/internal/emulator"
)

// TestAccCacheRefresh_transientFailures: throttling, 5xx, a full queue and
// a connection dropped after the call took effect each end in exactly one
// accepted submission, whose task ID the state keeps.
func TestAccCacheRefresh_transientFailures(t *testing.T) {
	for _, f := range []emulator.Fault{
		{Kind: emulator.FaultThrottle, Count: 2},
		{Kind: emulator.FaultServerError, Count: 1},
		{Kind: emulator.FaultQueueFull, Count: 1},
		{Kind: emulator.FaultDrop, Count: 1, AfterProcessing: true},
	} {
		t.Run(string(f.Kind), func(t *testing.T) {
			srv := startEmulator(t)
			f.Actions = []string{"RefreshObjectCaches"}
			srv.InjectFault(f)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: protoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: providerBlock(srv) + `
resource "alicloud_cache_refresh" "this" {
  object_paths = ["example.com/a.js"]
}`,
					Check: resource.ComposeAggregateTestCheckFunc(
						checkSent(srv, "RefreshObjectCaches", 1, nil),
						checkTaskIDs(srv, "alicloud_cache_refresh.this", "example.com/a.js"),
					),
				}},
			})
		})
	}
}

// splitPaths is HCL for n URLs spread over the given domains.
func splitPaths(n int, domains ...string) string {
	per := (n + len(domains) - 1) / len(domains)
	var parts []string
	for _, d := range domains {
		parts = append(parts, fmt.Sprintf(`[for i in range(%d) : "%s/f${i}.js"]`, per, d))
	}
	return "slice(flatten([" + strings.Join(parts, ", ") + "]), 0, " + fmt.Sprint(n) + ")"
}

// checkEveryPathOnce fails unless the emulator accepted exactly the given
// number of calls of action, which together carried n distinct paths once
// each.
func checkEveryPathOnce(srv *emulator.Server, action string, requests, n int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		sent := srv.Accepted(action)
		if len(sent) != requests {
			return fmt.Errorf("%d %s calls accepted, want %d", len(sent), action, requests)
		}
		seen := map[string]int{}
		for _, r := range sent {
			for _, p := range strings.Split(r.Params["ObjectPath"], "\n") {
				seen[p]++
			}
		}
		for p, k := range seen {
			if k != 1 {
				return fmt.Errorf("%s sent %d times", p, k)
			}
		}
		if len(seen) != n {
			return fmt.Errorf("%d distinct paths sent, want %d", len(seen), n)
		}
		for _, r := range srv.Requests() {
			if r.Code != "" {
				return fmt.Errorf("a call was refused: %s %s", r.Action, r.Code)
			}
		}
		return nil
	}
}

func TestAccCacheRefresh_splitRequests(t *testing.T) {
	srv := startEmulator(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: providerBlock(srv) + `
resource "alicloud_cache_refresh" "cdn" {
  split_requests = true
  object_paths   = ` + splitPaths(2500, "a.example.com", "b.example.com", "c.example.com") + `
}`,
				Check: resource.ComposeAggregateTestCheckFunc(
					checkEveryPathOnce(srv, "RefreshObjectCaches", 3, 2500),
					resource.TestCheckResourceAttrWith("alicloud_cache_refresh.cdn", "task_id", func(v string) error {
						if strings.Count(v, ",") < 2 {
							return fmt.Errorf("task_id %q: want one ID per domain at least", v)
						}
						return nil
					}),
				),
			},
			{
				Config: providerBlock(srv) + `
resource "alicloud_cache_refresh" "er" {
  service        = "edge_routine"
  routine_id     = "api.mysubdomain"
  split_requests = true
  object_paths   = ` + splitPaths(30, "a.example.com", "b.example.com", "c.example.com") + `
}`,
				Check: resource.ComposeAggregateTestCheckFunc(
					checkEveryPathOnce(srv, "RefreshErObjectCaches", 3, 30),
					resource.TestCheckResourceAttr("alicloud_cache_refresh.er", "task_ids.#", "3"),
				),
			},
		},
	})
}

func TestAccCacheRefresh_splitPreflightSendsNothing(t *testing.T) {
	srv := startEmulator(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			// VOD: 2,000 URLs a day.
			Config: providerBlock(srv) + `
resource "alicloud_cache_refresh" "vod" {
  service        = "vod"
  split_requests = true
  object_paths   = ` + splitPaths(2500, "v.example.com", "w.example.com", "x.example.com") + `
}`,
			ExpectError: expectError(`Today's quota cannot cover this refresh.*needs 2,500 File paths of today's vod quota, and 2,000 of 2,000 remain: nothing was sent`),
		}},
	})
	if reqs := srv.Requests(); len(reqs) != 1 || reqs[0].Action != "DescribeVodRefreshQuota" {
		t.Fatalf("want only the quota look-up, got %s", describe(reqs))
	}
}

func TestAccCacheRefresh_splitStoppedMidway(t *testing.T) {
	srv := startEmulator(t, "mine.example.com")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: providerBlock(srv) + `
resource "alicloud_cache_refresh" "er" {
  service        = "edge_routine"
  routine_id     = "api.mysubdomain"
  split_requests = true
  object_paths   = ["mine.example.com/a", "theirs.example.com/b"]
}`,
				ExpectError: expectError(`InvalidDomain.NotFound.*Requests sent before this one were accepted \(tasks \d+\); the state keeps them`),
			},
			{
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("alicloud_cache_refresh.er", "task_ids.#", "1"),
					expectRefreshes(srv, 2),
				),
			},
		},
	})
}

// TestAccCacheRefresh_parallelResourcesArePaced: forty DCDN refreshes
// applied ten at a time (Terraform's default parallelism) stay within 30
// calls a second: not one is throttled.
func TestAccCacheRefresh_parallelResourcesArePaced(t *testing.T) {
	srv := startEmulator(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + `
resource "alicloud_cache_refresh" "many" {
  count        = 40
  service      = "dcdn"
  object_paths = ["example.com/${count.index}.js"]
}`,
			Check: func(*terraform.State) error {
				if got := len(srv.Accepted("RefreshDcdnObjectCaches")); got != 40 {
					return fmt.Errorf("%d refreshes accepted, want 40", got)
				}
				for _, r := range srv.Requests() {
					if r.Code != "" {
						return fmt.Errorf("a call was refused: %s %s", r.Action, r.Code)
					}
				}
				return nil
			},
		}},
	})
}

// TestSplitWarningOnReplacement: a replacement sends a split refresh as a
// create does, and its plan says so; reordering the same paths sends
// nothing, and says nothing. (terraform-plugin-testing cannot read a plan's
// warnings, so this speaks the plugin protocol.)
func TestSplitWarningOnReplacement(t *testing.T) {
	srv := startEmulator(t)
	server, _ := protocolServer(t, srv)
	ctx := context.Background()
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	typ := schemas.ResourceSchemas["alicloud_cache_refresh"].ValueType().(tftypes.Object)
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	yes, no := tftypes.NewValue(tftypes.Bool, true), tftypes.NewValue(tftypes.Bool, false)
	prior := map[string]tftypes.Value{
		"service": str("cdn"), "object_type": str("File"), "object_paths": strs("example.com/a", "example.com/b"),
		"force": no, "wait_for_completion": no, "split_requests": yes,
		"id": str("1"), "task_id": str("1"), "task_ids": tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, []tftypes.Value{str("1")}),
		"request_id": str("r"), "status": str("Submitted"),
	}
	plan := func(paths ...string) (warned bool, replace []string) {
		t.Helper()
		proposed := map[string]tftypes.Value{}
		for k, v := range prior {
			proposed[k] = v
		}
		proposed["object_paths"] = strs(paths...)
		resp, err := server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
			TypeName:         "alicloud_cache_refresh",
			PriorState:       objectValue(t, typ, prior),
			ProposedNewState: objectValue(t, typ, proposed),
			Config:           objectValue(t, typ, map[string]tftypes.Value{"object_paths": strs(paths...), "split_requests": yes}),
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range resp.Diagnostics {
			if d.Severity == tfprotov6.DiagnosticSeverityError {
				t.Fatalf("plan: %s: %s", d.Summary, d.Detail)
			}
			warned = warned || d.Summary == "Split refresh" && strings.Contains(d.Detail, "sends 1 RefreshObjectCaches requests")
		}
		for _, p := range resp.RequiresReplace {
			replace = append(replace, p.String())
		}
		return warned, replace
	}
	if warned, replace := plan("example.com/a", "example.com/c"); !warned || len(replace) != 1 {
		t.Errorf("new paths: warned %v, replaced by %v; want a warning and a replacement", warned, replace)
	}
	if warned, replace := plan("example.com/b", "example.com/a"); warned || len(replace) != 0 {
		t.Errorf("reordered paths: warned %v, replaced by %v; want neither", warned, replace)
	}
}
