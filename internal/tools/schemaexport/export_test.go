package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/purgeworks/terraform-provider-alicloud/internal/provider"
)

// A protocol schema with every construct the JSON format has, and what
// Terraform writes for each.
func TestConvertEveryConstruct(t *testing.T) {
	str := func(name string) *tfprotov6.SchemaAttribute {
		return &tfprotov6.SchemaAttribute{Name: name, Type: tftypes.String, Optional: true}
	}
	resp := &tfprotov6.GetProviderSchemaResponse{
		Provider: &tfprotov6.Schema{Block: &tfprotov6.SchemaBlock{
			Description: "The provider.",
			Attributes:  []*tfprotov6.SchemaAttribute{{Name: "secret", Type: tftypes.String, Optional: true, Sensitive: true}},
		}},
		ResourceSchemas: map[string]*tfprotov6.Schema{"x_thing": {Version: 2, Block: &tfprotov6.SchemaBlock{
			Description:     "A *thing*.",
			DescriptionKind: tfprotov6.StringKindMarkdown,
			Deprecated:      true,
			Attributes: []*tfprotov6.SchemaAttribute{
				{Name: "id", Type: tftypes.String, Computed: true, Description: "ID.", DescriptionKind: tfprotov6.StringKindMarkdown},
				{Name: "paths", Type: tftypes.List{ElementType: tftypes.String}, Required: true},
				{Name: "triggers", Type: tftypes.DynamicPseudoType, Optional: true},
				{Name: "token", Type: tftypes.String, Optional: true, WriteOnly: true, Deprecated: true},
				{Name: "pair", Type: tftypes.Tuple{ElementTypes: []tftypes.Type{tftypes.Bool, tftypes.Map{ElementType: tftypes.Number}}}, Optional: true},
				{Name: "obj", Type: tftypes.Object{
					AttributeTypes:     map[string]tftypes.Type{"a": tftypes.String, "b": tftypes.Set{ElementType: tftypes.Number}},
					OptionalAttributes: map[string]struct{}{"b": {}},
				}, Optional: true},
				{Name: "timeouts", Optional: true, NestedType: &tfprotov6.SchemaObject{
					Nesting:    tfprotov6.SchemaObjectNestingModeSingle,
					Attributes: []*tfprotov6.SchemaAttribute{str("create")},
				}},
				{Name: "rules", Optional: true, NestedType: &tfprotov6.SchemaObject{
					Nesting:    tfprotov6.SchemaObjectNestingModeMap,
					Attributes: []*tfprotov6.SchemaAttribute{{Name: "on", Type: tftypes.Bool, Required: true}},
				}},
			},
			BlockTypes: []*tfprotov6.SchemaNestedBlock{
				{TypeName: "one", Nesting: tfprotov6.SchemaNestedBlockNestingModeSingle, Block: &tfprotov6.SchemaBlock{Attributes: []*tfprotov6.SchemaAttribute{str("v")}}},
				{TypeName: "many", Nesting: tfprotov6.SchemaNestedBlockNestingModeList, MinItems: 1, MaxItems: 3, Block: &tfprotov6.SchemaBlock{}},
				{TypeName: "grp", Nesting: tfprotov6.SchemaNestedBlockNestingModeGroup, Block: &tfprotov6.SchemaBlock{}},
			},
		}}},
		DataSourceSchemas:        map[string]*tfprotov6.Schema{"x_info": {Block: &tfprotov6.SchemaBlock{Attributes: []*tfprotov6.SchemaAttribute{str("name")}}}},
		EphemeralResourceSchemas: map[string]*tfprotov6.Schema{"x_token": {Block: &tfprotov6.SchemaBlock{}}},
		ActionSchemas: map[string]*tfprotov6.ActionSchema{"x_purge": {Schema: &tfprotov6.Schema{Block: &tfprotov6.SchemaBlock{
			Description: "Purges.",
			Attributes:  []*tfprotov6.SchemaAttribute{{Name: "paths", Type: tftypes.List{ElementType: tftypes.String}, Required: true}},
		}}}},
		Functions: map[string]*tfprotov6.Function{"join": {
			Summary:           "Joins.",
			Parameters:        []*tfprotov6.FunctionParameter{{Name: "sep", Type: tftypes.String, AllowNullValue: true}},
			VariadicParameter: &tfprotov6.FunctionParameter{Name: "parts", Type: tftypes.String},
			Return:            &tfprotov6.FunctionReturn{Type: tftypes.String},
		}},
	}
	ids := &tfprotov6.GetResourceIdentitySchemasResponse{IdentitySchemas: map[string]*tfprotov6.ResourceIdentitySchema{
		"x_thing": {Version: 1, IdentityAttributes: []*tfprotov6.ResourceIdentitySchemaAttribute{{Name: "id", Type: tftypes.String, RequiredForImport: true}}},
	}}

	got := marshal(t, mustConvert(t, resp, ids))
	var root map[string]any
	if err := json.Unmarshal(got, &root); err != nil {
		t.Fatal(err)
	}
	ps := dig(t, root, "provider_schemas", "x").(map[string]any)

	want := map[string]string{
		// Terraform writes the kind of every description, "plain" by default.
		"provider.block.description_kind":                    `"plain"`,
		"provider.block.attributes.secret":                   `{"description_kind":"plain","optional":true,"sensitive":true,"type":"string"}`,
		"resource_schemas.x_thing.version":                   `2`,
		"resource_schemas.x_thing.block.description":         `"A *thing*."`,
		"resource_schemas.x_thing.block.description_kind":    `"markdown"`,
		"resource_schemas.x_thing.block.deprecated":          `true`,
		"resource_schemas.x_thing.block.attributes.id":       `{"computed":true,"description":"ID.","description_kind":"markdown","type":"string"}`,
		"resource_schemas.x_thing.block.attributes.paths":    `{"description_kind":"plain","required":true,"type":["list","string"]}`,
		"resource_schemas.x_thing.block.attributes.token":    `{"deprecated":true,"description_kind":"plain","optional":true,"type":"string","write_only":true}`,
		"resource_schemas.x_thing.block.attributes.obj":      `{"description_kind":"plain","optional":true,"type":["object",{"a":"string","b":["set","number"]},["b"]]}`,
		"resource_schemas.x_thing.block.attributes.pair":     `{"description_kind":"plain","optional":true,"type":["tuple",["bool",["map","number"]]]}`,
		"resource_schemas.x_thing.block.attributes.rules":    `{"description_kind":"plain","nested_type":{"attributes":{"on":{"description_kind":"plain","required":true,"type":"bool"}},"nesting_mode":"map"},"optional":true}`,
		"resource_schemas.x_thing.block.block_types.one":     `{"block":{"attributes":{"v":{"description_kind":"plain","optional":true,"type":"string"}},"description_kind":"plain"},"nesting_mode":"single"}`,
		"resource_schemas.x_thing.block.block_types.many":    `{"block":{"description_kind":"plain"},"max_items":3,"min_items":1,"nesting_mode":"list"}`,
		"resource_schemas.x_thing.block.block_types.grp":     `{"block":{"description_kind":"plain"},"nesting_mode":"group"}`,
		"resource_schemas.x_thing.block.attributes.triggers": `{"description_kind":"plain","optional":true,"type":"dynamic"}`,
		"resource_schemas.x_thing.block.attributes.timeouts": `{"description_kind":"plain","nested_type":{"attributes":{"create":{"description_kind":"plain","optional":true,"type":"string"}},"nesting_mode":"single"},"optional":true}`,
		"data_source_schemas.x_info.block.attributes.name":   `{"description_kind":"plain","optional":true,"type":"string"}`,
		"ephemeral_resource_schemas.x_token":                 `{"block":{"description_kind":"plain"},"version":0}`,
		"action_schemas.x_purge":                             `{"block":{"attributes":{"paths":{"description_kind":"plain","required":true,"type":["list","string"]}},"description":"Purges.","description_kind":"plain"}}`,
		"functions.join":                                     `{"parameters":[{"is_nullable":true,"name":"sep","type":"string"}],"return_type":"string","summary":"Joins.","variadic_parameter":{"name":"parts","type":"string"}}`,
		"resource_identity_schemas.x_thing":                  `{"attributes":{"id":{"required_for_import":true,"type":"string"}},"version":1}`,
	}
	for path, w := range want {
		v := dig(t, ps, strings.Split(path, ".")...)
		g, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if string(g) != w {
			t.Errorf("%s:\n got %s\nwant %s", path, g, w)
		}
	}
	if v := dig(t, root, "format_version"); v != formatVersion {
		t.Errorf("format_version = %v, want %s", v, formatVersion)
	}
}

