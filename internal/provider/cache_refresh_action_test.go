package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/purgeworks/terraform-provider-alicloud/internal/emulator"
)

// The action needs Terraform 1.14, which cannot run here: these tests speak
// the plugin protocol to the provider server the CLI would talk to, and
// invoke the action against the emulator.

// protocolServer is a configured provider server pointed at srv, and the
// action's config type.
//
//nolint:staticcheck // SA1019: terraform-plugin-go v0.31 serves actions only through ProviderServerWithActions.
func protocolServer(t *testing.T, srv *emulator.Server) (tfprotov6.ProviderServerWithActions, tftypes.Object) {
	t.Helper()
	ctx := context.Background()
	base, err := protoV6ProviderFactories["alicloud"]()
	if err != nil {
		t.Fatal(err)
	}
	server, ok := base.(tfprotov6.ProviderServerWithActions) //nolint:staticcheck // SA1019: as above.
	if !ok {
		t.Fatal("the provider server does not serve actions")
	}
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schemas.Diagnostics) > 0 {
		t.Fatalf("schema: %v %v", err, schemas.Diagnostics)
	}
	actionSchema, found := schemas.ActionSchemas["alicloud_cache_refresh"]
	if !found {
		t.Fatal("no alicloud_cache_refresh action in the schema")
	}

	providerType := schemas.Provider.ValueType().(tftypes.Object)
	vals := nullValues(providerType)
	vals["access_key"] = tftypes.NewValue(tftypes.String, testAccessKey)
	vals["secret_key"] = tftypes.NewValue(tftypes.String, testSecretKey)
	vals["protocol"] = tftypes.NewValue(tftypes.String, "HTTP")
	endpointsType := providerType.AttributeTypes["endpoints"].(tftypes.Object)
	endpoints := nullValues(endpointsType)
	for _, name := range []string{"cdn", "dcdn", "vod"} {
		endpoints[name] = tftypes.NewValue(tftypes.String, srv.Addr())
	}
	vals["endpoints"] = tftypes.NewValue(endpointsType, endpoints)
	config, err := tfprotov6.NewDynamicValue(providerType, tftypes.NewValue(providerType, vals))
	if err != nil {
		t.Fatal(err)
	}
	configured, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: &config})
	if err != nil || len(configured.Diagnostics) > 0 {
		t.Fatalf("configure: %v %v", err, configured.Diagnostics)
	}
	return server, actionSchema.Schema.ValueType().(tftypes.Object)
}

func nullValues(typ tftypes.Object) map[string]tftypes.Value {
	vals := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		vals[name] = tftypes.NewValue(at, nil)
	}
	return vals
}

// objectValue is an object of typ, such as the action's config or a
// resource's state, with the given attributes set and the others null.
func objectValue(t *testing.T, typ tftypes.Object, set map[string]tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	vals := nullValues(typ)
	for k, v := range set {
		vals[k] = v
	}
	dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, vals))
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

// invokeDiagnostics invokes the action with config and returns the text of
// the diagnostics its completion carries.
//
//nolint:staticcheck // SA1019: as in protocolServer.
func invokeDiagnostics(t *testing.T, server tfprotov6.ProviderServerWithActions, config *tfprotov6.DynamicValue) string {
	t.Helper()
	stream, err := server.InvokeAction(context.Background(), &tfprotov6.InvokeActionRequest{ActionType: "alicloud_cache_refresh", Config: config})
	if err != nil {
		t.Fatal(err)
	}
	var text string
	for ev := range stream.Events {
		if e, ok := ev.Type.(tfprotov6.CompletedInvokeActionEventType); ok {
			text = diagText(e.Diagnostics)
		}
	}
	return text
}

func strs(ss ...string) tftypes.Value {
	vals := make([]tftypes.Value, len(ss))
	for i, s := range ss {
		vals[i] = tftypes.NewValue(tftypes.String, s)
	}
	return tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, vals)
}

func diagText(diags []*tfprotov6.Diagnostic) string {
	var b strings.Builder
	for _, d := range diags {
		fmt.Fprintf(&b, "%s: %s\n", d.Summary, d.Detail)
	}
	return b.String()
}

// TestActionValidatesLikeTheResource: the action's plan-time validation is
// the resource's, and sends nothing.
func TestActionValidatesLikeTheResource(t *testing.T) {
	srv := startEmulator(t)
	server, typ := protocolServer(t, srv)
	tests := []struct {
		set  map[string]tftypes.Value
		want string
	}{
		{map[string]tftypes.Value{"object_type": tftypes.NewValue(tftypes.String, "Directory"), "object_paths": strs("example.com/img")},
			`object_paths[0]: a Directory path must end with "/"; write "example.com/img/"`},
		{map[string]tftypes.Value{"service": tftypes.NewValue(tftypes.String, "edge_routine"), "object_paths": strs("example.com/a")},
			"set routine_id"},
		{map[string]tftypes.Value{"object_type": tftypes.NewValue(tftypes.String, "file"), "object_paths": strs("example.com/a")},
			`did you mean "File"?`},
		{map[string]tftypes.Value{"object_paths": strs("example.com/a"), "timeout": tftypes.NewValue(tftypes.String, "soon")},
			`"soon" is not a positive duration`},
	}
	for _, tc := range tests {
		resp, err := server.ValidateActionConfig(context.Background(), &tfprotov6.ValidateActionConfigRequest{
			ActionType: "alicloud_cache_refresh", Config: objectValue(t, typ, tc.set),
		})
		if err != nil || !strings.Contains(diagText(resp.Diagnostics), tc.want) {
			t.Errorf("want %q, got %v %s", tc.want, err, diagText(resp.Diagnostics))
		}
	}
	ok, err := server.ValidateActionConfig(context.Background(), &tfprotov6.ValidateActionConfigRequest{
		ActionType: "alicloud_cache_refresh", Config: objectValue(t, typ, map[string]tftypes.Value{"object_paths": strs("example.com/a")}),
	})
	if err != nil || len(ok.Diagnostics) != 0 {
		t.Errorf("a valid config: %v %s", err, diagText(ok.Diagnostics))
	}
	assertNothingSent(t, srv)
}

