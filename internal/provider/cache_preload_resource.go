package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/dynamicplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/purgeworks/terraform-provider-alicloud/internal/alibaba"
	"github.com/purgeworks/terraform-provider-alicloud/internal/refresh"
)

var (
	_ resource.Resource                   = (*cachePreloadResource)(nil)
	_ resource.ResourceWithConfigure      = (*cachePreloadResource)(nil)
	_ resource.ResourceWithValidateConfig = (*cachePreloadResource)(nil)
)

// NewCachePreloadResource returns the alicloud_cache_preload resource.
func NewCachePreloadResource() resource.Resource {
	return &cachePreloadResource{}
}

type cachePreloadResource struct {
	client *alibaba.Client
}

type cachePreloadModel struct {
	submission
	Service           types.String   `tfsdk:"service"`
	ObjectPaths       types.List     `tfsdk:"object_paths"`
	Area              types.String   `tfsdk:"area"`
	L2Preload         types.Bool     `tfsdk:"l2_preload"`
	WithHeader        types.String   `tfsdk:"with_header"`
	TriggersReplace   types.Dynamic  `tfsdk:"triggers_replace"`
	WaitForCompletion types.Bool     `tfsdk:"wait_for_completion"`
	Timeouts          timeouts.Value `tfsdk:"timeouts"`
}

func (r *cachePreloadResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cache_preload"
}

func (r *cachePreloadResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		Description: "Prefetches objects to the edge when it is created or replaced, typically after an alicloud_cache_refresh, " +
			"so that the first visitors do not wait for the origin. Checked at plan time like a refresh; destroying it calls nothing.",
		Attributes: map[string]schema.Attribute{
			"service": schema.StringAttribute{
				Optional: true, Computed: true, Default: stringdefault.StaticString(string(refresh.CDN)),
				Description:   "`cdn` (PushObjectCache, the default), `dcdn` (PreloadDcdnObjectCaches) or `vod` (PreloadVodObjectCaches).",
				Validators:    []validator.String{enumValidator(refresh.ParsePreloadService, refresh.PreloadServices)},
				PlanModifiers: replace,
			},
			"object_paths": schema.ListAttribute{
				Required: true, ElementType: types.StringType,
				Description: fmt.Sprintf("URLs to prefetch, such as `https://example.com/app.js`: at most %d per resource, on at most %d domains for `cdn` and `dcdn`, "+
					"each at most %d characters as sent: non-ASCII characters and spaces are sent percent-encoded, as for alicloud_cache_refresh. "+
					"`vod` prefetches files only: a path naming a directory (ending in `/`, or a bare domain) is refused at plan time. "+
					"The account's default daily prefetch quota is %d URLs for `cdn`, %d for `dcdn` and %d for `vod`.",
					refresh.Table[refresh.CDN].PreloadPerRequest.Max, refresh.Table[refresh.CDN].DomainsPerRequest.Max,
					refresh.Table[refresh.CDN].PathLength.Max, refresh.Table[refresh.CDN].PreloadDailyQuota.Max,
					refresh.Table[refresh.DCDN].PreloadDailyQuota.Max, refresh.Table[refresh.VOD].PreloadDailyQuota.Max),
				Validators:    []validator.List{listvalidator.SizeAtLeast(1), listvalidator.NoNullValues()},
				PlanModifiers: []planmodifier.List{replaceUnlessSamePaths()},
			},
			"area": schema.StringAttribute{
				Optional:      true,
				Description:   "Where to prefetch: `domestic` (mainland China) or `overseas`; unset, the API's default.",
				Validators:    []validator.String{enumValidator(refresh.ParseArea, refresh.PreloadAreas)},
				PlanModifiers: replace,
			},
			"l2_preload": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				Description:   "Prefetch to the L2 tier only.",
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.RequiresReplace()},
			},
			"with_header": schema.StringAttribute{
				Optional:      true,
				Description:   "HTTP headers sent to the origin while prefetching, as a JSON object: `jsonencode({ Origin = \"https://example.com\" })`.",
				PlanModifiers: replace,
			},
			"triggers_replace": schema.DynamicAttribute{
				Optional:      true,
				Description:   "Any value; when it changes the prefetch runs again, as with `terraform_data`.",
				PlanModifiers: []planmodifier.Dynamic{dynamicplanmodifier.RequiresReplace()},
			},
			"wait_for_completion": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				Description: "Wait until every task is `Complete`, as alicloud_cache_refresh does. Changing it alone prefetches nothing.",
			},
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{Create: true, CreateDescription: "How long to submit and wait, such as `30m` (default `15m`)."}),
		},
	}
	for name, attr := range submissionAttributes("prefetch") {
		resp.Schema.Attributes[name] = attr
	}
}

