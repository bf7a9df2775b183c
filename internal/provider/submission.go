package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/purgeworks/terraform-provider-alicloud/internal/alibaba"
	"github.com/purgeworks/terraform-provider-alicloud/internal/refresh"
)

// submission is what a refresh or a prefetch returned, as both resources
// keep it in state; their models embed it.
type submission struct {
	ID        types.String `tfsdk:"id"`
	TaskID    types.String `tfsdk:"task_id"`
	TaskIDs   types.List   `tfsdk:"task_ids"`
	RequestID types.String `tfsdk:"request_id"`
	Status    types.String `tfsdk:"status"`
}

// submitted records a result just submitted, not waited for yet.
func submitted(ctx context.Context, svc refresh.Service, r alibaba.Result) (submission, diag.Diagnostics) {
	taskIDs, diags := types.ListValueFrom(ctx, types.StringType, r.TaskIDs)
	return submission{
		ID:        types.StringValue(string(svc) + ":" + r.TaskID),
		TaskID:    types.StringValue(r.TaskID),
		TaskIDs:   taskIDs,
		RequestID: types.StringValue(r.RequestID),
		Status:    types.StringValue(refresh.StatusSubmitted),
	}, diags
}

// submissionAttributes are the schema of a submission; what names the
// operation ("refresh" or "prefetch").
func submissionAttributes(what string) map[string]schema.Attribute {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	requestID := "The API request ID, for Alibaba Cloud support."
	if what == "refresh" {
		requestID += " Several are joined by commas when a refresh was split; empty after an import."
	}
	return map[string]schema.Attribute{
		"id": schema.StringAttribute{Computed: true, Description: "`SERVICE:TASK_ID`.", PlanModifiers: keep},
		"task_id": schema.StringAttribute{
			Computed:      true,
			Description:   "The " + what + " task ID as Alibaba returned it: one ID, or several joined by commas.",
			PlanModifiers: keep,
		},
		"task_ids": schema.ListAttribute{
			Computed:      true,
			ElementType:   types.StringType,
			Description:   "The task IDs, split.",
			PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown()},
		},
		"request_id": schema.StringAttribute{
			Computed:      true,
			Description:   requestID,
			PlanModifiers: keep,
		},
		"status": schema.StringAttribute{
			Computed: true,
			Description: "`Submitted` (accepted, not waited for), `Pending` (accepted by Alibaba Cloud, not started yet; CDN and DCDN report it), " +
				"`Refreshing`, `Complete` or `Failed`. " +
				"Followed while Alibaba keeps the task (three days); after that the last known status stays.",
			PlanModifiers: keep,
		},
	}
}
