package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
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
	_ resource.Resource                   = (*cacheRefreshResource)(nil)
	_ resource.ResourceWithConfigure      = (*cacheRefreshResource)(nil)
	_ resource.ResourceWithValidateConfig = (*cacheRefreshResource)(nil)
	_ resource.ResourceWithImportState    = (*cacheRefreshResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*cacheRefreshResource)(nil)
)

// defaultCreateTimeout bounds waiting for completion; Alibaba says a
// refresh takes effect 5 to 6 minutes after it is submitted.
const defaultCreateTimeout = 15 * time.Minute

// NewCacheRefreshResource returns the alicloud_cache_refresh resource.
func NewCacheRefreshResource() resource.Resource {
	return &cacheRefreshResource{}
}

type cacheRefreshResource struct {
	client   *alibaba.Client
	unwaited *unwaitedTasks
}

type cacheRefreshModel struct {
	submission
	Service          types.String  `tfsdk:"service"`
	ObjectPaths      types.List    `tfsdk:"object_paths"`
	ObjectType       types.String  `tfsdk:"object_type"`
	Force            types.Bool    `tfsdk:"force"`
	RoutineID        types.String  `tfsdk:"routine_id"`
	MergeDomainNames types.List    `tfsdk:"merge_domain_names"`
	TriggersReplace  types.Dynamic `tfsdk:"triggers_replace"`

	WaitForCompletion types.Bool     `tfsdk:"wait_for_completion"`
	SplitRequests     types.Bool     `tfsdk:"split_requests"`
	Timeouts          timeouts.Value `tfsdk:"timeouts"`
}

func (r *cacheRefreshResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cache_refresh"
}

const cacheRefreshSummary = "Refreshes (purges) cached objects on Alibaba Cloud's edge networks when it is created or replaced. " +
	"Every input is checked against the documented limits at plan time, so a bad path fails the plan and nothing is sent. " +
	"Destroying the resource calls nothing: a purge cannot be undone."

