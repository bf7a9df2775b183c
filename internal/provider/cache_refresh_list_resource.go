package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/purgeworks/terraform-provider-alicloud/internal/alibaba"
	"github.com/purgeworks/terraform-provider-alicloud/internal/refresh"
)

var (
	_ list.ListResource                   = (*cacheRefreshListResource)(nil)
	_ list.ListResourceWithConfigure      = (*cacheRefreshListResource)(nil)
	_ list.ListResourceWithValidateConfig = (*cacheRefreshListResource)(nil)
)

// NewCacheRefreshListResource returns the alicloud_cache_refresh list
// resource: the refreshes of the last three days, for `terraform query`.
func NewCacheRefreshListResource() list.ListResource {
	return &cacheRefreshListResource{}
}

type cacheRefreshListResource struct {
	client *alibaba.Client
}

// cacheRefreshListConfig holds the filters of the tasks data source that
// select refreshes (task_id is an import ID already).
type cacheRefreshListConfig struct {
	Service    types.String `tfsdk:"service"`
	ObjectPath types.String `tfsdk:"object_path"`
	DomainName types.String `tfsdk:"domain_name"`
	ObjectType types.String `tfsdk:"object_type"`
	Status     types.String `tfsdk:"status"`
	StartTime  types.String `tfsdk:"start_time"`
	EndTime    types.String `tfsdk:"end_time"`
}

// filters are the tasks data source's, whose look-up and checks the list
// shares.
func (c cacheRefreshListConfig) filters() cacheRefreshTasksModel {
	return cacheRefreshTasksModel{
		Service: c.Service, TaskID: types.StringNull(), ObjectPath: c.ObjectPath, DomainName: c.DomainName,
		ObjectType: c.ObjectType, Status: c.Status, StartTime: c.StartTime, EndTime: c.EndTime,
	}
}

func (l *cacheRefreshListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cache_refresh"
}

func (l *cacheRefreshListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	filter := func(desc string) listschema.StringAttribute {
		return listschema.StringAttribute{Optional: true, Description: desc}
	}
	resp.Schema = listschema.Schema{
		Description: "Refreshes of the last three days (as long as Alibaba Cloud keeps tasks), newest first, one per task, " +
			"to import with `terraform query -generate-config-out`. Filters as `alicloud_cache_refresh_tasks` does; " +
			"prefetch tasks are left out.",
		Attributes: map[string]listschema.Attribute{
			"service": listschema.StringAttribute{
				Optional:    true,
				Description: "`cdn` (the default), `dcdn`, `vod` or `edge_routine` (whose tasks are DCDN's).",
				Validators:  []validator.String{enumValidator(refresh.ParseService, refresh.Services)},
			},
			"object_path": filter("Only refreshes of this path, matched exactly as Alibaba keeps it; non-ASCII characters and spaces are percent-encoded first, as refreshes send them."),
			"domain_name": filter("Only refreshes of paths on this domain; needs `object_type`."),
			"object_type": filter("Only refreshes of this type, as the look-up names it: `file`, `directory` or `regex`."),
			"status":      filter("Only refreshes with a path in this status: `Complete`, `Refreshing` or `Failed` (each path has its own; the refresh is listed whole); needs `object_type`."),
			"start_time":  filter("Only refreshes submitted from this UTC time on, such as `2025-03-01T08:00:00Z`; with `end_time`."),
			"end_time":    filter("Only refreshes submitted up to this UTC time; with `start_time`."),
		},
	}
}

