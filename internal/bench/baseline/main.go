// Command terraform-provider-baseline is the yardstick of the whole-CLI
// benchmarks (scripts/bench.sh): the smallest terraform-plugin-framework
// provider that does what a benchmark configuration asks of
// alicloud_cache_refresh, and nothing else. Its one resource,
// baseline_list, stores a list of strings and calls nothing.
//
// terraform_data cannot serve as the baseline: it is built into the CLI and
// starts no plugin, so it would leave out the plugin start, the gRPC
// handshake and the schema exchange that every provider pays.
//
// It is built as a release builds the real provider (-trimpath -ldflags
// "-s -w") and served under its own address, purgeworks/baseline.
package main

import (
	"context"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	providerschema "github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func main() {
	err := providerserver.Serve(context.Background(), func() provider.Provider { return baselineProvider{} }, providerserver.ServeOpts{
		Address:         "registry.terraform.io/purgeworks/baseline",
		ProtocolVersion: 6,
	})
	if err != nil {
		log.Fatal(err)
	}
}

type baselineProvider struct{}

func (baselineProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "baseline"
}

func (baselineProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = providerschema.Schema{}
}

func (baselineProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (baselineProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return listResource{} }}
}

func (baselineProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

// listResource stores its items; changing them replaces it, as changing
// alicloud_cache_refresh's paths does.
type listResource struct{}

type listModel struct {
	ID    types.String `tfsdk:"id"`
	Items types.List   `tfsdk:"items"`
}

func (listResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_list"
}

func (listResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:      true,
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"items": schema.ListAttribute{
				Required:      true,
				ElementType:   types.StringType,
				PlanModifiers: []planmodifier.List{listplanmodifier.RequiresReplace()},
			},
		},
	}
}

func (listResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m listModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	m.ID = types.StringValue("baseline")
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (listResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
}

func (listResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m listModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (listResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}
