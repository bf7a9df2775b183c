// Package provider maps Terraform configuration to the refresh domain: the
// provider, its schema and its resources. The rules and API calls live in
// internal/refresh.
//
// Two resources purge. alicloud_cache_refresh purges a list of paths when it
// is created or replaced; its updates never purge. alicloud_cache_refresh_objects
// takes every object with a version of each and purges, in each update, the
// objects whose version changed, was added or removed. They are kept apart,
// rather than a version map beside object_paths, because they purge at
// different moments: in one resource every attribute would need a rule for
// which moment it follows, and each is explained in one sentence alone.
package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/purgeworks/terraform-provider-alicloud/internal/alibaba"
	"github.com/purgeworks/terraform-provider-alicloud/internal/refresh"
)

var (
	_ provider.Provider            = (*alicloudProvider)(nil)
	_ provider.ProviderWithActions = (*alicloudProvider)(nil)

	_ provider.ProviderWithListResources = (*alicloudProvider)(nil)
)

// New returns a constructor of the provider at the given version.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &alicloudProvider{version: version} }
}

// providerTypeName prefixes the names of the provider's resources.
const providerTypeName = "alicloud"

type alicloudProvider struct {
	version string
}

type providerModel struct {
	AccessKey             types.String     `tfsdk:"access_key"`
	SecretKey             types.String     `tfsdk:"secret_key"`
	SecurityToken         types.String     `tfsdk:"security_token"`
	Region                types.String     `tfsdk:"region"`
	Protocol              types.String     `tfsdk:"protocol"`
	Profile               types.String     `tfsdk:"profile"`
	SharedCredentialsFile types.String     `tfsdk:"shared_credentials_file"`
	CredentialsURI        types.String     `tfsdk:"credentials_uri"`
	ECSRoleName           types.String     `tfsdk:"ecs_role_name"`
	ClientConnectTimeout  types.Int64      `tfsdk:"client_connect_timeout"`
	ClientReadTimeout     types.Int64      `tfsdk:"client_read_timeout"`
	AssumeRole            *assumeRoleModel `tfsdk:"assume_role"`
	Endpoints             *endpointsModel  `tfsdk:"endpoints"`
}

type assumeRoleModel struct {
	RoleARN           types.String `tfsdk:"role_arn"`
	SessionName       types.String `tfsdk:"session_name"`
	Policy            types.String `tfsdk:"policy"`
	SessionExpiration types.Int64  `tfsdk:"session_expiration"`
	ExternalID        types.String `tfsdk:"external_id"`
}

type endpointsModel struct {
	CDN  types.String `tfsdk:"cdn"`
	DCDN types.String `tfsdk:"dcdn"`
	VOD  types.String `tfsdk:"vod"`
	STS  types.String `tfsdk:"sts"`
}

func (p *alicloudProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = providerTypeName
	resp.Version = p.version
}

// hostPort is what an endpoint override may be: a host, optionally with a port.
var hostPort = regexp.MustCompile(`^[A-Za-z0-9.-]+(:[0-9]{1,5})?$`)

