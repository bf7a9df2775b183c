package provider

import (
	"context"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/dynamicplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/purgeworks/terraform-provider-alicloud/internal/refresh"
)

// importedKey marks, in private state, a resource whose inputs an import
// could not all recover: the task look-ups do not report force, the
// routine, the merged domains or the triggers. While the mark holds, plans
// adopt the configured values without refreshing again.
//
// It holds for the first plan and apply after the import, and no longer:
// once the configuration matched, a change of trigger must purge. Its value
// counts the reads since the import (the import's own read is the first,
// the next plan's the second), since no other call sees a plan go by with
// nothing to do. The update that adopts values clears it too.
const importedKey = "imported"

// importedReads is how many reads the mark outlives.
const importedReads = 2

type privateData interface {
	GetKey(context.Context, string) ([]byte, diag.Diagnostics)
}

type privateStore interface {
	privateData
	SetKey(context.Context, string, []byte) diag.Diagnostics
}

func wasImported(ctx context.Context, p privateData) bool {
	if p == nil {
		return false
	}
	v, _ := p.GetKey(ctx, importedKey)
	return len(v) > 0
}

// markImported sets the mark of a resource just imported.
func markImported(ctx context.Context, p privateStore) diag.Diagnostics {
	return p.SetKey(ctx, importedKey, []byte("0"))
}

// countImportedRead counts a read against the mark, and clears it once it
// has outlived importedReads.
func countImportedRead(ctx context.Context, p privateStore) diag.Diagnostics {
	v, diags := p.GetKey(ctx, importedKey)
	if len(v) == 0 || diags.HasError() {
		return diags
	}
	n, err := strconv.Atoi(string(v))
	if err != nil || n >= importedReads {
		return p.SetKey(ctx, importedKey, nil)
	}
	return p.SetKey(ctx, importedKey, []byte(strconv.Itoa(n+1)))
}

const replaceUnlessImportedDesc = "Changing this refreshes again, except in the first plan and apply after an import, which adopt the configured value."

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

// replaceUnlessSamePaths refreshes again when the paths name other purge
// targets; a new order or spelling of the same targets (refresh.TargetOf:
// with or without http://, encoded or not; a Regex pattern only as
// written) purges nothing new, so it is an update that calls nothing. An
// import reports paths grouped by task ID and as Alibaba spells them; a
// task ID merged with other refreshes of the domain lists their paths too,
// so after an import the configured paths need only be among the task's.
func replaceUnlessSamePaths() planmodifier.List {
	desc := "Changing the paths refreshes again; reordering them, or spelling the same URLs otherwise, does not."
	return listplanmodifier.RequiresReplaceIf(func(ctx context.Context, req planmodifier.ListRequest, resp *listplanmodifier.RequiresReplaceIfFuncResponse) {
		var typ types.String
		resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("object_type"), &typ)...)
		resp.RequiresReplace = !samePaths(typ, req.StateValue, req.PlanValue, wasImported(ctx, req.Private))
	}, desc, desc)
}

// samePaths reports whether planned, of object type typ, purges nothing
// prior did not: the same targets, or, after an import, targets among the
// imported task's. An object type not known yet compares as Regex does,
// by the paths' own text: a needless purge rather than a lost one.
func samePaths(typ types.String, prior, planned types.List, imported bool) bool {
	if prior.IsUnknown() || planned.IsUnknown() {
		return false
	}
	was, _ := stringElements(prior.Elements())
	now, pending := stringElements(planned.Elements())
	if len(pending) > 0 {
		return false
	}
	objectType, err := refresh.ParseObjectType(typ.ValueString())
	if err != nil { // unknown
		objectType = refresh.Regex
	}
	if imported {
		return len(now) > 0 && refresh.PathsAmong(objectType, now, was)
	}
	return refresh.SamePathTargets(objectType, was, now)
}
