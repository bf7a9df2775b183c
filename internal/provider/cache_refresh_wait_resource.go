package provider

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/purgeworks/terraform-provider-alicloud/internal/alibaba"
	"github.com/purgeworks/terraform-provider-alicloud/internal/refresh"
)

var (
	_ resource.Resource                   = (*cacheRefreshWaitResource)(nil)
	_ resource.ResourceWithConfigure      = (*cacheRefreshWaitResource)(nil)
	_ resource.ResourceWithValidateConfig = (*cacheRefreshWaitResource)(nil)
)

// NewCacheRefreshWaitResource returns the alicloud_cache_refresh_wait
// resource: one wait for the tasks of many refreshes. Each waiting
// alicloud_cache_refresh holds one of Terraform's parallel slots (10 by
// default) for as long as its tasks run, five minutes or so on Alibaba; 200
// of them wait twenty times in a row. Refreshes that do not wait submit in
// moments, and this resource, after them all, waits for every task at once
// through the provider's shared poller.
func NewCacheRefreshWaitResource() resource.Resource {
	return &cacheRefreshWaitResource{}
}

type cacheRefreshWaitResource struct {
	client *alibaba.Client
}

type cacheRefreshWaitModel struct {
	ID          types.String   `tfsdk:"id"`
	Service     types.String   `tfsdk:"service"`
	TaskIDs     types.List     `tfsdk:"task_ids"`
	ObjectPaths types.List     `tfsdk:"object_paths"`
	Status      types.String   `tfsdk:"status"`
	Timeouts    timeouts.Value `tfsdk:"timeouts"`
}

func (r *cacheRefreshWaitResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cache_refresh_wait"
}

const cacheRefreshWaitSummary = "Waits once for the tasks of many refreshes: give it the `task_ids` of `alicloud_cache_refresh` " +
	"resources that do not wait themselves (`wait_for_completion = false`). It purges nothing, and calls nothing but the task look-up, " +
	"ten task IDs a call (VOD: one), shared with every other wait of the apply."

func (r *cacheRefreshWaitResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.List{listplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		Description: cacheRefreshWaitSummary,
		MarkdownDescription: cacheRefreshWaitSummary + "\n\n" +
			"Each `alicloud_cache_refresh` with `wait_for_completion = true` holds one of Terraform's parallel slots (10 by default) " +
			"while its tasks run, about five minutes on Alibaba Cloud, so 200 of them take twenty such waits in a row. Refreshes that " +
			"do not wait are submitted in moments, and this resource, which depends on them all, waits for every task at once: " +
			"the apply takes about one task's time.\n\n" +
			"Creating it waits; reading, updating and destroying it call nothing. When a path fails or the wait is cut short " +
			"(`timeouts.create`, an interrupted apply), the apply fails and Terraform taints this resource only: the next apply " +
			"waits for the same tasks again and purges nothing. A failed path is purged again only when its refresh is " +
			"replaced (`terraform apply -replace=ADDRESS`, or a change of its `triggers_replace`); its new task IDs then replace this wait.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:      true,
				Description:   "`SERVICE:` and a digest of the task IDs.",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"service": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString(string(refresh.CDN)),
				Description: "The service of the refreshes: `cdn` (the default), `dcdn`, `vod` or `edge_routine`. " +
					"Refreshes of several services take one wait each.",
				Validators:    []validator.String{enumValidator(refresh.ParseService, refresh.Services)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"task_ids": schema.ListAttribute{
				Required:    true,
				ElementType: types.StringType,
				Description: "The task IDs to wait for, such as `flatten([for r in alicloud_cache_refresh.site : r.task_ids])`. " +
					"An ID given twice (refreshes of one domain submitted in the same second share a task) is waited for once. " +
					"A change waits again, for the new list.",
				Validators:    []validator.List{listvalidator.NoNullValues()},
				PlanModifiers: replace,
			},
			"object_paths": schema.ListAttribute{
				Optional:    true,
				ElementType: types.StringType,
				Description: "Judge only these paths of the tasks, such as `flatten([for r in alicloud_cache_refresh.site : r.object_paths])`: " +
					"a task ID may also list paths another workspace refreshed in the same second. Unset, every path of the tasks counts.",
				Validators:    []validator.List{listvalidator.NoNullValues()},
				PlanModifiers: replace,
			},
			"status": schema.StringAttribute{
				Computed: true,
				Description: "`Complete` once every task is; `Failed`, `Refreshing` or `Pending` when the wait failed or was cut short " +
					"(the apply then fails, and the next one waits again).",
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{
				Create:            true,
				CreateDescription: "How long to wait, as a duration such as `30m` (default `15m`).",
			}),
		},
	}
}

func (r *cacheRefreshWaitResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

var taskIDPattern = regexp.MustCompile(`^[0-9]+$`)

// ValidateConfig refuses a task ID that cannot be one, naming it, before
// anything is looked up.
func (r *cacheRefreshWaitResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m cacheRefreshWaitModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	for i, e := range m.TaskIDs.Elements() {
		if s, ok := e.(types.String); ok && !s.IsUnknown() && !s.IsNull() && !taskIDPattern.MatchString(s.ValueString()) {
			resp.Diagnostics.AddAttributeError(path.Root("task_ids").AtListIndex(i), "Malformed task ID",
				fmt.Sprintf("task_ids[%d]: %q is not a task ID: task IDs are digits, such as 704222901. Give the task_ids of alicloud_cache_refresh resources, "+
					"not their id or task_id.", i, s.ValueString()))
		}
	}
}

func (r *cacheRefreshWaitResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m cacheRefreshWaitModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !configured(r.client, &resp.Diagnostics) {
		return
	}
	timeout, d := m.Timeouts.Create(ctx, defaultCreateTimeout)
	if resp.Diagnostics.Append(d...); resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	svc, _ := refresh.ParseService(m.Service.ValueString())
	listed, _ := stringElements(m.TaskIDs.Elements())
	var ids []string
	for _, id := range listed {
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	paths, _ := stringElements(m.ObjectPaths.Elements())
	digest := sha256.Sum256([]byte(strings.Join(ids, ",")))
	m.ID = types.StringValue(string(svc) + ":" + hex.EncodeToString(digest[:8]))
	m.Status = types.StringValue(refresh.StatusComplete)
	if len(ids) > 0 {
		w := waitFor{what: "refreshes", timeoutAttr: "timeouts.create", timeout: timeout, always: true,
			next: "The next apply waits for them again; it purges nothing.",
			failed: "this wait is tainted, and the next apply waits for the same tasks again, purging nothing. " +
				"To purge a failed path again, replace its alicloud_cache_refresh (terraform apply -replace=ADDRESS, or change its triggers_replace)"}
		if status := waitForTasks(ctx, r.client, w, svc, ids, paths, &resp.Diagnostics, nil); status != "" {
			m.Status = types.StringValue(status)
		} else {
			m.Status = types.StringValue(refresh.StatusRefreshing)
		}
	}
	// Set even when the wait failed: Terraform taints the resource, and
	// the state says where the tasks stood.
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// Read calls nothing: the state records what the wait saw. Whether the
// refreshes are still known to Alibaba is theirs to follow.
func (r *cacheRefreshWaitResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {
}

// Update records new timeouts; every other change replaces the resource.
func (r *cacheRefreshWaitResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m cacheRefreshWaitModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// Delete calls nothing: waiting cannot be undone either.
func (r *cacheRefreshWaitResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {
}