func (r *cacheRefreshResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		Description: cacheRefreshSummary,
		MarkdownDescription: cacheRefreshSummary + "\n\n## Documented limits\n\n" +
			"The per-request rows are checked at plan time; the quotas and rates are Alibaba's, per account.\n\n" + refresh.LimitsMarkdown(),
		Attributes: map[string]schema.Attribute{
			"service": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString(string(refresh.CDN)),
				Description: "Which API refreshes: `cdn` (RefreshObjectCaches, the default), `dcdn` (RefreshDcdnObjectCaches), " +
					"`vod` (RefreshVodObjectCaches, served from China (Shanghai) only) or `edge_routine` (RefreshErObjectCaches).",
				Validators:    []validator.String{enumValidator(refresh.ParseService, refresh.Services)},
				PlanModifiers: replace,
			},
			"object_paths": schema.ListAttribute{
				Required:    true,
				ElementType: types.StringType,
				Description: "Paths to refresh, sent in this order: `example.com/a.png` or `https://example.com/a.png`. " +
					"Directories end in `/`; a `Regex` path is the domain followed by an RE2 pattern. " +
					"Write paths as the files are named (`example.com/图片/猫.png`, `example.com/release notes.html`): " +
					"non-ASCII characters and spaces are sent percent-encoded (UTF-8, `%20` for a space), as Alibaba asks; " +
					"a path written encoded is sent as it is, never encoded twice; the state keeps what you wrote. " +
					"The per-path length limit counts the path as sent, encoded. A `Regex` path is sent as written: write " +
					"such characters in it encoded. Tabs, control characters, white space other than a plain space (a no-break space, say) " +
					"and white space at either end are refused. " +
					"The limits above apply to the list as a whole.",
				Validators:    []validator.List{listvalidator.SizeAtLeast(1), listvalidator.NoNullValues()},
				PlanModifiers: []planmodifier.List{replaceUnlessSamePaths()},
			},
			"object_type": schema.StringAttribute{
				Optional:      true,
				Computed:      true,
				Default:       stringdefault.StaticString(string(refresh.File)),
				Description:   "What each path names: `File` (the default), `Directory`, `Regex` or `IgnoreParams` (a URL whose query string is ignored).",
				Validators:    []validator.String{enumValidator(refresh.ParseObjectType, refresh.ObjectTypes)},
				PlanModifiers: replace,
			},
			"force": schema.BoolAttribute{
				Optional:      true,
				Computed:      true,
				Default:       booldefault.StaticBool(false),
				Description:   "For directories: `true` refreshes every object, `false` (the default) only those that changed on the origin.",
				PlanModifiers: []planmodifier.Bool{replaceUnlessImported{}},
			},
			"routine_id": schema.StringAttribute{
				Optional:      true,
				Description:   "Edge routine only, and required there: the routine's ID, `Name.Subdomain`.",
				PlanModifiers: []planmodifier.String{replaceUnlessImported{}},
			},
			"merge_domain_names": schema.ListAttribute{
				Optional:      true,
				ElementType:   types.StringType,
				Description:   "Edge routine only: domains whose points of presence are refreshed as well; sent as `MergeDomainName`, joined by commas.",
				Validators:    []validator.List{listvalidator.NoNullValues()},
				PlanModifiers: []planmodifier.List{replaceUnlessImported{}},
			},
			"triggers_replace": schema.DynamicAttribute{
				Optional: true,
				Description: "Any value; when it changes the refresh runs again, as with `terraform_data`. " +
					"Set it to a release version or to `filesha256()` of the built assets to purge after each release.",
				PlanModifiers: []planmodifier.Dynamic{replaceUnlessImported{}},
			},
			"wait_for_completion": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
				Description: "Wait until every task is `Complete` before the apply goes on: the task look-up is polled quickly at first (about a second), " +
					"then less often, up to every 30 seconds. A task `Pending` (accepted, not started yet, as CDN and DCDN may report) is waited for as one `Refreshing`. " +
					"A `Failed` task fails the apply with Alibaba's reason; the task IDs stay in state. " +
					"A wait cut short (`timeouts.create`, an interrupted apply) fails the apply, and the next apply waits for the same tasks " +
					"instead of refreshing again. " +
					"Each waiting resource holds one of Terraform's parallel slots while its tasks run: to wait for many refreshes at once, " +
					"leave this `false` and give their `task_ids` to one `alicloud_cache_refresh_wait`. " +
					"Changing it alone refreshes nothing.",
			},
			"split_requests": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
				Description: "Send more paths than one request takes as several requests, each within the per-request limits " +
					"(paths grouped by domain where a request takes few domains: one for `edge_routine`, ten for `cdn` and `dcdn`), paced within the " +
					"documented rates. Before sending anything the apply reads today's quota and refuses, sending nothing, when it cannot " +
					"cover every path. The plan says how many requests and how much quota the apply spends. Changing it alone refreshes nothing.",
			},
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{
				Create:            true,
				CreateDescription: "How long to submit (retries included) and wait, as a duration such as `30m` (default `15m`).",
			}),
		},
	}
	for name, attr := range submissionAttributes("refresh") {
		resp.Schema.Attributes[name] = attr
	}
}

func (r *cacheRefreshResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
	if d, ok := req.ProviderData.(*resourceData); ok {
		r.unwaited = d.unwaited
	}
}

// ValidateConfig applies every rule of the refresh domain to the values
// known at plan time. Values that come from other resources are checked
// again, with everything else, in Create before anything is sent.
func (r *cacheRefreshResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	in, diags := configInputs(ctx, req.Config)
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	validateRefresh(&resp.Diagnostics, in)
}

