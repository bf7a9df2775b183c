package provider

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/purgeworks/terraform-provider-alicloud/internal/emulator"
)

// serverWithError adapts a server constructor to terraform-plugin-testing.
func serverWithError(f func() tfprotov6.ProviderServer) func() (tfprotov6.ProviderServer, error) {
	return func() (tfprotov6.ProviderServer, error) { return f(), nil }
}

// shortcutsOrFail are the shortcuts of the current schema; the test fails
// if the schema turned them off.
func shortcutsOrFail(t *testing.T) *shortcuts {
	t.Helper()
	sc, err := cacheRefreshShortcuts(context.Background())
	if err != nil {
		t.Fatalf("the shortcuts are off: %v", err)
	}
	return sc
}

// TestShortcutKnowsEveryPlanModifier: the plan shortcut answers an
// unchanged refresh with its prior state, which holds only while no plan
// modifier of the schema changes, or replaces for, a value that did not
// change. Each one below was checked for that; a new one must be too.
func TestShortcutKnowsEveryPlanModifier(t *testing.T) {
	ctx := context.Background()
	shortcutsOrFail(t)
	known := map[string]bool{
		// Replace only when the value changed.
		stringplanmodifier.RequiresReplace().Description(ctx): true,
		replaceUnlessSamePaths().Description(ctx):             true,
		replaceUnlessImported{}.Description(ctx):              true,
		// Use the prior value when the planned one is unknown.
		stringplanmodifier.UseStateForUnknown().Description(ctx): true,
		listplanmodifier.UseStateForUnknown().Description(ctx):   true,
	}
	var sch resource.SchemaResponse
	(&cacheRefreshResource{}).Schema(ctx, resource.SchemaRequest{}, &sch)
	var descriptions func(name string, a schema.Attribute) []string
	descriptions = func(name string, a schema.Attribute) []string {
		var ds []string
		add := func(d string) { ds = append(ds, d) }
		switch a := a.(type) {
		case schema.StringAttribute:
			for _, m := range a.PlanModifiers {
				add(m.Description(ctx))
			}
		case schema.BoolAttribute:
			for _, m := range a.PlanModifiers {
				add(m.Description(ctx))
			}
		case schema.ListAttribute:
			for _, m := range a.PlanModifiers {
				add(m.Description(ctx))
			}
		case schema.DynamicAttribute:
			for _, m := range a.PlanModifiers {
				add(m.Description(ctx))
			}
		case schema.SingleNestedAttribute:
			for _, m := range a.PlanModifiers {
				add(m.Description(ctx))
			}
			for n, nested := range a.Attributes {
				ds = append(ds, descriptions(name+"."+n, nested)...)
			}
		default:
			t.Errorf("%s: an attribute of kind %T: check its plan modifiers, then add it here", name, a)
		}
		return ds
	}
	for _, name := range slices.Sorted(maps.Keys(sch.Schema.Attributes)) {
		for _, d := range descriptions(name, sch.Schema.Attributes[name]) {
			if !known[d] {
				t.Errorf("%s has a plan modifier the plan shortcut (server.go) does not know: %q. "+
					"If it leaves a value that did not change alone, add it to this test; otherwise the shortcut must not answer when it acts.", name, d)
			}
		}
	}
}

// finishedRefresh is the state of a finished refresh, with changes.
func finishedRefresh(sc *shortcuts, with map[string]tftypes.Value) tftypes.Value {
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	list := func(s ...string) tftypes.Value {
		var vs []tftypes.Value
		for _, v := range s {
			vs = append(vs, str(v))
		}
		return tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, vs)
	}
	attrs := map[string]tftypes.Value{
		"id":                  str("cdn:704222901"),
		"task_id":             str("704222901"),
		"task_ids":            list("704222901"),
		"request_id":          str("D61E4801-EAFF-4A63-AAE1-FBF6CE1CFD1C"),
		"status":              str("Complete"),
		"service":             str("cdn"),
		"object_paths":        list("example.com/index.html"),
		"object_type":         str("File"),
		"force":               tftypes.NewValue(tftypes.Bool, false),
		"routine_id":          tftypes.NewValue(tftypes.String, nil),
		"merge_domain_names":  tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, nil),
		"triggers_replace":    tftypes.NewValue(tftypes.DynamicPseudoType, nil),
		"wait_for_completion": tftypes.NewValue(tftypes.Bool, false),
		"split_requests":      tftypes.NewValue(tftypes.Bool, false),
		"timeouts":            tftypes.NewValue(sc.stateType.(tftypes.Object).AttributeTypes["timeouts"], nil),
	}
	for k, v := range with {
		if _, ok := attrs[k]; !ok {
			panic("no attribute " + k)
		}
		attrs[k] = v
	}
	return tftypes.NewValue(sc.stateType, attrs)
}