// TestActionInvokeWaitsAndReportsProgress invokes the action as Terraform
// does and reads its event stream.
func TestActionInvokeWaitsAndReportsProgress(t *testing.T) {
	srv := startEmulatorWith(t, emulator.Options{TaskDuration: 2 * time.Second})
	server, typ := protocolServer(t, srv)
	stream, err := server.InvokeAction(context.Background(), &tfprotov6.InvokeActionRequest{
		ActionType: "alicloud_cache_refresh",
		Config:     objectValue(t, typ, map[string]tftypes.Value{"service": tftypes.NewValue(tftypes.String, "dcdn"), "object_paths": strs("example.com/a.js", "example.com/b.js")}),
	})
	if err != nil {
		t.Fatal(err)
	}
	var progress []string
	var completed *tfprotov6.CompletedInvokeActionEventType
	for ev := range stream.Events {
		switch e := ev.Type.(type) {
		case tfprotov6.ProgressInvokeActionEventType:
			progress = append(progress, e.Message)
		case tfprotov6.CompletedInvokeActionEventType:
			completed = &e
		}
	}
	if completed == nil || len(completed.Diagnostics) > 0 {
		t.Fatalf("not completed cleanly: %+v", completed)
	}
	sent := srv.Accepted("RefreshDcdnObjectCaches")
	if len(sent) != 1 || sent[0].Params["ObjectPath"] != "example.com/a.js\nexample.com/b.js" {
		t.Fatalf("sent %+v", sent)
	}
	taskID := srv.Tasks()[0].TaskID
	want := []string{
		"Refreshing 2 File paths with RefreshDcdnObjectCaches",
		"Submitted: task " + taskID,
		"Task " + taskID + ": Refreshing, 0% of 2 paths",
		"Task " + taskID + ": Complete, 100% of 2 paths",
		"Task " + taskID + ": complete",
	}
	got := strings.Join(progress, "\n")
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Fatalf("progress lacks %q:\n%s", w, got)
		}
	}
}

func TestActionInvokeReportsFailure(t *testing.T) {
	srv := startEmulatorWith(t, emulator.Options{TaskDuration: time.Second})
	srv.FailNextTasks(1, "Origin Timeout")
	server, typ := protocolServer(t, srv)
	text := invokeDiagnostics(t, server, objectValue(t, typ, map[string]tftypes.Value{"object_paths": strs("example.com/a.js")}))
	if !strings.Contains(text, "The refresh failed") || !strings.Contains(text, "example.com/a.js (task ") || !strings.Contains(text, "Origin Timeout") {
		t.Fatalf("diagnostics: %s", text)
	}
}

// TestAccCacheRefreshAction_cli runs the action from a real CLI; it needs
// Terraform 1.14 and skips below.
func TestAccCacheRefreshAction_cli(t *testing.T) {
	srv := startEmulator(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: protoV6ProviderFactories,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{{
			Config: providerBlock(srv) + `
action "alicloud_cache_refresh" "release" {
  config {
    object_paths = ["example.com/index.html"]
  }
}
resource "terraform_data" "release" {
  input = "1.0.0"
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.alicloud_cache_refresh.release]
    }
  }
}`,
			Check: checkSent(srv, "RefreshObjectCaches", 1, map[string]string{"ObjectPath": "example.com/index.html"}),
		}},
	})
}

// TestActionSplitStoppedMidway: the action keeps no state, and says so.
func TestActionSplitStoppedMidway(t *testing.T) {
	srv := startEmulator(t, "mine.example.com")
	server, typ := protocolServer(t, srv)
	text := invokeDiagnostics(t, server, objectValue(t, typ, map[string]tftypes.Value{
		"service": tftypes.NewValue(tftypes.String, "edge_routine"), "routine_id": tftypes.NewValue(tftypes.String, "r.sub"),
		"split_requests": tftypes.NewValue(tftypes.Bool, true), "object_paths": strs("mine.example.com/a", "theirs.example.com/b"),
	}))
	if !strings.Contains(text, "InvalidDomain.NotFound") || !strings.Contains(text, "invoking the action again refreshes every path again") || strings.Contains(text, "state") {
		t.Fatalf("diagnostics: %s", text)
	}
}

// TestActionRefusesABadTimeoutAtInvoke: a timeout unknown at plan is
// checked when the action runs, before anything is sent.
func TestActionRefusesABadTimeoutAtInvoke(t *testing.T) {
	srv := startEmulator(t)
	server, typ := protocolServer(t, srv)
	text := invokeDiagnostics(t, server, objectValue(t, typ, map[string]tftypes.Value{
		"object_paths": strs("example.com/a.js"), "timeout": tftypes.NewValue(tftypes.String, "0s"),
	}))
	if !strings.Contains(text, `timeout: "0s" is not a positive duration`) {
		t.Fatalf("diagnostics: %s", text)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Fatalf("%d requests sent", n)
	}
}