// ModifyPlan says, for a split refresh about to be sent, how many requests
// it takes and how much of today's quota it spends.
func (r *cacheRefreshResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroyed
	}
	if !req.State.Raw.IsNull() && req.Plan.Raw.Equal(req.State.Raw) {
		// Nothing changes, as for every finished refresh in a plan:
		// only what identifies the submission is needed (see below), not
		// the whole model. The server answers most of these itself
		// (shortcuts.plan in server.go): a change here must be made there too.
		var sub submission
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("task_id"), &sub.TaskID)...)
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("request_id"), &sub.RequestID)...)
		r.unwaited.forget(sub)
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, unwaitedKey, nil)...)
		return
	}
	var m cacheRefreshModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if !req.State.Raw.IsNull() {
		var prior cacheRefreshModel
		resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
		// Terraform passes no state for a tainted object: this one is
		// not (terraform untaint), and its replacement (-replace) refreshes
		// again.
		r.unwaited.forget(prior.submission)
		resp.Diagnostics.Append(resp.Private.SetKey(ctx, unwaitedKey, nil)...)
		if resp.Diagnostics.HasError() || !replaced(prior, m, wasImported(ctx, req.Private)) {
			return // updated without refreshing
		}
	} else if found := r.unwaited.find(m); len(found) > 0 {
		// A tainted resource whose wait was cut short, read in this plan:
		// the mark goes with the plan to the apply, where deleting it
		// hands its tasks over (see unwaitedKey).
		resp.Diagnostics.Append(markHandOver(ctx, resp.Private, found)...)
		resp.Diagnostics.AddWarning("Refresh not sent again",
			fmt.Sprintf("Alibaba Cloud accepted this refresh in an earlier apply (task %s), whose wait for it was cut short, and Terraform "+
				"replaces the tainted resource. The replacement takes those tasks over instead of purging the same paths again; "+
				"with wait_for_completion it waits for them. Change triggers_replace to refresh again.", found[0].TaskID.ValueString()))
		return
	}
	refreshReq, settled := m.request()
	if resp.Diagnostics.HasError() || !settled || !refreshReq.Split || len(refreshReq.Pending.Paths) > 0 || refreshReq.Pending.PathList ||
		len(refreshReq.Validate()) > 0 {
		return
	}
	parts := refreshReq.Parts()
	resp.Diagnostics.AddAttributeWarning(path.Root("split_requests"), "Split refresh",
		fmt.Sprintf("This apply sends %d %s requests and spends %d of today's %s quota for %s paths.",
			len(parts), refreshReq.Service.Operation(), len(refreshReq.Paths), refreshReq.Service, refreshReq.ObjectType))
}

// replaced reports whether the plan from prior to planned replaces the
// resource, as the attributes' plan modifiers decide it: the framework
// tells ModifyPlan nothing of their decisions.
func replaced(prior, planned cacheRefreshModel, imported bool) bool {
	if !prior.Service.Equal(planned.Service) || !prior.ObjectType.Equal(planned.ObjectType) || !samePaths(planned.ObjectType, prior.ObjectPaths, planned.ObjectPaths, imported) {
		return true
	}
	return !imported && (!prior.Force.Equal(planned.Force) || !prior.RoutineID.Equal(planned.RoutineID) ||
		!prior.MergeDomainNames.Equal(planned.MergeDomainNames) || !prior.TriggersReplace.Equal(planned.TriggersReplace))
}

func (r *cacheRefreshResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m cacheRefreshModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !configured(r.client, &resp.Diagnostics) {
		return
	}
	refreshReq, _ := m.request()
	// One deadline for submitting (retries and pacing included) and waiting.
	timeout, d := m.Timeouts.Create(ctx, defaultCreateTimeout)
	if resp.Diagnostics.Append(d...); resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	if prior, ok := r.unwaited.take(m); ok {
		r.resume(ctx, m, prior, timeout, resp)
		return
	}

	result, err := r.client.Refresh(ctx, refreshReq)
	reportRefreshError(&resp.Diagnostics, err, result, true)
	if len(result.TaskIDs) == 0 {
		return
	}
	tflog.Info(ctx, "refresh submitted", map[string]any{
		"service": string(refreshReq.Service), "operation": refreshReq.Service.Operation(),
		"paths": len(refreshReq.Paths), "task_id": result.TaskID, "request_id": result.RequestID,
	})

	var diags diag.Diagnostics
	m.submission, diags = submitted(ctx, refreshReq.Service, result)
	resp.Diagnostics.Append(diags...)

	if m.WaitForCompletion.ValueBool() && err == nil {
		r.wait(ctx, &m, timeout, resp)
	}
	// Set even when a later request or waiting failed: what was submitted
	// was purged, and the state must keep its task IDs.
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, m)...)
}