func (l *cacheRefreshListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (l *cacheRefreshListResource) ValidateListResourceConfig(ctx context.Context, req list.ValidateConfigRequest, resp *list.ValidateConfigResponse) {
	var c cacheRefreshListConfig
	if resp.Diagnostics.Append(req.Config.Get(ctx, &c)...); resp.Diagnostics.HasError() {
		return
	}
	c.filters().validateFilters(&resp.Diagnostics)
}

func (l *cacheRefreshListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var c cacheRefreshListConfig
	var diags diag.Diagnostics
	if diags.Append(req.Config.Get(ctx, &c)...); diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	f := c.filters()
	svc, tasks, ok := f.lookUp(ctx, l.client, &diags)
	if !ok {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	refreshes := refreshTasks(tasks)
	if req.Limit > 0 && int64(len(refreshes)) > req.Limit {
		refreshes = refreshes[:req.Limit]
	}
	if f.ObjectPath.ValueString() != "" || f.DomainName.ValueString() != "" || f.Status.ValueString() != "" {
		// The filtered list holds only the matching paths of each task
		// (the status is each path's own); the resource is the whole
		// task, as an import of its ID rebuilds it.
		if refreshes, ok = wholeTasks(ctx, l.client, svc, refreshes, &diags); !ok {
			stream.Results = list.ListResultsStreamDiagnostics(diags)
			return
		}
	}
	stream.Results = func(push func(list.ListResult) bool) {
		for _, t := range refreshes {
			if !push(listResult(ctx, req, svc, t)) {
				return
			}
		}
	}
}

// taskPaths is one task and its paths, as the look-ups report them.
type taskPaths struct {
	id    string
	paths []refresh.Task
}

// refreshTasks groups the look-up's elements (one per path) by task, in the
// order listed, leaving out prefetches.
func refreshTasks(tasks []refresh.Task) []taskPaths {
	var out []taskPaths
	index := map[string]int{}
	for _, t := range tasks {
		if _, ok := refresh.TaskObjectType(t.ObjectType); !ok {
			continue
		}
		i, seen := index[t.ID]
		if !seen {
			i = len(out)
			index[t.ID] = i
			out = append(out, taskPaths{id: t.ID})
		}
		out[i].paths = append(out[i].paths, t)
	}
	return out
}

// wholeTasks looks the listed tasks up by ID, for every path of each.
func wholeTasks(ctx context.Context, client *alibaba.Client, svc refresh.Service, listed []taskPaths, diags *diag.Diagnostics) ([]taskPaths, bool) {
	if len(listed) == 0 {
		return nil, true
	}
	ids := make([]string, len(listed))
	for i, t := range listed {
		ids[i] = t.id
	}
	tasks, err := client.TasksByID(ctx, svc, ids)
	if err != nil {
		diags.AddError(fmt.Sprintf("Cannot look the %s refresh tasks up", svc), explain(err))
		return nil, false
	}
	byID := map[string][]refresh.Task{}
	for _, t := range tasks {
		byID[t.ID] = append(byID[t.ID], t)
	}
	var out []taskPaths
	for _, t := range listed {
		if paths := byID[t.id]; len(paths) > 0 { // else aged out since listed
			out = append(out, taskPaths{id: t.id, paths: paths})
		}
	}
	return out, true
}

// listResult is one task as `terraform query` shows it and an import
// rebuilds it.
func listResult(ctx context.Context, req list.ListRequest, svc refresh.Service, t taskPaths) list.ListResult {
	result := req.NewListResult(ctx)
	m, err := importedModel(ctx, svc, []string{t.id}, t.paths)
	if err != nil {
		result.Diagnostics.AddError(fmt.Sprintf("Cannot list %s task %s", svc, t.id), explain(err))
		return result
	}
	result.DisplayName = displayName(svc, t, m.Status.ValueString())
	result.Diagnostics.Append(setIdentity(ctx, result.Identity, m)...)
	if req.IncludeResource {
		result.Diagnostics.Append(result.Resource.Set(ctx, &m)...)
	}
	return result
}

// displayName says what a task refreshed, when, and how it went:
// "cdn:704222901 file example.com/a.png and 2 more, 2025-03-01T08:00:00Z, Complete".
func displayName(svc refresh.Service, t taskPaths, status string) string {
	first := t.paths[0]
	paths := first.ObjectPath
	if n := len(t.paths) - 1; n > 0 {
		paths += fmt.Sprintf(" and %d more", n)
	}
	return fmt.Sprintf("%s:%s %s %s, %s, %s", svc, t.id, first.ObjectType, paths, first.CreationTime, status)
}