// configOf is the configuration that plans state: the computed attributes
// null, and the defaulted ones null unless set.
func configOf(sc *shortcuts, state tftypes.Value, set ...string) tftypes.Value {
	var shared map[string]tftypes.Value
	if err := state.As(&shared); err != nil {
		panic(err)
	}
	attrs := maps.Clone(shared) // As shares the value's own map
	for _, name := range []string{"id", "task_id", "task_ids", "request_id", "status"} {
		attrs[name] = tftypes.NewValue(attrs[name].Type(), nil)
	}
	for name := range sc.defaults {
		if !slices.Contains(set, name) {
			attrs[name] = tftypes.NewValue(attrs[name].Type(), nil)
		}
	}
	return tftypes.NewValue(sc.stateType, attrs)
}

func dynamicValue(t *testing.T, typ tftypes.Type, v tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	dv, err := tfprotov6.NewDynamicValue(typ, v)
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

func identityOf(t *testing.T, sc *shortcuts, taskID string) *tfprotov6.ResourceIdentityData {
	t.Helper()
	v := tftypes.NewValue(sc.identityType, map[string]tftypes.Value{
		"service": tftypes.NewValue(tftypes.String, "cdn"),
		"task_id": tftypes.NewValue(tftypes.String, taskID),
	})
	return &tfprotov6.ResourceIdentityData{IdentityData: dynamicValue(t, sc.identityType, v)}
}

// decoded is a value for comparison: "<nil>" when absent.
func decoded(t *testing.T, dv *tfprotov6.DynamicValue, typ tftypes.Type) string {
	t.Helper()
	if dv == nil {
		return "<nil>"
	}
	v, err := dv.Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	return v.String()
}

func identityDecoded(t *testing.T, id *tfprotov6.ResourceIdentityData, typ tftypes.Type) string {
	t.Helper()
	if id == nil {
		return "<nil>"
	}
	return decoded(t, id.IdentityData, typ)
}

// frameworkOnly is the framework's server for the provider, without the
// shortcuts.
func frameworkOnly() tfprotov6.ProviderServer {
	return providerserver.NewProtocol6(New("test")())()
}

// TestServerOffersWhatTheFrameworkDoes: the server offers every optional
// service of the framework's (tf6server looks for each by type assertion,
// as ProviderServer with the service, and serves none it does not find),
// and has its shortcuts.
func TestServerOffersWhatTheFrameworkDoes(t *testing.T) {
	fw, got := frameworkOnly(), NewServer("test")()
	if _, ok := got.(*server); !ok {
		t.Fatalf("the server is %T, without shortcuts", got)
	}
	for _, c := range []struct {
		name  string
		offer func(tfprotov6.ProviderServer) bool
	}{
		{"list resources", func(s tfprotov6.ProviderServer) bool { _, ok := s.(tfprotov6.ListResourceServer); return ok }},
		{"actions", func(s tfprotov6.ProviderServer) bool { _, ok := s.(tfprotov6.ActionServer); return ok }},
		{"state stores", func(s tfprotov6.ProviderServer) bool { _, ok := s.(tfprotov6.StateStoreServer); return ok }},
	} {
		if c.offer(got) != c.offer(fw) {
			t.Errorf("%s: offered %v, by the framework's server %v", c.name, c.offer(got), c.offer(fw))
		}
	}
}

// TestShortcutsAnswerAsTheFrameworkDoes: for every request a shortcut
// answers, the framework's server gives the same answer; each request a
// shortcut leaves to the framework is one the framework answers otherwise
// than the shortcut would, or one it cannot tell from the request.
func TestShortcutsAnswerAsTheFrameworkDoes(t *testing.T) {
	ctx := context.Background()
	sc := shortcutsOrFail(t)
	fw := frameworkOnly()
	stateType := sc.stateType
	str := func(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
	timeouts := tftypes.NewValue(stateType.(tftypes.Object).AttributeTypes["timeouts"], map[string]tftypes.Value{"create": str("30m")})
	private := func(key string) []byte { return []byte(fmt.Sprintf(`{%q:"MQ=="}`, key)) } // base64 of "1"

	t.Run("PlanResourceChange", func(t *testing.T) {
		for _, c := range []struct {
			name     string
			prior    tftypes.Value
			proposed *tftypes.Value // nil: the prior state
			set      []string       // defaulted attributes the configuration sets
			private  []byte
			noIdent  bool // the CLI passes no identity (before Terraform 1.12)
			unwaited bool // a tainted refresh's tasks were noted in this plan
			shortcut bool
		}{
			{name: "finished, defaults unset", prior: finishedRefresh(sc, nil), shortcut: true},
			{name: "the CLI passes no identity", prior: finishedRefresh(sc, nil), noIdent: true, shortcut: true},
			{name: "every optional attribute set", prior: finishedRefresh(sc, map[string]tftypes.Value{
				"service": str("edge_routine"), "object_type": str("Directory"), "force": tftypes.NewValue(tftypes.Bool, true),
				"routine_id": str("r.sub"), "merge_domain_names": tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, []tftypes.Value{str("a.example.com")}),
				"triggers_replace": str("v1"), "wait_for_completion": tftypes.NewValue(tftypes.Bool, true),
				"split_requests": tftypes.NewValue(tftypes.Bool, true), "timeouts": timeouts,
			}), set: []string{"service", "object_type", "force", "wait_for_completion", "split_requests"}, shortcut: true},
			{name: "defaults set to their values", prior: finishedRefresh(sc, nil), set: []string{"service", "force"}, shortcut: true},
			{name: "a status not final", prior: finishedRefresh(sc, map[string]tftypes.Value{"status": str("Submitted")}), shortcut: true},
			// Left to the framework:
			{name: "imported: force unset is planned false", prior: finishedRefresh(sc, map[string]tftypes.Value{
				"force": tftypes.NewValue(tftypes.Bool, nil), "request_id": str(""),
			}), private: private(importedKey)},
			{name: "a default unset, its prior value another", prior: finishedRefresh(sc, map[string]tftypes.Value{
				"wait_for_completion": tftypes.NewValue(tftypes.Bool, true),
			})},
			{name: "a wait cut short: its mark is withdrawn", prior: finishedRefresh(sc, map[string]tftypes.Value{"status": str("Refreshing")}),
				private: private(unwaitedKey)},
			{name: "paths changed", prior: finishedRefresh(sc, nil), proposed: ptr(finishedRefresh(sc, map[string]tftypes.Value{
				"object_paths": tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, []tftypes.Value{str("example.com/b.html")}),
			}))},
			{name: "created", prior: tftypes.NewValue(stateType, nil), proposed: ptr(finishedRefresh(sc, nil))},
			{name: "destroyed", prior: finishedRefresh(sc, nil), proposed: ptr(tftypes.NewValue(stateType, nil))},
			{name: "tasks of a wait cut short noted", prior: finishedRefresh(sc, nil), unwaited: true},
		} {
			t.Run(c.name, func(t *testing.T) {
				proposed := c.prior
				if c.proposed != nil {
					proposed = *c.proposed
				}
				config := proposed
				if !proposed.IsNull() {
					config = configOf(sc, proposed, c.set...)
				}
				req := &tfprotov6.PlanResourceChangeRequest{
					TypeName:         "alicloud_cache_refresh",
					PriorState:       dynamicValue(t, stateType, c.prior),
					ProposedNewState: dynamicValue(t, stateType, proposed),
					Config:           dynamicValue(t, stateType, config),
					PriorPrivate:     c.private,
				}
				if !c.noIdent && !c.prior.IsNull() {
					req.PriorIdentity = identityOf(t, sc, "704222901")
				}
				var unwaited *unwaitedTasks
				if c.unwaited {
					unwaited = &unwaitedTasks{}
					unwaited.add(cacheRefreshModel{})
				}
				got, ok := sc.plan(req, unwaited)
				if ok != c.shortcut {
					t.Fatalf("shortcut taken: %v, want %v", ok, c.shortcut)
				}
				want, err := fw.PlanResourceChange(ctx, req)
				if err != nil {
					t.Fatal(err)
				}
				if !ok {
					if c.unwaited {
						return // the framework withdraws the noted tasks: nothing in the answer
					}
					// What the shortcut would have answered differs.
					same := decoded(t, want.PlannedState, stateType) == decoded(t, req.PriorState, stateType) &&
						string(want.PlannedPrivate) == string(req.PriorPrivate)
					if same && c.proposed == nil {
						t.Errorf("the framework answers with the prior state and private data: the shortcut could have")
					}
					return
				}
				for _, d := range want.Diagnostics {
					t.Errorf("the framework reports %s: %s", d.Summary, d.Detail)
				}
				if g, w := decoded(t, got.PlannedState, stateType), decoded(t, want.PlannedState, stateType); g != w {
					t.Errorf("planned state:\n%s\nthe framework's:\n%s", g, w)
				}
				if g, w := identityDecoded(t, got.PlannedIdentity, sc.identityType), identityDecoded(t, want.PlannedIdentity, sc.identityType); g != w {
					t.Errorf("planned identity: %s, the framework's: %s", g, w)
				}
				if string(got.PlannedPrivate) != string(want.PlannedPrivate) {
					t.Errorf("planned private data: %q, the framework's: %q", got.PlannedPrivate, want.PlannedPrivate)
				}
				if len(got.RequiresReplace) != len(want.RequiresReplace) || len(got.Diagnostics) != len(want.Diagnostics) ||
					(got.Deferred == nil) != (want.Deferred == nil) {
					t.Errorf("answer %+v, the framework's %+v", got, want)
				}
			})
		}
	})

	t.Run("ReadResource", func(t *testing.T) {
		for _, c := range []struct {
			name     string
			state    tftypes.Value
			taskID   string // of the identity; "-": none passed
			private  []byte
			shortcut bool
		}{
			{name: "Complete", state: finishedRefresh(sc, nil), taskID: "704222901", shortcut: true},
			{name: "Failed", state: finishedRefresh(sc, map[string]tftypes.Value{"status": str("Failed"), "timeouts": timeouts}), taskID: "704222901", shortcut: true},
			// Left to the framework:
			{name: "Refreshing: looked up", state: finishedRefresh(sc, map[string]tftypes.Value{"status": str("Refreshing")}), taskID: "704222901"},
			{name: "no identity yet: recorded", state: finishedRefresh(sc, nil), taskID: ""},
			{name: "the CLI passes no identity", state: finishedRefresh(sc, nil), taskID: "-"},
			{name: "a wait cut short: noted", state: finishedRefresh(sc, nil), taskID: "704222901", private: private(unwaitedKey)},
			{name: "imported", state: finishedRefresh(sc, nil), taskID: "704222901", private: private(importedKey)},
		} {
			t.Run(c.name, func(t *testing.T) {
				req := &tfprotov6.ReadResourceRequest{
					TypeName:     "alicloud_cache_refresh",
					CurrentState: dynamicValue(t, stateType, c.state),
					Private:      c.private,
				}
				if c.taskID != "-" {
					req.CurrentIdentity = identityOf(t, sc, c.taskID)
				}
				got, ok := sc.read(req)
				if ok != c.shortcut {
					t.Fatalf("shortcut taken: %v, want %v", ok, c.shortcut)
				}
				if !ok {
					return
				}
				want, err := fw.ReadResource(ctx, req)
				if err != nil {
					t.Fatal(err)
				}
				for _, d := range want.Diagnostics {
					t.Errorf("the framework reports %s: %s", d.Summary, d.Detail)
				}
				if g, w := decoded(t, got.NewState, stateType), decoded(t, want.NewState, stateType); g != w {
					t.Errorf("new state:\n%s\nthe framework's:\n%s", g, w)
				}
				if g, w := identityDecoded(t, got.NewIdentity, sc.identityType), identityDecoded(t, want.NewIdentity, sc.identityType); g != w {
					t.Errorf("new identity: %s, the framework's: %s", g, w)
				}
				if string(got.Private) != string(want.Private) || len(got.Diagnostics) != len(want.Diagnostics) || (got.Deferred == nil) != (want.Deferred == nil) {
					t.Errorf("answer %+v, the framework's %+v", got, want)
				}
			})
		}
	})

	t.Run("UpgradeResourceState", func(t *testing.T) {
		const finished = `{"id":"cdn:704222901","task_id":"704222901","task_ids":["704222901"],"request_id":"R","status":"Complete",` +
			`"service":"cdn","object_paths":["example.com/index.html"],"object_type":"File","force":false,"routine_id":null,` +
			`"merge_domain_names":null,"triggers_replace":{"value":"v1","type":"string"},"wait_for_completion":true,"split_requests":false,` +
			`"timeouts":{"create":"30m"}`
		for _, c := range []struct {
			name     string
			json     string
			version  int64
			shortcut bool
		}{
			{name: "current", json: finished + "}", shortcut: true},
			{name: "an attribute the schema no longer has", json: finished + `,"gone":"x"}`, shortcut: true},
			{name: "attributes missing", json: `{"id":"cdn:1","status":"Complete"}`, shortcut: true},
			// Left to the framework:
			{name: "another version", json: finished + "}", version: 1},
			{name: "not the schema's", json: `{"id":1,"task_ids":"x"}`},
		} {
			t.Run(c.name, func(t *testing.T) {
				req := &tfprotov6.UpgradeResourceStateRequest{
					TypeName: "alicloud_cache_refresh",
					Version:  c.version,
					RawState: &tfprotov6.RawState{JSON: []byte(c.json)},
				}
				got, ok := sc.upgrade(req)
				if ok != c.shortcut {
					t.Fatalf("shortcut taken: %v, want %v", ok, c.shortcut)
				}
				want, err := fw.UpgradeResourceState(ctx, req)
				if err != nil {
					t.Fatal(err)
				}
				if !ok {
					if len(want.Diagnostics) == 0 {
						t.Errorf("the framework upgrades it: the shortcut could have")
					}
					return
				}
				for _, d := range want.Diagnostics {
					t.Errorf("the framework reports %s: %s", d.Summary, d.Detail)
				}
				if g, w := decoded(t, got.UpgradedState, stateType), decoded(t, want.UpgradedState, stateType); g != w {
					t.Errorf("upgraded state:\n%s\nthe framework's:\n%s", g, w)
				}
			})
		}
	})
}

