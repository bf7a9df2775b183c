package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ resource.ResourceWithIdentity = (*cacheRefreshResource)(nil)

// cacheRefreshIdentity names a refresh as its import ID does, SERVICE:TASK_ID:
// `terraform query` lists refreshes by it, and an import block may give it
// instead of an ID (Terraform 1.12 and later; older CLIs and OpenTofu 1.10
// ignore it).
type cacheRefreshIdentity struct {
	Service types.String `tfsdk:"service"`
	TaskID  types.String `tfsdk:"task_id"`
}

func (r *cacheRefreshResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"service": identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       "`cdn`, `dcdn`, `vod` or `edge_routine`.",
			},
			"task_id": identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       "The task ID, or several joined by commas, as the resource's `task_id`.",
			},
		},
	}
}

// setIdentity records the identity of a refresh in state; the CLI passes
// none to set where it does not support identities.
func setIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, m cacheRefreshModel) diag.Diagnostics {
	if identity == nil || m.TaskID.ValueString() == "" {
		return nil
	}
	return identity.Set(ctx, cacheRefreshIdentity{Service: m.Service, TaskID: m.TaskID})
}

// hasIdentity reports whether state already holds the identity, or the CLI
// keeps none: state written before the resource had one gets it on its
// next read.
func hasIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity) bool {
	if identity == nil {
		return true
	}
	var taskID types.String
	identity.GetAttribute(ctx, path.Root("task_id"), &taskID)
	return !taskID.IsNull() && taskID.ValueString() != ""
}

// importID is the import ID given, or SERVICE:TASK_ID from the identity an
// import block gave instead.
func importID(ctx context.Context, req resource.ImportStateRequest, diags *diag.Diagnostics) string {
	if req.ID != "" || req.Identity == nil {
		return req.ID
	}
	var id cacheRefreshIdentity
	if diags.Append(req.Identity.Get(ctx, &id)...); diags.HasError() {
		return ""
	}
	return id.Service.ValueString() + ":" + id.TaskID.ValueString()
}
