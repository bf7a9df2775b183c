package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/purgeworks/terraform-provider-alicloud/internal/alibaba"
	"github.com/purgeworks/terraform-provider-alicloud/internal/refresh"
)

var (
	_ action.Action                   = (*cacheRefreshAction)(nil)
	_ action.ActionWithConfigure      = (*cacheRefreshAction)(nil)
	_ action.ActionWithValidateConfig = (*cacheRefreshAction)(nil)
)

// NewCacheRefreshAction returns the alicloud_cache_refresh action
// (Terraform 1.14 and later).
func NewCacheRefreshAction() action.Action {
	return &cacheRefreshAction{}
}

type cacheRefreshAction struct {
	client *alibaba.Client
}

type cacheRefreshActionModel struct {
	Service           types.String `tfsdk:"service"`
	ObjectPaths       types.List   `tfsdk:"object_paths"`
	ObjectType        types.String `tfsdk:"object_type"`
	Force             types.Bool   `tfsdk:"force"`
	RoutineID         types.String `tfsdk:"routine_id"`
	MergeDomainNames  types.List   `tfsdk:"merge_domain_names"`
	SplitRequests     types.Bool   `tfsdk:"split_requests"`
	WaitForCompletion types.Bool   `tfsdk:"wait_for_completion"`
	Timeout           types.String `tfsdk:"timeout"`
}

func (m cacheRefreshActionModel) inputs() refreshInputs {
	return refreshInputs{
		Service: m.Service, ObjectType: m.ObjectType, RoutineID: m.RoutineID,
		ObjectPaths: m.ObjectPaths, MergeDomainNames: m.MergeDomainNames,
		Force: m.Force, SplitRequests: m.SplitRequests,
	}
}

func (a *cacheRefreshAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cache_refresh"
}

func (a *cacheRefreshAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Refreshes (purges) cached objects when invoked, from a resource's `action_trigger` or `terraform apply -invoke`, " +
			"and by default waits until Alibaba reports the purge complete, reporting progress as it goes. " +
			"It takes the inputs of the alicloud_cache_refresh resource, checked at plan time by the same rules, and keeps no state.",
		Attributes: map[string]schema.Attribute{
			"service": schema.StringAttribute{
				Optional:    true,
				Description: "`cdn` (the default), `dcdn`, `vod` or `edge_routine`.",
				Validators:  []validator.String{enumValidator(refresh.ParseService, refresh.Services)},
			},
			"object_paths": schema.ListAttribute{
				Required:    true,
				ElementType: types.StringType,
				Description: "Paths to refresh, as for the alicloud_cache_refresh resource: non-ASCII characters and spaces are sent percent-encoded.",
				Validators:  []validator.List{listvalidator.SizeAtLeast(1), listvalidator.NoNullValues()},
			},
			"object_type": schema.StringAttribute{
				Optional:    true,
				Description: "`File` (the default), `Directory`, `Regex` or `IgnoreParams`.",
				Validators:  []validator.String{enumValidator(refresh.ParseObjectType, refresh.ObjectTypes)},
			},
			"force":              schema.BoolAttribute{Optional: true, Description: "For directories: refresh every object, not only those changed on the origin."},
			"routine_id":         schema.StringAttribute{Optional: true, Description: "Edge routine only, and required there: `Name.Subdomain`."},
			"merge_domain_names": schema.ListAttribute{Optional: true, ElementType: types.StringType, Description: "Edge routine only: domains whose POPs are refreshed as well."},
			"split_requests":     schema.BoolAttribute{Optional: true, Description: "Send more paths than one request takes as several requests, after checking today's quota."},
			"wait_for_completion": schema.BoolAttribute{
				Optional:    true,
				Description: "Wait until every task is `Complete` (the default), reporting progress; `false` returns once the refresh is accepted.",
			},
			"timeout": schema.StringAttribute{
				Optional:    true,
				Description: "How long to submit and wait, such as `30m` (default `15m`).",
				Validators:  []validator.String{durationValidator{}},
			},
		},
	}
}

func (a *cacheRefreshAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig applies the resource's rules to the values known at plan
// time; the rest are checked before the call.
func (a *cacheRefreshAction) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	var m cacheRefreshActionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if !resp.Diagnostics.HasError() {
		validateRefresh(&resp.Diagnostics, m.inputs())
	}
}

func (a *cacheRefreshAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m cacheRefreshActionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout := defaultCreateTimeout
	if !m.Timeout.IsNull() {
		// Validated at plan unless it was unknown then.
		var ok bool
		if timeout, ok = parseDuration(path.Root("timeout"), m.Timeout.ValueString(), &resp.Diagnostics); !ok {
			return
		}
	}
	if !configured(a.client, &resp.Diagnostics) {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	progress := func(format string, args ...any) {
		resp.SendProgress(action.InvokeProgressEvent{Message: fmt.Sprintf(format, args...)})
	}

	refreshReq, _ := m.inputs().request()
	progress("Refreshing %d %s paths with %s", len(refreshReq.Paths), refreshReq.ObjectType, refreshReq.Service.Operation())
	result, err := a.client.Refresh(ctx, refreshReq)
	reportRefreshError(&resp.Diagnostics, err, result, false)
	if err != nil {
		return
	}
	progress("Submitted: task %s (request %s)", result.TaskID, result.RequestID)
	if !m.WaitForCompletion.IsNull() && !m.WaitForCompletion.ValueBool() {
		return
	}
	status := waitForTasks(ctx, a.client, waitFor{what: "refresh", timeoutAttr: "timeout", timeout: timeout}, refreshReq.Service, result.TaskIDs, refreshReq.Paths, &resp.Diagnostics, func(p refresh.Progress) {
		progress("Task %s: %s, %d%% of %d paths", result.TaskID, p.Status, p.Percent, len(p.Tasks))
	})
	if status == refresh.StatusComplete {
		progress("Task %s: complete", result.TaskID)
	}
}

// durationValidator accepts a Go duration such as "30m" or "1h30m".
type durationValidator struct{}

func (durationValidator) Description(context.Context) string {
	return "a duration such as 30m or 1h30m"
}
func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (durationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	parseDuration(req.Path, req.ConfigValue.ValueString(), &resp.Diagnostics)
}

// parseDuration reads a positive duration, or reports why not on p.
func parseDuration(p path.Path, s string, diags *diag.Diagnostics) (time.Duration, bool) {
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		diags.AddAttributeError(p, "Invalid duration", fmt.Sprintf("%s: %q is not a positive duration such as 30m or 1h30m", p, s))
		return 0, false
	}
	return d, true
}