// resume takes over the tasks of the tainted resource this one replaces,
// whose wait was cut short: it waits for them, when asked to, instead of
// purging the same paths again (see unwaitedKey). ModifyPlan's warning
// says so in the plan and the apply.
func (r *cacheRefreshResource) resume(ctx context.Context, m, prior cacheRefreshModel, timeout time.Duration, resp *resource.CreateResponse) {
	m.submission = prior.submission
	tflog.Info(ctx, "refresh not sent again: taking over the tasks of the apply whose wait was cut short",
		map[string]any{"task_id": m.TaskID.ValueString()})
	if m.WaitForCompletion.ValueBool() && !agedOut(ctx, r.client, m, &resp.Diagnostics) {
		r.wait(ctx, &m, timeout, resp)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, m)...)
}

// agedOut reports, with a warning, tasks Alibaba no longer keeps (three
// days): waiting for them would never end, and they ended long ago.
func agedOut(ctx context.Context, client *alibaba.Client, m cacheRefreshModel, diags *diag.Diagnostics) bool {
	svc, _ := refresh.ParseService(m.Service.ValueString())
	tasks, err := client.TasksByID(ctx, svc, refresh.SplitTaskIDs(m.TaskID.ValueString()))
	if err != nil || len(tasks) > 0 {
		return false // waiting says what the look-ups say
	}
	diags.AddWarning("Refresh tasks no longer kept",
		fmt.Sprintf("Alibaba Cloud no longer reports task %s (it keeps tasks for three days), so it ended long ago; "+
			"it is not waited for, and its last known status stays.", m.TaskID.ValueString()))
	return true
}

// wait waits for m's tasks and records their status. When the wait ends
// before the tasks do (the deadline, an interrupted apply, a look-up
// refused), the apply fails and Terraform taints the resource; the mark
// lets its replacement take the tasks over instead of purging again.
func (r *cacheRefreshResource) wait(ctx context.Context, m *cacheRefreshModel, timeout time.Duration, resp *resource.CreateResponse) {
	svc, _ := refresh.ParseService(m.Service.ValueString())
	ids := refresh.SplitTaskIDs(m.TaskID.ValueString())
	before := resp.Diagnostics.ErrorsCount()
	w := waitFor{what: "refresh", timeoutAttr: "timeouts.create", timeout: timeout,
		next: "The next apply waits for these tasks instead of refreshing again, unless the configuration changes what is refreshed."}
	paths, _ := stringElements(m.ObjectPaths.Elements())
	status := waitForTasks(ctx, r.client, w, svc, ids, paths, &resp.Diagnostics, nil)
	if status != "" {
		m.Status = types.StringValue(status)
	}
	if resp.Diagnostics.ErrorsCount() > before && status != refresh.StatusFailed {
		resp.Diagnostics.Append(markUnwaited(ctx, resp.Private)...)
	}
}

// Read refreshes the status while the tasks run and Alibaba keeps them,
// and tells the plan of a tainted resource's replacement which tasks it
// may take over (see unwaitedKey). A Complete or Failed status never
// changes, so it is not looked up again: a plan of many finished refreshes
// makes no call. Read never purges, and never removes the resource or
// fails: once the tasks have aged out of the three-day history, the last
// known status stays.
func (r *cacheRefreshResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var status types.String
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("status"), &status)...)
	if refresh.Final(status.ValueString()) && !isUnwaited(ctx, req.Private) && hasIdentity(ctx, resp.Identity) {
		// The server answers most of these itself (shortcuts.read in
		// server.go): a change here must be made there too.
		return // nothing to look up, to note or to record
	}
	var m cacheRefreshModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	paths, _ := stringElements(m.ObjectPaths.Elements())
	if !refresh.Final(m.Status.ValueString()) {
		if status, ok := currentStatus(ctx, r.client, m.Service.ValueString(), m.TaskID.ValueString(), paths); ok {
			m.Status = types.StringValue(status)
			resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
		}
	}
	// Also records it in state written before the resource had one.
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, m)...)
	if isUnwaited(ctx, req.Private) {
		r.unwaited.add(m) // for the plan of its replacement
	}
}

// Update only records new values: every change that would purge something
// new replaces the resource instead. It clears the mark of an import.
func (r *cacheRefreshResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m cacheRefreshModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, m)...)
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, importedKey, nil)...)
}

// Delete calls nothing: a purge cannot be undone. The framework removes the
// resource from state. A tainted resource whose wait was cut short, and
// whose replacement's plan names its tasks, hands them over to the
// replacement (see unwaitedKey).
func (r *cacheRefreshResource) Delete(ctx context.Context, req resource.DeleteRequest, _ *resource.DeleteResponse) {
	var m cacheRefreshModel
	if diags := req.State.Get(ctx, &m); !diags.HasError() && handsOver(ctx, req.Private, m.submission) {
		r.unwaited.add(m)
	}
}

