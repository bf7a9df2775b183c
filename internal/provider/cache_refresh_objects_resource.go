package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/mapvalidator"
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

// alicloud_cache_refresh_objects purges only what changed. It is a resource
// of its own rather than a map beside alicloud_cache_refresh's
// object_paths because the two purge at different moments: that one purges
// when it is created or replaced, and an update never purges; this one
// purges in every update, the objects whose version changed. In one
// resource every attribute would need a rule for which of the two it
// follows. Here the rule is one sentence: the state records, per object,
// the version whose purge was carried out, and an apply purges the
// difference from the configuration.
//
// There is no import: Alibaba's task list knows which paths were purged,
// not which versions; purge_on_create = false adopts a site without
// purging it.

var (
	_ resource.Resource                   = (*cacheRefreshObjectsResource)(nil)
	_ resource.ResourceWithConfigure      = (*cacheRefreshObjectsResource)(nil)
	_ resource.ResourceWithValidateConfig = (*cacheRefreshObjectsResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*cacheRefreshObjectsResource)(nil)
)

// NewCacheRefreshObjectsResource returns the alicloud_cache_refresh_objects
// resource.
func NewCacheRefreshObjectsResource() resource.Resource {
	return &cacheRefreshObjectsResource{}
}

type cacheRefreshObjectsResource struct {
	client *alibaba.Client
	owed   *owedObjects
}

type cacheRefreshObjectsModel struct {
	submission
	Service            types.String   `tfsdk:"service"`
	Objects            types.Map      `tfsdk:"objects"`
	PurgeOnCreate      types.Bool     `tfsdk:"purge_on_create"`
	DirectoryThreshold types.Int64    `tfsdk:"directory_threshold"`
	Force              types.Bool     `tfsdk:"force"`
	SplitRequests      types.Bool     `tfsdk:"split_requests"`
	WaitForCompletion  types.Bool     `tfsdk:"wait_for_completion"`
	PurgedPaths        types.List     `tfsdk:"purged_paths"`
	Timeouts           timeouts.Value `tfsdk:"timeouts"`
}

func (r *cacheRefreshObjectsResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cache_refresh_objects"
}

const cacheRefreshObjectsSummary = "Purges only the objects that changed: give it every object with a version of each " +
	"(a content hash, an ETag, a release number), and each apply purges the objects whose version changed, those added " +
	"and those removed, and nothing else. The state records, per object, the version whose purge was carried out."

