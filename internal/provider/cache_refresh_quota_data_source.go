package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/purgeworks/terraform-provider-alicloud/internal/alibaba"
	"github.com/purgeworks/terraform-provider-alicloud/internal/refresh"
)

var (
	_ datasource.DataSource              = (*cacheRefreshQuotaDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*cacheRefreshQuotaDataSource)(nil)
)

// NewCacheRefreshQuotaDataSource returns the alicloud_cache_refresh_quota data source.
func NewCacheRefreshQuotaDataSource() datasource.DataSource {
	return &cacheRefreshQuotaDataSource{}
}

type cacheRefreshQuotaDataSource struct {
	client *alibaba.Client
}

type cacheRefreshQuotaModel struct {
	Service            types.String `tfsdk:"service"`
	URLQuota           types.Int64  `tfsdk:"url_quota"`
	URLRemain          types.Int64  `tfsdk:"url_remain"`
	DirQuota           types.Int64  `tfsdk:"dir_quota"`
	DirRemain          types.Int64  `tfsdk:"dir_remain"`
	RegexQuota         types.Int64  `tfsdk:"regex_quota"`
	RegexRemain        types.Int64  `tfsdk:"regex_remain"`
	IgnoreParamsQuota  types.Int64  `tfsdk:"ignore_params_quota"`
	IgnoreParamsRemain types.Int64  `tfsdk:"ignore_params_remain"`
}

func (d *cacheRefreshQuotaDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cache_refresh_quota"
}

func (d *cacheRefreshQuotaDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	count := func(desc string) schema.Int64Attribute {
		return schema.Int64Attribute{Computed: true, Description: desc}
	}
	resp.Schema = schema.Schema{
		Description: "Today's refresh quota of a service and what is left of it, from Alibaba's quota look-up. " +
			"A counter the service does not report is null.",
		Attributes: map[string]schema.Attribute{
			"service": schema.StringAttribute{
				// Computed: Read sets the default it used.
				Optional:    true,
				Computed:    true,
				Description: "`cdn` (the default), `dcdn`, `vod` or `edge_routine` (which spends DCDN's quota).",
				Validators:  []validator.String{enumValidator(refresh.ParseService, refresh.Services)},
			},
			"url_quota":            count("URLs (`File`) a day."),
			"url_remain":           count("URLs left today."),
			"dir_quota":            count("Directories a day."),
			"dir_remain":           count("Directories left today."),
			"regex_quota":          count("Regular expressions a day; null for `vod`."),
			"regex_remain":         count("Regular expressions left today; null for `vod`."),
			"ignore_params_quota":  count("`IgnoreParams` URLs a day; null for `vod`."),
			"ignore_params_remain": count("`IgnoreParams` URLs left today; null for `vod`."),
		},
	}
}

func (d *cacheRefreshQuotaDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *cacheRefreshQuotaDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m cacheRefreshQuotaModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !configured(d.client, &resp.Diagnostics) {
		return
	}
	svc, ok := serviceOrCDN(m.Service, &resp.Diagnostics)
	if !ok {
		return
	}
	m.Service = types.StringValue(string(svc))
	q, err := d.client.Quota(ctx, svc)
	if err != nil {
		resp.Diagnostics.AddError(fmt.Sprintf("Cannot read the %s refresh quota", svc), explain(err))
		return
	}
	m.URLQuota, m.URLRemain = types.Int64PointerValue(q.URLQuota), types.Int64PointerValue(q.URLRemain)
	m.DirQuota, m.DirRemain = types.Int64PointerValue(q.DirQuota), types.Int64PointerValue(q.DirRemain)
	m.RegexQuota, m.RegexRemain = types.Int64PointerValue(q.RegexQuota), types.Int64PointerValue(q.RegexRemain)
	m.IgnoreParamsQuota, m.IgnoreParamsRemain = types.Int64PointerValue(q.IgnoreParamsQuota), types.Int64PointerValue(q.IgnoreParamsRemain)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