func (r *cachePreloadResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// preload maps the model to a prefetch; values unknown at plan are pending.
func (m cachePreloadModel) preload() refresh.Preload {
	service := m.Service.ValueString()
	if m.Service.IsNull() {
		service = string(refresh.CDN)
	}
	p := refresh.Preload{
		Service: refresh.Service(service), Area: m.Area.ValueString(), L2Preload: m.L2Preload.ValueBool(), WithHeader: m.WithHeader.ValueString(),
		Pending: refresh.Pending{PathList: m.ObjectPaths.IsUnknown()},
	}
	p.Paths, p.Pending.Paths = stringElements(m.ObjectPaths.Elements())
	return p
}

func (r *cachePreloadResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m cachePreloadModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || m.Service.IsUnknown() || m.Area.IsUnknown() || m.WithHeader.IsUnknown() {
		return
	}
	p := m.preload()
	if len(p.Paths) == 0 {
		p.Pending.PathList = true // listvalidator.SizeAtLeast reports it
	}
	var ps refresh.Problems
	for _, problem := range p.Validate() {
		if problem.Attribute != "service" && problem.Attribute != "area" { // the attribute validators report those
			ps = append(ps, problem)
		}
	}
	addProblems(&resp.Diagnostics, ps)
}

func (r *cachePreloadResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m cachePreloadModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !configured(r.client, &resp.Diagnostics) {
		return
	}
	timeout, d := m.Timeouts.Create(ctx, defaultCreateTimeout)
	if resp.Diagnostics.Append(d...); resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	p := m.preload()
	result, err := r.client.Preload(ctx, p)
	var problems refresh.Problems
	var apiErr *alibaba.APIError
	var unconfirmed *alibaba.UnconfirmedError
	switch {
	case errors.As(err, &problems):
		addProblems(&resp.Diagnostics, problems)
		return
	case errors.As(err, &apiErr):
		resp.Diagnostics.AddError("Alibaba Cloud refused the prefetch", explain(apiErr))
		return
	case errors.As(err, &unconfirmed):
		resp.Diagnostics.AddError("The prefetch may have been carried out", unconfirmedDetail(unconfirmed, "prefetch", "timeouts.create", false))
		return
	case err != nil:
		resp.Diagnostics.AddError("Prefetch failed", explain(err))
		return
	}
	tflog.Info(ctx, "prefetch submitted", map[string]any{"service": string(p.Service), "paths": len(p.Paths), "task_id": result.TaskID})

	var diags diag.Diagnostics
	m.submission, diags = submitted(ctx, p.Service, result)
	resp.Diagnostics.Append(diags...)
	if m.WaitForCompletion.ValueBool() {
		if status := waitForTasks(ctx, r.client, waitFor{what: "prefetch", timeoutAttr: "timeouts.create", timeout: timeout}, p.Service, result.TaskIDs, p.Paths, &resp.Diagnostics, nil); status != "" {
			m.Status = types.StringValue(status)
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// Read follows the status while Alibaba keeps the tasks; it never
// prefetches again.
func (r *cachePreloadResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m cachePreloadModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	paths, _ := stringElements(m.ObjectPaths.Elements())
	if status, ok := currentStatus(ctx, r.client, m.Service.ValueString(), m.TaskID.ValueString(), paths); ok {
		m.Status = types.StringValue(status)
		resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	}
}

// Update records what changes nothing to prefetch: waiting and timeouts.
func (r *cachePreloadResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m cachePreloadModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// Delete calls nothing; the framework removes the resource from state.
func (r *cachePreloadResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}