func (r *cacheRefreshObjectsResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: cacheRefreshObjectsSummary,
		MarkdownDescription: cacheRefreshObjectsSummary + "\n\n" +
			"`alicloud_cache_refresh` purges a list of paths when it is created or replaced; this resource purges in place, " +
			"in every apply, what changed. Its keys follow every path rule, encoding and limit of `alicloud_cache_refresh`'s " +
			"`File` paths, checked at plan time with the key named in the error. There is no import: Alibaba Cloud's task list " +
			"knows which paths were purged, not which versions; `purge_on_create = false` adopts a site without purging it.",
		Attributes: map[string]schema.Attribute{
			"service": schema.StringAttribute{
				Optional: true,
				Computed: true,
				Default:  stringdefault.StaticString(string(refresh.CDN)),
				Description: "Which API refreshes: `cdn` (the default), `dcdn` or `vod`. Edge routines take one routine per refresh: " +
					"use `alicloud_cache_refresh` there. Changing it replaces the resource and purges every object on the new service.",
				Validators:    []validator.String{enumValidator(parseObjectsService, objectsServices)},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"objects": schema.MapAttribute{
				Required:    true,
				ElementType: types.StringType,
				Description: "Every object, path → version: `{ for f in fileset(path.module, \"site/**\") : \"https://example.com/${f}\" => filesha256(\"${path.module}/site/${f}\") }`. " +
					"Each apply purges the paths whose version differs from the one recorded, the paths added and the paths removed " +
					"(a removed file must stop being served from the edge). Keys are `File` paths, written as the files are named and " +
					"sent percent-encoded, as in `alicloud_cache_refresh`; two keys naming the same object are refused.",
				Validators: []validator.Map{mapvalidator.SizeAtLeast(1), mapvalidator.ValueStringsAre(nonNullString{})},
			},
			"purge_on_create": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
				Description: "Whether the first apply purges every object (the default). Set it to `false` when the objects are new, " +
					"or already purged, and the edge holds no old copy: the first apply records their versions and purges nothing. " +
					"Changing it later does nothing.",
			},
			"directory_threshold": schema.Int64Attribute{
				Optional: true,
				Description: "When this many changed objects or more lie directly in one directory, one `Directory` refresh of it " +
					"replaces their URLs: one of the directory quota (100 a day on CDN and DCDN) instead of many of the URL quota. " +
					"Objects in its subdirectories do not count toward it. The plan names the directories. Unset: never.",
				Validators: []validator.Int64{int64validator.AtLeast(2)},
			},
			"force": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
				Description: "For directory refreshes only: `true` purges every object in the directory, `false` (the default) those " +
					"that changed on the origin.",
			},
			"split_requests": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
				Description: "Send more changed objects than one request takes as several requests, as in `alicloud_cache_refresh`: " +
					"before sending, the apply reads today's quota and refuses, sending nothing, when it cannot cover the change. " +
					"Without it, an apply that purges more than 1,000 URLs fails at plan.",
			},
			"wait_for_completion": schema.BoolAttribute{
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
				Description: "Wait until the purge's tasks are `Complete`, as in `alicloud_cache_refresh`. A `Failed` path fails the " +
					"apply and stays owed: the next apply purges it again. A wait cut short fails the apply; the purge is recorded, " +
					"and the next apply waits for the same tasks instead of purging again.",
			},
			"purged_paths": schema.ListAttribute{
				Computed:    true,
				ElementType: types.StringType,
				Description: "The paths the latest purge sent: URLs, and the directories that replaced some of them.",
			},
			"timeouts": timeouts.Attributes(ctx, timeouts.Opts{
				Create:            true,
				Update:            true,
				CreateDescription: "How long the first apply may submit and wait (default `15m`).",
				UpdateDescription: "How long a later apply may submit and wait (default `15m`).",
			}),
		},
	}
	for name, attr := range submissionAttributes("refresh") {
		resp.Schema.Attributes[name] = attr
	}
	resp.Schema.Attributes["id"] = schema.StringAttribute{Computed: true, Description: "`SERVICE:objects`.",
		PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
	resp.Schema.Attributes["task_id"] = schema.StringAttribute{Computed: true,
		Description: "The latest purge's task IDs as Alibaba returned them, joined by commas; empty when nothing was purged yet."}
	resp.Schema.Attributes["task_ids"] = schema.ListAttribute{Computed: true, ElementType: types.StringType, Description: "The task IDs, split."}
	resp.Schema.Attributes["request_id"] = schema.StringAttribute{Computed: true,
		Description: "The latest purge's API request IDs, joined by commas, for Alibaba Cloud support."}
	resp.Schema.Attributes["status"] = schema.StringAttribute{Computed: true,
		Description: "The latest purge's status: `Submitted` (not waited for), `Pending` (not started yet), `Refreshing`, `Complete` (also when nothing was purged) or `Failed`."}
}

// objectsServices are the services whose refreshes take any paths of an
// account: edge routine refreshes name one routine, which a map of objects
// across domains does not.
var objectsServices = []refresh.Service{refresh.CDN, refresh.DCDN, refresh.VOD}

func parseObjectsService(s string) (refresh.Service, error) {
	svc, err := refresh.ParseService(s)
	if err == nil && !slices.Contains(objectsServices, svc) {
		return svc, fmt.Errorf("%q refreshes one edge routine per request: use alicloud_cache_refresh for it, or one of cdn, dcdn, vod", s)
	}
	return svc, err
}

func (r *cacheRefreshObjectsResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
	if d, ok := req.ProviderData.(*resourceData); ok {
		r.owed = d.owed
	}
}