func ptr[T any](v T) *T { return &v }

// shortcutCounts counts, for alicloud_cache_refresh, the calls a shortcut
// answered and those left to the framework.
type shortcutCounts struct {
	mu     sync.Mutex
	counts map[string]int // "CALL shortcut" or "CALL framework"
}

func (c *shortcutCounts) observe(call string, shortcut bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	way := "framework"
	if shortcut {
		way = "shortcut"
	}
	c.counts[call+" "+way]++
}

func (c *shortcutCounts) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.counts = map[string]int{}
}

// expect fails unless every call named was answered by a shortcut, at
// least n times each.
func (c *shortcutCounts) expect(n int, calls ...string) tfresource.TestCheckFunc {
	return func(*terraform.State) error {
		c.mu.Lock()
		defer c.mu.Unlock()
		for _, call := range calls {
			if c.counts[call+" framework"] > 0 || c.counts[call+" shortcut"] < n {
				return fmt.Errorf("%s: %d answered by a shortcut, %d by the framework; want at least %d and none: %v",
					call, c.counts[call+" shortcut"], c.counts[call+" framework"], n, c.counts)
			}
		}
		return nil
	}
}

// testShortcutsTaken: after an apply of 20 refreshes that waited, a plan
// of the same configuration (and the empty apply terraform-plugin-testing
// runs after it) has every one of calls answered by a shortcut, with the
// real CLI's encoding of the values, and calls nothing.
func testShortcutsTaken(t *testing.T, versionChecks []tfversion.TerraformVersionCheck, calls ...string) {
	srv := startEmulatorWith(t, emulator.Options{TaskDuration: time.Millisecond})
	config := providerBlock(srv) + manyRefreshes(20, true)
	counts := &shortcutCounts{}
	counts.reset()
	tfresource.Test(t, tfresource.TestCase{
		ProtoV6ProviderFactories: map[string]func() (tfprotov6.ProviderServer, error){
			"alicloud": serverWithError(newServer("test", counts.observe)),
		},
		TerraformVersionChecks: versionChecks,
		Steps: []tfresource.TestStep{
			{
				Config: config,
				Check:  tfresource.TestCheckResourceAttr("alicloud_cache_refresh.site.19", "status", "Complete"),
			},
			{
				PreConfig: func() { srv.ResetRequests(); counts.reset() },
				Config:    config,
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: tfresource.ComposeAggregateTestCheckFunc(expectNoRequests(srv), counts.expect(20, calls...)),
			},
		},
	})
}

// TestAccCacheRefresh_planOfFinishedRefreshesTakesShortcuts: the state's
// upgrade and the plan of unchanged refreshes take their shortcuts with
// every CLI.
func TestAccCacheRefresh_planOfFinishedRefreshesTakesShortcuts(t *testing.T) {
	testShortcutsTaken(t, nil, "UpgradeResourceState", "PlanResourceChange")
}

// TestAccCacheRefresh_readOfFinishedRefreshesTakesShortcut: so does the
// read of finished refreshes, with a CLI that keeps their identities
// (Terraform 1.12 and later; before, Read records the identity each time).
func TestAccCacheRefresh_readOfFinishedRefreshesTakesShortcut(t *testing.T) {
	testShortcutsTaken(t, []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)}, "ReadResource")
}
