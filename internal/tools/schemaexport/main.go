// Command schemaexport writes the provider's schema in the format of
// `terraform providers schema -json`, straight from the provider's own
// GetProviderSchema, without a Terraform CLI.
//
// tfplugindocs renders docs/ from this file (`tfplugindocs generate
// --providers-schema`), so the docs do not depend on which CLI is installed:
// Terraform older than 1.14 leaves actions out of its export, and a CLI must
// build and install the provider first. `make docs` runs it:
//
//	go run ./internal/tools/schemaexport -o internal/tools/schemaexport/schema.json
//
// format.go mirrors the format, so the module needs neither terraform-json nor
// cty as a direct requirement. The schema is keyed by the provider's short
// name ("alicloud"), the key tfplugindocs looks up first; the CLI keys it by
// the full source address instead.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/purgeworks/terraform-provider-alicloud/internal/provider"
)

func main() {
	out := flag.String("o", "-", "file to write the schema JSON to (- for standard output)")
	flag.Parse()
	if flag.NArg() != 0 {
		fmt.Fprintln(os.Stderr, "usage: schemaexport [-o file]")
		os.Exit(2)
	}
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "schemaexport:", err)
		os.Exit(1)
	}
}

func run(out string) error {
	server := providerserver.NewProtocol6(provider.New("dev")())()
	schemas, err := Export(context.Background(), server, providerName)
	if err != nil {
		return err
	}
	data, err := json.MarshalIndent(schemas, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding the schema: %w", err)
	}
	data = append(data, '\n')
	if out == "-" {
		_, err = os.Stdout.Write(data)
		return err
	}
	return os.WriteFile(out, data, 0o644)
}

// providerName is the key of the provider's schema in the file: the name
// tfplugindocs is given with --provider-name.
const providerName = "alicloud"
