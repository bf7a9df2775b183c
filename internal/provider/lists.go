package provider

// Conversions between Terraform lists and Go slices.

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// stringElements returns a list's strings and the indices not known yet.
func stringElements(elems []attr.Value) ([]string, map[int]bool) {
	var vals []string
	pending := map[int]bool{}
	for i, e := range elems {
		s, _ := e.(types.String)
		if s.IsUnknown() {
			pending[i] = true
		}
		vals = append(vals, s.ValueString())
	}
	return vals, pending
}

// stringList is s as a list of strings.
func stringList(ctx context.Context, s []string, diags *diag.Diagnostics) types.List {
	l, d := types.ListValueFrom(ctx, types.StringType, s)
	diags.Append(d...)
	return l
}