// ImportState takes SERVICE:TASK_ID (several IDs joined by commas), or the
// identity, and rebuilds the service, paths and object type from the task
// look-up.
func (r *cacheRefreshResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := importID(ctx, req, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	service, taskID, ok := strings.Cut(id, ":")
	svc, err := refresh.ParseService(service)
	ids := refresh.SplitTaskIDs(taskID)
	if !ok || err != nil || len(ids) == 0 {
		detail := fmt.Sprintf("The import ID is SERVICE:TASK_ID, for example cdn:704222901 (several task IDs joined by commas); got %q.", id)
		if ok && err != nil {
			detail += " The service " + err.Error() + "."
		}
		resp.Diagnostics.AddError("Malformed import ID", detail)
		return
	}
	// Checked here, not left to Alibaba: the look-up shares its calls with
	// the other imports and reads of the plan (the poller), and a malformed
	// ID would fail theirs too.
	for _, taskID := range ids {
		if !taskIDPattern.MatchString(taskID) {
			resp.Diagnostics.AddError("Malformed import ID",
				fmt.Sprintf("%q is not a task ID: task IDs are digits, such as cdn:704222901 (several joined by commas); got %q.", taskID, id))
			return
		}
	}
	if !configured(r.client, &resp.Diagnostics) {
		return
	}
	tasks, err := r.client.TasksByID(ctx, svc, ids)
	if err != nil {
		resp.Diagnostics.AddError("Cannot look the refresh up", explain(err))
		return
	}
	m, err := importedModel(ctx, svc, ids, tasks)
	if err != nil {
		resp.Diagnostics.AddError("Cannot import the refresh", explain(err))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	resp.Diagnostics.Append(setIdentity(ctx, resp.Identity, m)...)
	resp.Diagnostics.Append(markImported(ctx, resp.Private)...)
}

// importedModel is the state an import can rebuild from the tasks' paths.
func importedModel(ctx context.Context, svc refresh.Service, ids []string, tasks []refresh.Task) (cacheRefreshModel, error) {
	r, progress, err := refresh.RequestOfTasks(svc, ids, tasks)
	if err != nil {
		return cacheRefreshModel{}, err
	}
	paths, diags := types.ListValueFrom(ctx, types.StringType, r.Paths)
	if diags.HasError() {
		return cacheRefreshModel{}, fmt.Errorf("recording the paths: %v", diags)
	}
	// The look-ups do not report the request ID.
	sub, diags := submitted(ctx, svc, alibaba.Result{TaskID: strings.Join(ids, ","), TaskIDs: ids})
	if diags.HasError() {
		return cacheRefreshModel{}, fmt.Errorf("recording the task IDs: %v", diags)
	}
	sub.RequestID, sub.Status = types.StringValue(""), types.StringValue(progress.Status)
	// What the look-ups cannot tell is null, force included, so that the
	// first plan is an update that records the configured values (see
	// importedKey).
	return cacheRefreshModel{
		submission:        sub,
		Service:           types.StringValue(string(svc)),
		ObjectPaths:       paths,
		ObjectType:        types.StringValue(string(r.ObjectType)),
		Force:             types.BoolNull(),
		RoutineID:         types.StringNull(),
		MergeDomainNames:  types.ListNull(types.StringType),
		TriggersReplace:   types.DynamicNull(),
		WaitForCompletion: types.BoolNull(),
		SplitRequests:     types.BoolNull(),
		Timeouts:          timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{"create": types.StringType})},
	}, nil
}

// inputs are the model's values the action shares.
func (m cacheRefreshModel) inputs() refreshInputs {
	return refreshInputs{
		Service: m.Service, ObjectType: m.ObjectType, RoutineID: m.RoutineID,
		ObjectPaths: m.ObjectPaths, MergeDomainNames: m.MergeDomainNames,
		Force: m.Force, SplitRequests: m.SplitRequests,
	}
}

func (m cacheRefreshModel) request() (refresh.Request, bool) { return m.inputs().request() }