// ValidateConfig checks every key as a File path of the service, naming
// the key: the rules of alicloud_cache_refresh's paths, not a copy.
func (r *cacheRefreshObjectsResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var m cacheRefreshObjectsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	svc, err := refresh.ParseService(m.Service.ValueString())
	if m.Service.IsNull() {
		svc, err = refresh.CDN, nil
	}
	if resp.Diagnostics.HasError() || err != nil || m.Service.IsUnknown() || !slices.Contains(objectsServices, svc) || m.Objects.IsUnknown() ||
		len(m.Objects.Elements()) == 0 { // mapvalidator.SizeAtLeast says so
		return
	}
	keys := make([]string, 0, len(m.Objects.Elements()))
	for k := range m.Objects.Elements() {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	// Split: the count limits apply to what an apply purges (ModifyPlan).
	check := refresh.Request{Service: svc, ObjectType: refresh.File, Paths: keys, Split: true}
	for _, p := range check.Validate() {
		at := path.Root("objects")
		if p.Index >= 0 {
			at = at.AtMapKey(keys[p.Index])
		}
		resp.Diagnostics.AddAttributeError(at, p.Summary, at.String()+": "+p.Detail)
	}
	first := map[string]string{}
	for _, k := range keys {
		t := refresh.Target(k)
		if other, dup := first[t]; dup {
			at := path.Root("objects").AtMapKey(k)
			resp.Diagnostics.AddAttributeError(at, "Two keys name one object",
				fmt.Sprintf("%s: %q and %q purge the same cached object; keep one of them", at, other, k))
		}
		first[t] = k
	}
}

// ModifyPlan works out what the apply purges and says so: how many objects,
// how much of the daily quota, which directories replace their files. An
// apply that purges nothing keeps the latest purge's task IDs and status.
// The replacement of a resource tainted by a failed first apply starts
// from the record it takes over (see owedKey).
func (r *cacheRefreshObjectsResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		// Destroyed, not replaced: nothing to undo, and its record is no
		// other resource's to take over.
		var prior cacheRefreshObjectsModel
		if !req.State.Raw.IsNull() && !req.State.Get(ctx, &prior).HasError() {
			r.owed.forget(prior.submission)
		}
		return
	}
	var m cacheRefreshObjectsModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	var prior *cacheRefreshObjectsModel
	unwaited := isUnwaited(ctx, req.Private)
	if !req.State.Raw.IsNull() {
		prior = &cacheRefreshObjectsModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, prior)...)
		// Terraform passes no state for a tainted object: this one is not
		// (terraform untaint), and its updates purge what it owes.
		r.owed.forget(prior.submission)
	} else if f, ok := r.owed.find(m); ok {
		// The record's name goes with the plan to the apply, where deleting
		// the tainted object it names hands its record over.
		resp.Diagnostics.Append(markTakeOver(ctx, resp.Private, f.model.submission, m)...)
		if f.unwaited {
			resp.Diagnostics.Append(markUnwaited(ctx, resp.Private)...)
		}
		prior, unwaited = &f.model, f.unwaited
		if m.settled() {
			resp.Diagnostics.AddWarning("Objects purged by the failed first apply are not purged again",
				fmt.Sprintf("An earlier apply created this resource and failed after purging; Terraform replaces the tainted resource, "+
					"and the replacement takes over its record: %s purged then are not purged again; %s "+
					"Change service or force to purge every object again.",
					refresh.Objects(len(prior.Objects.Elements())), stillOwed(m.changeSet(prior), f.unwaited, m)))
		}
	}
	if resp.Diagnostics.HasError() || !m.settled() {
		return // the computed values stay unknown until apply
	}
	cs := m.changeSet(prior)
	svc, _ := refresh.ParseService(m.Service.ValueString())
	if cs.Empty() {
		if prior != nil {
			m.submission, m.PurgedPaths = prior.submission, prior.PurgedPaths
			m.ID = types.StringValue(string(svc) + ":objects")
			if unwaited && m.WaitForCompletion.ValueBool() {
				m.Status = types.StringUnknown()
				resp.Diagnostics.AddWarning("Waiting for the earlier purge",
					fmt.Sprintf("The wait for task %s was cut short in an earlier apply; this apply waits for it and purges nothing again.", prior.TaskID.ValueString()))
			}
		} else {
			m.nothingPurged()
			m.ID = types.StringValue(string(svc) + ":objects")
		}
		resp.Diagnostics.Append(resp.Plan.Set(ctx, &m)...)
		return
	}
	m.TaskID, m.RequestID, m.Status = types.StringUnknown(), types.StringUnknown(), types.StringUnknown()
	m.TaskIDs, m.PurgedPaths = types.ListUnknown(types.StringType), types.ListUnknown(types.StringType)
	m.ID = types.StringValue(string(svc) + ":objects")
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &m)...)

	objects := path.Root("objects")
	for _, req := range cs.Requests(m.base(svc)) {
		for _, p := range req.Validate() {
			resp.Diagnostics.AddAttributeError(objects, p.Summary, fmt.Sprintf("objects: this apply purges %s: %s",
				refresh.Count(len(req.Paths), req.ObjectType), p.Detail))
		}
		for _, w := range req.Warnings() {
			resp.Diagnostics.AddAttributeWarning(objects, w.Summary, "objects: "+w.Detail+quotaHint)
		}
	}
	summary := "This apply purges " + cs.Summary(svc)
	if m.SplitRequests.ValueBool() {
		n := 0
		for _, req := range cs.Requests(m.base(svc)) {
			n += len(req.Parts())
		}
		summary += fmt.Sprintf(" It takes %d %s requests.", n, svc.Operation())
	}
	resp.Diagnostics.AddAttributeWarning(objects, "Purge of changed objects", summary)
}