func TestConvertRefusesWhatItCannotRepresent(t *testing.T) {
	cases := map[string]*tfprotov6.SchemaBlock{
		"unknown block nesting": {BlockTypes: []*tfprotov6.SchemaNestedBlock{{TypeName: "b", Nesting: tfprotov6.SchemaNestedBlockNestingModeInvalid}}},
		"unknown object nesting": {Attributes: []*tfprotov6.SchemaAttribute{{Name: "a", Optional: true,
			NestedType: &tfprotov6.SchemaObject{Nesting: tfprotov6.SchemaObjectNestingModeInvalid}}}},
		"attribute without a type":     {Attributes: []*tfprotov6.SchemaAttribute{{Name: "a", Optional: true}}},
		"list without an element type": {Attributes: []*tfprotov6.SchemaAttribute{{Name: "a", Optional: true, Type: tftypes.List{}}}},
		"negative item count":          {BlockTypes: []*tfprotov6.SchemaNestedBlock{{TypeName: "b", Nesting: tfprotov6.SchemaNestedBlockNestingModeList, MaxItems: -1}}},
	}
	for name, block := range cases {
		t.Run(name, func(t *testing.T) {
			resp := &tfprotov6.GetProviderSchemaResponse{ResourceSchemas: map[string]*tfprotov6.Schema{"x_r": {Block: block}}}
			if _, err := Convert(resp, nil, "x"); err == nil {
				t.Fatal("no error")
			}
		})
	}
}

