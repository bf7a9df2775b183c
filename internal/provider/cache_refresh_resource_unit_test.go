package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// validateConfig runs the resource's ValidateConfig on a configuration with
// the given attributes set and every other one null.
func validateConfig(t *testing.T, set map[string]tftypes.Value) diag.Diagnostics {
	t.Helper()
	ctx := context.Background()
	r := NewCacheRefreshResource()
	var schema resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &schema)
	objType := schema.Schema.Type().TerraformType(ctx).(tftypes.Object)
	vals := map[string]tftypes.Value{}
	for name, typ := range objType.AttributeTypes {
		vals[name] = tftypes.NewValue(typ, nil)
	}
	for name, v := range set {
		vals[name] = v
	}
	var resp resource.ValidateConfigResponse
	r.(resource.ResourceWithValidateConfig).ValidateConfig(ctx, resource.ValidateConfigRequest{
		Config: tfsdk.Config{Schema: schema.Schema, Raw: tftypes.NewValue(objType, vals)},
	}, &resp)
	return resp.Diagnostics
}

func pathList(n int) tftypes.Value {
	paths := make([]tftypes.Value, n)
	for i := range paths {
		paths[i] = tftypes.NewValue(tftypes.String, fmt.Sprintf("example.com/%d.js", i))
	}
	return tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, paths)
}

func TestValidateConfigWarnsAboveDailyQuota(t *testing.T) {
	diags := validateConfig(t, map[string]tftypes.Value{
		"object_type":  tftypes.NewValue(tftypes.String, "IgnoreParams"),
		"object_paths": pathList(150),
	})
	if diags.HasError() || len(diags.Warnings()) != 1 || !strings.Contains(diags.Warnings()[0].Detail(), "default daily quota of 100") {
		t.Fatalf("want one quota warning, got %v", diags)
	}
	if diags := validateConfig(t, map[string]tftypes.Value{"object_paths": pathList(150)}); len(diags) != 0 {
		t.Fatalf("150 File URLs: %v", diags)
	}
}
