// Package provider maps Terraform configuration to the refresh domain: the
// provider, its schema and its resources. The rules and API calls live in
// internal/refresh.
package provider

import (
	"context"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/purgeworks/terraform-provider-alicloud/internal/refresh"
)

var (
	_ provider.Provider            = (*alicloudProvider)(nil)
	_ provider.ProviderWithActions = (*alicloudProvider)(nil)
)

// New returns a constructor of the provider at the given version.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &alicloudProvider{version: version} }
}

type alicloudProvider struct {
	version string
}

type providerModel struct {
	AccessKey     types.String    `tfsdk:"access_key"`
	SecretKey     types.String    `tfsdk:"secret_key"`
	SecurityToken types.String    `tfsdk:"security_token"`
	Region        types.String    `tfsdk:"region"`
	Protocol      types.String    `tfsdk:"protocol"`
	Endpoints     *endpointsModel `tfsdk:"endpoints"`
}

type endpointsModel struct {
	CDN  types.String `tfsdk:"cdn"`
	DCDN types.String `tfsdk:"dcdn"`
	VOD  types.String `tfsdk:"vod"`
}

func (p *alicloudProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "alicloud"
	resp.Version = p.version
}

// hostPort is what an endpoint override may be: a host, optionally with a port.
var hostPort = regexp.MustCompile(`^[A-Za-z0-9.-]+(:[0-9]{1,5})?$`)

func (p *alicloudProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	endpoint := func(what string) schema.StringAttribute {
		return schema.StringAttribute{
			Optional:    true,
			Description: "Host, or host:port, that serves " + what + " instead of the SDK's default endpoint.",
			Validators: []validator.String{
				stringvalidator.RegexMatches(hostPort, "must be a host or host:port, without a scheme or path (the scheme comes from protocol)"),
			},
		}
	}
	resp.Schema = schema.Schema{
		Description: "Purges cached content on Alibaba Cloud's edge networks: CDN, DCDN, ApsaraVideo VOD and Edge Routine.",
		Attributes: map[string]schema.Attribute{
			"access_key": schema.StringAttribute{
				Optional:    true,
				Sensitive:   true,
				Description: "Access key ID. Falls back to ALICLOUD_ACCESS_KEY, ALIBABA_CLOUD_ACCESS_KEY_ID or ALIBABACLOUD_ACCESS_KEY_ID.",
			},
			"secret_key": schema.StringAttribute{
				Optional:    true,
				Sensitive:   true,
				Description: "Access key secret. Falls back to ALICLOUD_SECRET_KEY, ALIBABA_CLOUD_ACCESS_KEY_SECRET or ALIBABACLOUD_ACCESS_KEY_SECRET.",
			},
			"security_token": schema.StringAttribute{
				Optional:    true,
				Sensitive:   true,
				Description: "STS security token, for temporary credentials. Falls back to ALICLOUD_SECURITY_TOKEN, ALIBABA_CLOUD_SECURITY_TOKEN or ALIBABACLOUD_SECURITY_TOKEN.",
			},
			"region": schema.StringAttribute{
				Optional:    true,
				Description: "Region of the CDN and DCDN clients. Falls back to ALICLOUD_REGION or ALIBABA_CLOUD_REGION, then `cn-hangzhou`. VOD refreshes always go to China (Shanghai), the only region that serves them, unless `endpoints.vod` is set.",
			},
			"protocol": schema.StringAttribute{
				Optional:    true,
				Description: "`HTTPS` (default) or `HTTP`.",
				Validators:  []validator.String{stringvalidator.OneOf("HTTPS", "HTTP")},
			},
		},
		Blocks: map[string]schema.Block{
			"endpoints": schema.SingleNestedBlock{
				Description: "Endpoint overrides, for private endpoints or a local emulator. Edge routine refreshes use `dcdn`.",
				Attributes: map[string]schema.Attribute{
					"cdn":  endpoint("CDN (RefreshObjectCaches)"),
					"dcdn": endpoint("DCDN (RefreshDcdnObjectCaches, RefreshErObjectCaches)"),
					"vod":  endpoint("VOD (RefreshVodObjectCaches)"),
				},
			},
		},
	}
}

func (p *alicloudProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Values that come from other resources are known only at apply; the
	// framework configures the provider again then.
	if m.hasUnknown() {
		return
	}

	cfg := refresh.Config{
		AccessKey:       m.AccessKey.ValueString(),
		SecretKey:       m.SecretKey.ValueString(),
		SecurityToken:   m.SecurityToken.ValueString(),
		Region:          m.Region.ValueString(),
		Protocol:        m.Protocol.ValueString(),
		ProviderVersion: p.version,
	}
	if e := m.Endpoints; e != nil {
		cfg.Endpoints = refresh.Endpoints{CDN: e.CDN.ValueString(), DCDN: e.DCDN.ValueString(), VOD: e.VOD.ValueString()}
	}
	cfg.FromEnv()
	client, err := refresh.NewClient(cfg)
	if err != nil {
		resp.Diagnostics.AddError("Cannot configure the alicloud provider", err.Error())
		return
	}
	resp.ResourceData = client
	resp.DataSourceData = client
	resp.ActionData = client
}

func (m providerModel) hasUnknown() bool {
	vals := []types.String{m.AccessKey, m.SecretKey, m.SecurityToken, m.Region, m.Protocol}
	if e := m.Endpoints; e != nil {
		vals = append(vals, e.CDN, e.DCDN, e.VOD)
	}
	for _, v := range vals {
		if v.IsUnknown() {
			return true
		}
	}
	return false
}

func (p *alicloudProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{NewCacheRefreshResource, NewCachePreloadResource}
}

func (p *alicloudProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{NewCacheRefreshQuotaDataSource, NewCacheRefreshTasksDataSource}
}

func (p *alicloudProvider) Actions(context.Context) []func() action.Action {
	return []func() action.Action{NewCacheRefreshAction}
}

// clientFrom is the client the provider configured, or nil before it is
// configured (values known only at apply).
func clientFrom(providerData any, diags *diag.Diagnostics) *refresh.Client {
	if providerData == nil {
		return nil
	}
	client, ok := providerData.(*refresh.Client)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("expected *refresh.Client, got %T; please report this issue", providerData))
	}
	return client
}