func TestDiagnosticsError(t *testing.T) {
	diags := []*tfprotov6.Diagnostic{
		{Severity: tfprotov6.DiagnosticSeverityWarning, Summary: "just a warning"},
		{Severity: tfprotov6.DiagnosticSeverityError, Summary: "Broken schema", Detail: "attribute x"},
	}
	err := diagnosticsError("GetProviderSchema", diags)
	if err == nil || !strings.Contains(err.Error(), "Broken schema: attribute x") || strings.Contains(err.Error(), "warning") {
		t.Fatalf("got %v", err)
	}
	if err := diagnosticsError("GetProviderSchema", diags[:1]); err != nil {
		t.Fatalf("a warning is not an error: %v", err)
	}
}

// The provider's own schema exports, with everything it serves.
func TestExportProvider(t *testing.T) {
	got := exportProvider(t)
	ps := got.Schemas[providerName]
	if ps == nil || ps.ConfigSchema == nil {
		t.Fatalf("no provider schema under %q", providerName)
	}
	for _, name := range []string{"alicloud_cache_refresh"} {
		if ps.ResourceSchemas[name] == nil {
			t.Errorf("resource %s is missing", name)
		}
	}
	for _, name := range []string{"alicloud_cache_refresh_quota", "alicloud_cache_refresh_tasks"} {
		if ps.DataSourceSchemas[name] == nil {
			t.Errorf("data source %s is missing", name)
		}
	}
}

