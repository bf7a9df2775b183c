package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/purgeworks/terraform-provider-alicloud/internal/refresh"
)

// importedKey marks, in private state, a resource just imported. The task
// look-ups report the paths and the object type but not force, the routine,
// the merged domains or the triggers, so the import leaves force null (see
// importedModel): the first plan after it is then always an update, which
// calls nothing and records the configured values. While the mark holds,
// plans adopt those values instead of replacing the resource; the update
// clears it. Reads leave it alone, so a plan or a refresh-only apply in
// between changes nothing.
const importedKey = "imported"

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
	return p.SetKey(ctx, importedKey, []byte("1"))
}

const replaceUnlessImportedDesc = "Changing this refreshes again, except in the first apply after an import, which adopts the configured value."

// replaceUnlessImported replaces the resource when the value changes,
// except while an import's mark holds. It is one plan modifier for the
// attribute types that need it.
type replaceUnlessImported struct{}

var (
	_ planmodifier.Bool    = replaceUnlessImported{}
	_ planmodifier.String  = replaceUnlessImported{}
	_ planmodifier.List    = replaceUnlessImported{}
	_ planmodifier.Dynamic = replaceUnlessImported{}
)

func (replaceUnlessImported) Description(context.Context) string { return replaceUnlessImportedDesc }
func (replaceUnlessImported) MarkdownDescription(context.Context) string {
	return replaceUnlessImportedDesc
}

func (m replaceUnlessImported) PlanModifyBool(ctx context.Context, req planmodifier.BoolRequest, resp *planmodifier.BoolResponse) {
	resp.RequiresReplace = m.replaces(ctx, req.State.Raw, req.Plan.Raw, req.StateValue, req.PlanValue, req.Private)
}

func (m replaceUnlessImported) PlanModifyString(ctx context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	resp.RequiresReplace = m.replaces(ctx, req.State.Raw, req.Plan.Raw, req.StateValue, req.PlanValue, req.Private)
}

func (m replaceUnlessImported) PlanModifyList(ctx context.Context, req planmodifier.ListRequest, resp *planmodifier.ListResponse) {
	resp.RequiresReplace = m.replaces(ctx, req.State.Raw, req.Plan.Raw, req.StateValue, req.PlanValue, req.Private)
}

func (m replaceUnlessImported) PlanModifyDynamic(ctx context.Context, req planmodifier.DynamicRequest, resp *planmodifier.DynamicResponse) {
	resp.RequiresReplace = m.replaces(ctx, req.State.Raw, req.Plan.Raw, req.StateValue, req.PlanValue, req.Private)
}

// replaces is RequiresReplaceIf's rule: neither a create nor a destroy, and
// a changed value, replaces unless the import's mark holds.
func (replaceUnlessImported) replaces(ctx context.Context, state, plan tftypes.Value, prior, planned attr.Value, p privateData) bool {
	if state.IsNull() || plan.IsNull() || planned.Equal(prior) {
		return false
	}
	return !wasImported(ctx, p)
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