func (p *alicloudProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	env := func(names []string) string { return strings.Join(names, ", ") }
	timeout := func(what string, names []string) schema.Int64Attribute {
		return schema.Int64Attribute{
			Optional: true,
			Description: fmt.Sprintf("Milliseconds to wait %s, for each API and STS call. Falls back to %s, then 60000. "+
				"What is left of a resource's `timeouts.create`, or of the action's `timeout`, ends a call sooner.", what, env(names)),
			Validators: []validator.Int64{int64validator.AtLeast(1)},
		}
	}
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
				Description: "Region of the CDN and DCDN clients. Falls back to ALICLOUD_REGION or ALIBABA_CLOUD_REGION, then the `region_id` of `profile` when credentials come from it, then `cn-hangzhou`. VOD refreshes always go to China (Shanghai), the only region that serves them, unless `endpoints.vod` is set.",
			},
			"protocol": schema.StringAttribute{
				Optional:    true,
				Description: "`HTTPS` (default) or `HTTP`.",
				Validators:  []validator.String{stringvalidator.OneOf("HTTPS", "HTTP")},
			},
			"profile": schema.StringAttribute{
				Optional:    true,
				Description: "A profile of `shared_credentials_file`, as `aliyun configure --profile` writes it (modes AK, StsToken, RamRoleArn, EcsRamRole, ChainableRamRoleArn, CredentialsURI). Used when no access key is set. Falls back to " + env(alibaba.EnvProfile) + ". The profile's `region_id` applies when `region` is not set.",
			},
			"shared_credentials_file": schema.StringAttribute{
				Optional:    true,
				Description: "The aliyun CLI's configuration file that `profile` is read from. Falls back to " + env(alibaba.EnvSharedCredentialsFile) + ", then `~/.aliyun/config.json`.",
			},
			"credentials_uri": schema.StringAttribute{
				Optional:    true,
				Description: "A URL answering temporary credentials as JSON (`AccessKeyId`, `AccessKeySecret`, `SecurityToken`, `Expiration`). Used when no access key or profile is set. Falls back to " + env(alibaba.EnvCredentialsURI) + ".",
			},
			"ecs_role_name": schema.StringAttribute{
				Optional:    true,
				Description: "The RAM role attached to the ECS instance Terraform runs on; its credentials come from the instance metadata service. Used when no access key, profile or `credentials_uri` is set. Falls back to " + env(alibaba.EnvECSRoleName) + ".",
			},
			"client_connect_timeout": timeout("for a connection", alibaba.EnvConnectTimeout),
			"client_read_timeout":    timeout("for an answer", alibaba.EnvReadTimeout),
		},
		Blocks: map[string]schema.Block{
			"assume_role": schema.SingleNestedBlock{
				Description: "Assume a RAM role, through STS AssumeRole, with the credentials found (access key, profile, `credentials_uri` or `ecs_role_name`). The temporary credentials are renewed before they expire and never stored.",
				Attributes: map[string]schema.Attribute{
					"role_arn": schema.StringAttribute{
						Optional:    true,
						Description: "ARN of the role, such as `acs:ram::123456789012****:role/refresher`. Required; falls back to " + env(alibaba.EnvAssumeRoleARN) + ".",
					},
					"session_name": schema.StringAttribute{
						Optional:    true,
						Description: "Session name, which Alibaba Cloud's audit logs show. Falls back to " + env(alibaba.EnvAssumeRoleSessionName) + ", then `terraform`.",
					},
					"policy": schema.StringAttribute{
						Optional:    true,
						Description: "A policy (JSON) that narrows the role's permissions for this session.",
					},
					"session_expiration": schema.Int64Attribute{
						Optional:    true,
						Description: fmt.Sprintf("Seconds the credentials last, %d to %d, at most the role's maximum session duration. Falls back to %s, then %d.", alibaba.MinSessionExpiration, alibaba.MaxSessionExpiration, env(alibaba.EnvAssumeRoleSessionExpiration), alibaba.DefaultSessionExpiration),
						Validators:  []validator.Int64{int64validator.Between(alibaba.MinSessionExpiration, alibaba.MaxSessionExpiration)},
					},
					"external_id": schema.StringAttribute{
						Optional:    true,
						Description: "External ID, when the role's trust policy requires one.",
					},
				},
			},
			"endpoints": schema.SingleNestedBlock{
				Description: "Endpoint overrides, for private endpoints or a local emulator. Edge routine refreshes use `dcdn`.",
				Attributes: map[string]schema.Attribute{
					"cdn":  endpoint("CDN (RefreshObjectCaches)"),
					"dcdn": endpoint("DCDN (RefreshDcdnObjectCaches, RefreshErObjectCaches)"),
					"vod":  endpoint("VOD (RefreshVodObjectCaches)"),
					"sts":  endpoint("STS (AssumeRole, always over HTTPS)"),
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

	cfg := alibaba.Config{
		AccessKey:             m.AccessKey.ValueString(),
		SecretKey:             m.SecretKey.ValueString(),
		SecurityToken:         m.SecurityToken.ValueString(),
		Region:                m.Region.ValueString(),
		Protocol:              m.Protocol.ValueString(),
		Profile:               m.Profile.ValueString(),
		SharedCredentialsFile: m.SharedCredentialsFile.ValueString(),
		CredentialsURI:        m.CredentialsURI.ValueString(),
		ECSRoleName:           m.ECSRoleName.ValueString(),
		ConnectTimeout:        time.Duration(m.ClientConnectTimeout.ValueInt64()) * time.Millisecond,
		ReadTimeout:           time.Duration(m.ClientReadTimeout.ValueInt64()) * time.Millisecond,
		ProviderVersion:       p.version,
	}
	if r := m.AssumeRole; r != nil {
		cfg.AssumeRole = &alibaba.AssumeRole{
			RoleARN:           r.RoleARN.ValueString(),
			SessionName:       r.SessionName.ValueString(),
			Policy:            r.Policy.ValueString(),
			SessionExpiration: int(r.SessionExpiration.ValueInt64()),
			ExternalID:        r.ExternalID.ValueString(),
		}
	}
	if e := m.Endpoints; e != nil {
		cfg.Endpoints = alibaba.Endpoints{CDN: e.CDN.ValueString(), DCDN: e.DCDN.ValueString(), VOD: e.VOD.ValueString(), STS: e.STS.ValueString()}
	}
	cfg.FromEnv()
	client, err := alibaba.NewClient(cfg)
	if err != nil {
		resp.Diagnostics.AddError("Cannot configure the alicloud provider", err.Error())
		return
	}
	// Retries can wait long; the log says why.
	client.Notify = func(ctx context.Context, msg string, fields map[string]any) { tflog.Warn(ctx, msg, fields) }
	data := &resourceData{client: client, unwaited: &unwaitedTasks{}, owed: &owedObjects{}}
	noteResourceData(ctx, data)
	resp.ResourceData = data
	resp.DataSourceData = client
	resp.ActionData = client
	resp.ListResourceData = client
}

func (m providerModel) hasUnknown() bool {
	vals := []attr.Value{m.AccessKey, m.SecretKey, m.SecurityToken, m.Region, m.Protocol, m.Profile, m.SharedCredentialsFile,
		m.CredentialsURI, m.ECSRoleName, m.ClientConnectTimeout, m.ClientReadTimeout}
	if r := m.AssumeRole; r != nil {
		vals = append(vals, r.RoleARN, r.SessionName, r.Policy, r.SessionExpiration, r.ExternalID)
	}
	if e := m.Endpoints; e != nil {
		vals = append(vals, e.CDN, e.DCDN, e.VOD, e.STS)
	}
	return slices.ContainsFunc(vals, attr.Value.IsUnknown)
}

func (p *alicloudProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{NewCacheRefreshResource, NewCacheRefreshObjectsResource, NewCacheRefreshWaitResource, NewCachePreloadResource}
}

func (p *alicloudProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{NewCacheRefreshQuotaDataSource, NewCacheRefreshTasksDataSource}
}

func (p *alicloudProvider) Actions(context.Context) []func() action.Action {
	return []func() action.Action{NewCacheRefreshAction}
}

func (p *alicloudProvider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{NewCacheRefreshListResource}
}

// configured reports whether the provider gave a client, and says what to
// do when it did not.
func configured(client *alibaba.Client, diags *diag.Diagnostics) bool {
	if client == nil {
		// Configure leaves no client only while its values are unknown:
		// during a plan, and data sources are read then.
		diags.AddError("Provider configuration not known yet",
			"The alicloud provider's configuration depends on values known only after apply (for example a key "+
				"or an endpoint taken from another resource), so it cannot call Alibaba Cloud during this plan. "+
				"Data sources are read at plan: give the provider values known at plan (variables or the ALICLOUD_* "+
				"environment variables), or apply what it depends on first (terraform apply -target=...).")
	}
	return client != nil
}

// serviceOrCDN is a data source's service: cdn when unset.
func serviceOrCDN(v types.String, diags *diag.Diagnostics) (refresh.Service, bool) {
	if v.IsNull() {
		return refresh.CDN, true
	}
	svc, err := refresh.ParseService(v.ValueString())
	if err != nil {
		diags.AddAttributeError(path.Root("service"), "Unknown service", err.Error())
	}
	return svc, err == nil
}

// resourceData is what the provider gives its resources: the client, and
// the tasks and records of deleted resources a replacement may take over.
type resourceData struct {
	client   *alibaba.Client
	unwaited *unwaitedTasks
	owed     *owedObjects
}

// clientFrom is the client the provider configured, or nil before it is
// configured (values known only at apply).
func clientFrom(providerData any, diags *diag.Diagnostics) *alibaba.Client {
	switch d := providerData.(type) {
	case nil:
		return nil
	case *alibaba.Client:
		return d
	case *resourceData:
		return d.client
	}
	diags.AddError("Unexpected provider data", fmt.Sprintf("expected *alibaba.Client, got %T; please report this issue", providerData))
	return nil
}