// With TF_ACC=1 and a CLI (TF_ACC_TERRAFORM_PATH, as scripts/tf-cli.sh --env
// sets it), the export equals what the CLI itself exports, except for the
// kinds of schema an older CLI leaves out (actions before Terraform 1.14).
func TestExportMatchesCLI(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("set TF_ACC=1 and TF_ACC_TERRAFORM_PATH to compare with a CLI's export")
	}
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if cli == "" {
		var err error
		if cli, err = exec.LookPath("terraform"); err != nil {
			t.Skip("no CLI: set TF_ACC_TERRAFORM_PATH (eval \"$(scripts/tf-cli.sh --env)\")")
		}
	}

	dir := t.TempDir()
	plugins := filepath.Join(dir, "bin")
	runCmd(t, "", "go", "build", "-o", filepath.Join(plugins, "terraform-provider-alicloud"), "github.com/purgeworks/terraform-provider-alicloud")
	rc := filepath.Join(dir, "cli.tfrc")
	writeFile(t, rc, fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"purgeworks/alicloud\" = %q\n  }\n  direct {}\n}\n", plugins))
	writeFile(t, filepath.Join(dir, "main.tf"), "terraform {\n  required_providers {\n    alicloud = { source = \"purgeworks/alicloud\" }\n  }\n}\n")
	t.Setenv("TF_CLI_CONFIG_FILE", rc)
	t.Setenv("CHECKPOINT_DISABLE", "1")
	out := runCmd(t, dir, cli, "providers", "schema", "-json")

	var fromCLI map[string]any
	if err := json.Unmarshal(out, &fromCLI); err != nil {
		t.Fatalf("decoding the CLI's export: %v", err)
	}
	var cliSchema map[string]any
	for addr, s := range dig(t, fromCLI, "provider_schemas").(map[string]any) {
		if strings.HasSuffix(addr, "/purgeworks/alicloud") {
			cliSchema = s.(map[string]any)
		}
	}
	if cliSchema == nil {
		t.Fatalf("the CLI exported no purgeworks/alicloud schema: %.300s", out)
	}

	var ours map[string]any
	if err := json.Unmarshal(marshal(t, exportProvider(t)), &ours); err != nil {
		t.Fatal(err)
	}
	ourSchema := dig(t, ours, "provider_schemas", providerName).(map[string]any)
	for _, kind := range []string{"action_schemas", "resource_identity_schemas", "list_resource_schemas"} {
		if _, ok := cliSchema[kind]; !ok && ourSchema[kind] != nil {
			t.Logf("%s: this CLI does not export them; compared without", kind)
			delete(ourSchema, kind)
		}
	}
	if !reflect.DeepEqual(ourSchema, cliSchema) {
		a, _ := json.MarshalIndent(ourSchema, "", " ")
		b, _ := json.MarshalIndent(cliSchema, "", " ")
		t.Fatalf("the export differs from %s providers schema -json\n--- ours\n%s\n--- the CLI's\n%s", filepath.Base(cli), a, b)
	}
}

func exportProvider(t *testing.T) *ProviderSchemas {
	t.Helper()
	got, err := Export(context.Background(), providerserver.NewProtocol6(provider.New("test")())(), providerName)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func mustConvert(t *testing.T, resp *tfprotov6.GetProviderSchemaResponse, ids *tfprotov6.GetResourceIdentitySchemasResponse) *ProviderSchemas {
	t.Helper()
	got, err := Convert(resp, ids, "x")
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func marshal(t *testing.T, v any) []byte {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func dig(t *testing.T, v any, path ...string) any {
	t.Helper()
	for i, k := range path {
		m, ok := v.(map[string]any)
		if !ok {
			t.Fatalf("%s is not an object", strings.Join(path[:i], "."))
		}
		if v, ok = m[k]; !ok {
			t.Fatalf("%s is missing", strings.Join(path[:i+1], "."))
		}
	}
	return v
}

func runCmd(t *testing.T, dir, name string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	return out
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