// Create purges every object (unless purge_on_create = false), or, as the
// replacement of a resource tainted by a failed first apply, what that one
// still owes (see owedKey). A failure after purging records what was
// purged and marks the resource for its replacement.
func (r *cacheRefreshObjectsResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m cacheRefreshObjectsModel
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
	if f, ok := r.owed.take(m); ok {
		tflog.Info(ctx, "taking over the record of the tainted resource whose first apply failed",
			map[string]any{"recorded": len(f.model.Objects.Elements()), "task_id": f.model.TaskID.ValueString()})
		m.submission, m.PurgedPaths = f.model.submission, f.model.PurgedPaths
		r.purgeOwed(ctx, &m, &f.model, f.unwaited, timeout, true, &resp.Diagnostics, resp.Private)
	} else {
		m.nothingPurged()
		sent := r.purge(ctx, &m, m.changeSet(nil), timeout, true, &resp.Diagnostics, resp.Private)
		if resp.Diagnostics.HasError() && !sent {
			return // nothing purged: nothing to record
		}
	}
	if resp.Diagnostics.HasError() { // Terraform taints it
		resp.Diagnostics.Append(markOwed(ctx, resp.Private)...)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// Update is where the purge happens: the difference between the recorded
// versions and the configured ones. The state it returns, failed or not,
// records per object what was purged.
func (r *cacheRefreshObjectsResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m, prior cacheRefreshObjectsModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
	if resp.Diagnostics.HasError() || !configured(r.client, &resp.Diagnostics) {
		return
	}
	timeout, d := m.Timeouts.Update(ctx, defaultCreateTimeout)
	if resp.Diagnostics.Append(d...); resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	m.submission, m.PurgedPaths = prior.submission, prior.PurgedPaths
	resp.Diagnostics.Append(resp.Private.SetKey(ctx, owedKey, nil)...) // not tainted: no replacement takes it over
	r.purgeOwed(ctx, &m, &prior, isUnwaited(ctx, req.Private), timeout, false, &resp.Diagnostics, resp.Private)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// purgeOwed purges what is owed after the record prior holds. Tasks
// whose wait was cut short (unwaited) are waited for first, when asked to
// wait: a path they report Failed stays owed (the apply fails, and the next
// one purges it again, as when the first wait sees it fail), whatever else
// this apply purges; if that wait is cut short again, nothing new is sent
// and the record stays as it was, so the next apply starts from the same
// point.
func (r *cacheRefreshObjectsResource) purgeOwed(ctx context.Context, m *cacheRefreshObjectsModel, prior *cacheRefreshObjectsModel, unwaited bool,
	timeout time.Duration, first bool, diags *diag.Diagnostics, private privateStore) {
	var earlier refresh.Progress
	if unwaited && m.WaitForCompletion.ValueBool() {
		earlier = r.wait(ctx, m, timeout, first, diags, private)
		if isUnwaited(ctx, private) { // cut short again
			m.Objects = prior.Objects
			return
		}
	}
	diags.Append(private.SetKey(ctx, unwaitedKey, nil)...)
	cs := m.changeSet(prior)
	if cs.Empty() {
		m.Objects = prior.Objects
	} else {
		r.purge(ctx, m, cs, timeout, first, diags, private)
	}
	// An object purged again in this apply is recorded by its own task.
	earlier.Tasks = slices.DeleteFunc(slices.Clone(earlier.Tasks), func(t refresh.Task) bool {
		return slices.ContainsFunc(cs.Changes, func(c refresh.Change) bool { return refresh.SameTarget(c.Path, t.ObjectPath) })
	})
	m.Objects = recordedObjects(ctx, withoutFailed(versionsOf(m.Objects), earlier), diags)
}

// withoutFailed leaves out of the record the objects whose path a task
// reports Failed, a failed directory's objects directly in it included, so
// that the next apply purges them again (as added: the version recorded
// before the purge is no longer known). The wait that saw it fail fails
// the apply, so the state may differ from the configuration.
func withoutFailed(v refresh.Versions, p refresh.Progress) refresh.Versions {
	failed := map[string]bool{}
	for _, t := range p.Tasks {
		if t.Status == refresh.StatusFailed {
			failed[refresh.Target(t.ObjectPath)] = true
		}
	}
	if len(failed) == 0 {
		return v
	}
	out := refresh.Versions{}
	for k, version := range v {
		dir, ok := refresh.Parent(k)
		if failed[refresh.Target(k)] || ok && failed[refresh.Target(dir)] {
			continue
		}
		out[k] = version
	}
	return out
}

// stillOwed says, for the plan, what the replacement of a tainted resource
// does with the record it takes over.
func stillOwed(owed refresh.ChangeSet, unwaited bool, m cacheRefreshObjectsModel) string {
	switch {
	case !owed.Empty():
		return fmt.Sprintf("this apply purges the %s still owed.", refresh.Objects(len(owed.Changes)))
	case unwaited && m.WaitForCompletion.ValueBool():
		return "nothing is still owed, and this apply waits for its tasks, whose wait was cut short, instead of purging again."
	}
	return "nothing is still owed, and this apply purges nothing."
}

// purge sends the change set's refreshes, waits when asked to, and sets
// m's objects to the versions purged: a call Alibaba accepted counts, one
// refused or never sent does not, and neither does a path whose task
// failed. first says the resource is being created. It reports whether
// anything was sent.
func (r *cacheRefreshObjectsResource) purge(ctx context.Context, m *cacheRefreshObjectsModel, cs refresh.ChangeSet, timeout time.Duration,
	first bool, diags *diag.Diagnostics, private privateStore) bool {
	svc, _ := refresh.ParseService(m.Service.ValueString())
	var ids, requestIDs, sent []string
	accepted := map[string]bool{}
	sentOf := map[refresh.ObjectType]int{}
	err := r.client.RefreshEach(ctx, cs.Requests(m.base(svc)), func(part refresh.Request, res alibaba.Result) {
		for _, id := range res.TaskIDs {
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
		if res.RequestID != "" { // a call found in the task list has none
			requestIDs = append(requestIDs, res.RequestID)
		}
		for _, p := range part.Paths {
			accepted[p] = true
			sent = append(sent, p)
		}
		sentOf[part.ObjectType] += len(part.Paths)
		tflog.Info(ctx, "refresh submitted", map[string]any{
			"service": string(svc), "operation": svc.Operation(), "object_type": string(part.ObjectType),
			"paths": len(part.Paths), "task_id": res.TaskID, "request_id": res.RequestID,
		})
	})
	reportObjectsError(diags, err, sentOf, first)
	failed := map[string]bool{}
	if len(sent) > 0 {
		sub, d := submitted(ctx, svc, alibaba.Result{TaskID: strings.Join(ids, ","), TaskIDs: ids, RequestID: strings.Join(requestIDs, ",")})
		diags.Append(d...)
		sub.ID = m.ID
		m.submission = sub
		m.PurgedPaths = stringList(ctx, sent, diags)
		if m.WaitForCompletion.ValueBool() && err == nil {
			for _, t := range r.wait(ctx, m, timeout, first, diags, private).Tasks {
				if t.Status == refresh.StatusFailed {
					failed[refresh.Target(t.ObjectPath)] = true
				}
			}
		}
	}
	m.Objects = recordedObjects(ctx, cs.Record(func(p string) bool { return accepted[p] && !failed[refresh.Target(p)] }), diags)
	return len(sent) > 0
}

// wait follows m's tasks, as alicloud_cache_refresh does, and records
// their status. A wait cut short marks the resource so that the next
// apply waits for the same tasks instead of purging again (in the first
// apply: its replacement does, see owedKey).
func (r *cacheRefreshObjectsResource) wait(ctx context.Context, m *cacheRefreshObjectsModel, timeout time.Duration, first bool,
	diags *diag.Diagnostics, private privateStore) refresh.Progress {
	svc, _ := refresh.ParseService(m.Service.ValueString())
	ids := refresh.SplitTaskIDs(m.TaskID.ValueString())
	paths, _ := stringElements(m.PurgedPaths.Elements())
	w := waitFor{what: "refresh", timeoutAttr: "timeouts.update", timeout: timeout,
		next: "The purge is recorded: the next apply waits for these tasks instead of purging again, and purges only what changes meanwhile."}
	if first {
		w.timeoutAttr = "timeouts.create"
		w.next = "The purge is recorded, and Terraform marks the resource tainted: the next apply replaces it, and the replacement " +
			"waits for these tasks instead of purging again (its plan says so). " + untaintWhen
	}
	var last refresh.Progress
	before := diags.ErrorsCount()
	status := waitForTasks(ctx, r.client, w, svc, ids, paths, diags, func(p refresh.Progress) { last = p })
	if status != "" {
		m.Status = types.StringValue(status)
	}
	if diags.ErrorsCount() > before && status != refresh.StatusFailed {
		diags.Append(markUnwaited(ctx, private)...)
	} else {
		diags.Append(private.SetKey(ctx, unwaitedKey, nil)...)
	}
	return last
}

// untaintWhen names the plans the replacement route cannot reach.
const untaintWhen = "A plan with -refresh=false, or create_before_destroy, purges every object again: run `terraform untaint` on it first then."

// Read follows the latest purge's status while Alibaba keeps its tasks,
// and tells the plan of a tainted resource's replacement which record it
// takes over (see owedKey). It never purges.
func (r *cacheRefreshObjectsResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m cacheRefreshObjectsModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	paths, _ := stringElements(m.PurgedPaths.Elements())
	if m.TaskID.ValueString() != "" { // something was purged
		if status, ok := currentStatus(ctx, r.client, m.Service.ValueString(), m.TaskID.ValueString(), paths); ok {
			m.Status = types.StringValue(status)
			resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
		}
	}
	if isOwed(ctx, req.Private) {
		r.owed.add(failedObjects{model: m, unwaited: isUnwaited(ctx, req.Private)}) // for the plan of its replacement
	}
}

// Delete calls nothing: a purge cannot be undone, and objects left behind
// are no longer this resource's to purge. A tainted resource whose
// replacement's plan names its record hands it over (see owedKey); one
// destroyed, not replaced, gets its own private state, which names none.
func (r *cacheRefreshObjectsResource) Delete(ctx context.Context, req resource.DeleteRequest, _ *resource.DeleteResponse) {
	var m cacheRefreshObjectsModel
	if diags := req.State.Get(ctx, &m); !diags.HasError() {
		if by, ok := takesOver(ctx, req.Private, m.submission); ok {
			r.owed.add(failedObjects{model: m, unwaited: isUnwaited(ctx, req.Private), claimant: by})
		}
	}
}

// settled reports whether the plan knows everything the change set
// depends on.
func (m cacheRefreshObjectsModel) settled() bool {
	if m.Objects.IsUnknown() || m.Service.IsUnknown() || m.DirectoryThreshold.IsUnknown() || m.PurgeOnCreate.IsUnknown() ||
		m.Force.IsUnknown() || m.SplitRequests.IsUnknown() {
		return false
	}
	for _, v := range m.Objects.Elements() {
		if v.IsUnknown() {
			return false
		}
	}
	return true
}

// changeSet is what applying m purges after prior (nil: the first apply).
func (m cacheRefreshObjectsModel) changeSet(prior *cacheRefreshObjectsModel) refresh.ChangeSet {
	wanted := versionsOf(m.Objects)
	threshold := int(m.DirectoryThreshold.ValueInt64())
	if prior == nil {
		if !m.PurgeOnCreate.ValueBool() {
			return refresh.Diff(wanted, wanted, threshold) // the objects are new: nothing owed
		}
		return refresh.Diff(nil, wanted, threshold)
	}
	return refresh.Diff(versionsOf(prior.Objects), wanted, threshold)
}

// base is the request every refresh of the change set starts from.
func (m cacheRefreshObjectsModel) base(svc refresh.Service) refresh.Request {
	return refresh.Request{Service: svc, Force: m.Force.ValueBool(), Split: m.SplitRequests.ValueBool()}
}

// nothingPurged sets the computed values of a resource that purged nothing
// yet.
func (m *cacheRefreshObjectsModel) nothingPurged() {
	m.TaskID, m.RequestID, m.Status = types.StringValue(""), types.StringValue(""), types.StringValue(refresh.StatusComplete)
	m.TaskIDs, m.PurgedPaths = types.ListValueMust(types.StringType, nil), types.ListValueMust(types.StringType, nil)
}

func versionsOf(objects types.Map) refresh.Versions {
	v := refresh.Versions{}
	for k, e := range objects.Elements() {
		s, _ := e.(types.String)
		v[k] = s.ValueString()
	}
	return v
}

func recordedObjects(ctx context.Context, v refresh.Versions, diags *diag.Diagnostics) types.Map {
	m, d := types.MapValueFrom(ctx, types.StringType, map[string]string(v))
	diags.Append(d...)
	return m
}

// reportObjectsError reports what stopped a purge and what the state keeps
// of it; first says the resource is being created, which Terraform then
// taints.
func reportObjectsError(diags *diag.Diagnostics, err error, sent map[refresh.ObjectType]int, first bool) {
	if err == nil {
		return
	}
	var problems refresh.Problems
	var quotaShort *refresh.QuotaShortError
	var apiErr *alibaba.APIError
	objects := path.Root("objects")
	switch {
	case errors.As(err, &problems):
		diags.AddAttributeError(objects, "Invalid objects", "objects: "+problems.Error())
		return
	case errors.As(err, &quotaShort):
		diags.AddAttributeError(objects, "Today's quota cannot cover this purge", quotaShort.Error())
		return
	}
	note := "\n\nNothing was purged; the next apply purges the same objects."
	if len(sent) > 0 {
		var what []string
		for _, t := range []refresh.ObjectType{refresh.File, refresh.Directory} {
			if sent[t] > 0 {
				what = append(what, refresh.Count(sent[t], t))
			}
		}
		verb := "were"
		if sent[refresh.File]+sent[refresh.Directory] == 1 {
			verb = "was"
		}
		note = fmt.Sprintf("\n\n%s %s purged before it stopped; the state records them, and the next apply purges only what is still owed.",
			strings.Join(what, " and "), verb)
		if first {
			note += " Terraform marks the resource tainted: the next apply replaces it, and the replacement takes this record over " +
				"(its plan says so). " + untaintWhen
		}
	}
	if errors.As(err, &apiErr) {
		diags.AddError("Alibaba Cloud refused the refresh", explain(apiErr)+note)
		return
	}
	diags.AddError("Refresh failed", explain(err)+note)
}

// nonNullString refuses a null version: it would compare equal to none.
type nonNullString struct{}

func (nonNullString) Description(context.Context) string         { return "the version is not null" }
func (nonNullString) MarkdownDescription(context.Context) string { return "the version is not null" }

func (nonNullString) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() {
		resp.Diagnostics.AddAttributeError(req.Path, "Missing version",
			req.Path.String()+": every object needs a version (a content hash, an ETag, a release number); give one, or remove the key")
	}
}
