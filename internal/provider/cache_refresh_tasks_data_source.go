package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/purgeworks/terraform-provider-alicloud/internal/alibaba"
	"github.com/purgeworks/terraform-provider-alicloud/internal/refresh"
)

var (
	_ datasource.DataSource                   = (*cacheRefreshTasksDataSource)(nil)
	_ datasource.DataSourceWithConfigure      = (*cacheRefreshTasksDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*cacheRefreshTasksDataSource)(nil)
)

// NewCacheRefreshTasksDataSource returns the alicloud_cache_refresh_tasks data source.
func NewCacheRefreshTasksDataSource() datasource.DataSource {
	return &cacheRefreshTasksDataSource{}
}

type cacheRefreshTasksDataSource struct {
	client *alibaba.Client
}

type cacheRefreshTasksModel struct {
	Service    types.String `tfsdk:"service"`
	TaskID     types.String `tfsdk:"task_id"`
	ObjectPath types.String `tfsdk:"object_path"`
	DomainName types.String `tfsdk:"domain_name"`
	ObjectType types.String `tfsdk:"object_type"`
	Status     types.String `tfsdk:"status"`
	StartTime  types.String `tfsdk:"start_time"`
	EndTime    types.String `tfsdk:"end_time"`
	Tasks      []taskModel  `tfsdk:"tasks"`
}

type taskModel struct {
	TaskID       types.String `tfsdk:"task_id"`
	ObjectPath   types.String `tfsdk:"object_path"`
	ObjectType   types.String `tfsdk:"object_type"`
	Status       types.String `tfsdk:"status"`
	Process      types.String `tfsdk:"process"`
	Description  types.String `tfsdk:"description"`
	CreationTime types.String `tfsdk:"creation_time"`
}

func (d *cacheRefreshTasksDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cache_refresh_tasks"
}

func (d *cacheRefreshTasksDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	filter := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Optional: true, Description: desc}
	}
	out := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, Description: desc}
	}
	resp.Schema = schema.Schema{
		Description: "Refresh tasks of the last three days, newest first, every page of them. Each path of a task is one element.",
		Attributes: map[string]schema.Attribute{
			"service": schema.StringAttribute{
				// Computed: Read sets the default it used.
				Optional:    true,
				Computed:    true,
				Description: "`cdn` (the default), `dcdn`, `vod` or `edge_routine` (whose tasks are DCDN's).",
				Validators:  []validator.String{enumValidator(refresh.ParseService, refresh.Services)},
			},
			"task_id":     filter("Only this task."),
			"object_path": filter("Only this path, matched exactly as Alibaba keeps it; non-ASCII characters and spaces are percent-encoded first, as refreshes send them."),
			"domain_name": filter("Only paths on this domain; needs `object_type`."),
			"object_type": filter("Only tasks of this type, as the look-up names it: `file`, `directory`, `regex` or `preload`."),
			"status":      filter("Only tasks in this status: `Complete`, `Refreshing` or `Failed`; needs `object_type`."),
			"start_time":  filter("Only tasks created from this UTC time on, such as `2025-03-01T08:00:00Z`; with `end_time`."),
			"end_time":    filter("Only tasks created up to this UTC time; with `start_time`."),
			"tasks": schema.ListNestedAttribute{
				Computed:    true,
				Description: "The tasks, one element per path.",
				NestedObject: schema.NestedAttributeObject{
					Attributes: map[string]schema.Attribute{
						"task_id":       out("The task ID."),
						"object_path":   out("The path."),
						"object_type":   out("`file`, `directory`, `regex`, `ignoreparams` or `preload`, as the look-up reports it."),
						"status":        out("`Pending` (not started yet; CDN and DCDN), `Refreshing`, `Complete` or `Failed`."),
						"process":       out("Progress, such as `100%`."),
						"description":   out("Why the task failed."),
						"creation_time": out("When it was submitted, in UTC."),
					},
				},
			},
		},
	}
}

func (d *cacheRefreshTasksDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (m cacheRefreshTasksModel) filter() refresh.TaskFilter {
	return refresh.TaskFilter{
		TaskID: m.TaskID.ValueString(), ObjectPath: m.ObjectPath.ValueString(), DomainName: m.DomainName.ValueString(),
		ObjectType: m.ObjectType.ValueString(), Status: m.Status.ValueString(),
		StartTime: m.StartTime.ValueString(), EndTime: m.EndTime.ValueString(),
	}
}

// ValidateConfig applies the look-up's documented rules to the filters
// known at plan time.
func (d *cacheRefreshTasksDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var m cacheRefreshTasksModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.validateFilters(&resp.Diagnostics)
}

// validateFilters reports the filters that break the look-up's rules, once
// all of them are known.
func (m cacheRefreshTasksModel) validateFilters(diags *diag.Diagnostics) {
	for _, v := range []types.String{m.TaskID, m.ObjectPath, m.DomainName, m.ObjectType, m.Status, m.StartTime, m.EndTime} {
		if v.IsUnknown() {
			return // checked when read
		}
	}
	addProblems(diags, m.filter().Validate())
}

// lookUp returns the service and the tasks the filters match, every page of
// them; false, with the reason in diags, when it cannot.
func (m cacheRefreshTasksModel) lookUp(ctx context.Context, client *alibaba.Client, diags *diag.Diagnostics) (refresh.Service, []refresh.Task, bool) {
	if !configured(client, diags) {
		return "", nil, false
	}
	svc, ok := serviceOrCDN(m.Service, diags)
	if !ok {
		return "", nil, false
	}
	tasks, err := client.ListTasks(ctx, svc, m.filter())
	var problems refresh.Problems
	switch {
	case errors.As(err, &problems):
		addProblems(diags, problems)
		return svc, nil, false
	case err != nil:
		diags.AddError(fmt.Sprintf("Cannot list the %s refresh tasks", svc), explain(err))
		return svc, nil, false
	}
	return svc, tasks, true
}

func (d *cacheRefreshTasksDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m cacheRefreshTasksModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	svc, tasks, ok := m.lookUp(ctx, d.client, &resp.Diagnostics)
	if !ok {
		return
	}
	m.Service = types.StringValue(string(svc))
	m.Tasks = make([]taskModel, len(tasks))
	for i, t := range tasks {
		m.Tasks[i] = taskModel{
			TaskID: types.StringValue(t.ID), ObjectPath: types.StringValue(t.ObjectPath), ObjectType: types.StringValue(t.ObjectType),
			Status: types.StringValue(t.Status), Process: types.StringValue(t.Process), Description: types.StringValue(t.Description),
			CreationTime: types.StringValue(t.CreationTime),
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
