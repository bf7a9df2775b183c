package provider

import (
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/dynamicplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// importedKey marks, in private state, a resource whose inputs an import
// could not all recover: the task look-ups do not report force, the
// routine, the merged domains or the triggers. The first plan after the
// import adopts the configured values without refreshing again; the update
// that applies it clears the mark.
const importedKey = "imported"

type privateData interface {
	GetKey(context.Context, string) ([]byte, diag.Diagnostics)
}

func wasImported(ctx context.Context, p privateData) bool {
	if p == nil {
		return false
	}
	v, _ := p.GetKey(ctx, importedKey)
	return string(v) == "true"
}

const replaceUnlessImportedDesc = "Changing this refreshes again, except on the first plan after an import, which adopts the configured value."

func stringReplaceUnlessImported() planmodifier.String {
	return stringplanmodifier.RequiresReplaceIf(func(ctx context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
		resp.RequiresReplace = !wasImported(ctx, req.Private)
	}, replaceUnlessImportedDesc, replaceUnlessImportedDesc)
}

func boolReplaceUnlessImported() planmodifier.Bool {
	return boolplanmodifier.RequiresReplaceIf(func(ctx context.Context, req planmodifier.BoolRequest, resp *boolplanmodifier.RequiresReplaceIfFuncResponse) {
		resp.RequiresReplace = !wasImported(ctx, req.Private)
	}, replaceUnlessImportedDesc, replaceUnlessImportedDesc)
}

func listReplaceUnlessImported() planmodifier.List {
	return listplanmodifier.RequiresReplaceIf(func(ctx context.Context, req planmodifier.ListRequest, resp *listplanmodifier.RequiresReplaceIfFuncResponse) {
		resp.RequiresReplace = !wasImported(ctx, req.Private)
	}, replaceUnlessImportedDesc, replaceUnlessImportedDesc)
}

func dynamicReplaceUnlessImported() planmodifier.Dynamic {
	return dynamicplanmodifier.RequiresReplaceIf(func(ctx context.Context, req planmodifier.DynamicRequest, resp *dynamicplanmodifier.RequiresReplaceIfFuncResponse) {
		resp.RequiresReplace = !wasImported(ctx, req.Private)
	}, replaceUnlessImportedDesc, replaceUnlessImportedDesc)
}

// replaceUnlessSamePaths refreshes again when the set of paths changes; a
// new order purges nothing new, so it is an update that calls nothing.
// An import reports paths grouped by task ID, which may differ from the
// configured order.
func replaceUnlessSamePaths() planmodifier.List {
	desc := "Changing the paths refreshes again; reordering them does not."
	return listplanmodifier.RequiresReplaceIf(func(_ context.Context, req planmodifier.ListRequest, resp *listplanmodifier.RequiresReplaceIfFuncResponse) {
		resp.RequiresReplace = !samePaths(req.StateValue, req.PlanValue)
	}, desc, desc)
}

func samePaths(a, b types.List) bool {
	if a.IsUnknown() || b.IsUnknown() {
		return false
	}
	as, _ := stringElements(a.Elements())
	bs, pending := stringElements(b.Elements())
	if len(pending) > 0 {
		return false
	}
	slices.Sort(as)
	slices.Sort(bs)
	return slices.Equal(as, bs)
}
