package main

import (
	"flag"
	"log"
	"os"
	"runtime/debug"
	"strings"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/purgeworks/terraform-provider-alicloud/internal/provider"
)

// version is set by the release build (-ldflags "-X main.version=…").
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run with support for debuggers such as delve")
	flag.Parse()
	if !debug {
		quietUnlessAsked()
	}
	collectLessOften()

	// What providerserver.Serve does, with the provider's own server
	// (provider.NewServer: the framework's, with shortcuts).
	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	stopProfile := startCPUProfile()
	err := tf6server.Serve("registry.terraform.io/purgeworks/alicloud", provider.NewServer(version), opts...)
	stopProfile()
	if err != nil {
		log.Fatal(err)
	}
}

// quietUnlessAsked turns the plugin SDK's logs off when no TF_LOG variable
// asks for logs. The framework logs every step at TRACE to the CLI, which
// parses each line and then drops it unless TF_LOG or TF_LOG_PROVIDER is
// set: megabytes per apply of CPU on both sides for nothing. The framework
// and protocol subsystems are turned off by name as well: their level
// defaults to TRACE whatever TF_LOG_SDK says, so each of their log calls
// would still build its fields before the root logger drops the line. Any
// TF_LOG* variable keeps the SDK's defaults, so debugging works as
// documented, and so does -debug, where the logs go to the developer's
// terminal.
func quietUnlessAsked() {
	for _, kv := range os.Environ() {
		if name, value, _ := strings.Cut(kv, "="); strings.HasPrefix(name, "TF_LOG") && value != "" {
			return
		}
	}
	_ = os.Setenv("TF_LOG_SDK", "OFF")
	_ = os.Setenv("TF_LOG_PROVIDER", "OFF")
	_ = os.Setenv("TF_LOG_SDK_FRAMEWORK", "OFF")
	_ = os.Setenv("TF_LOG_SDK_PROTO", "OFF")
}

// collectLessOften lets the heap grow to three times what is live before
// the garbage collector runs (GOGC=200), unless GOGC is set. The framework
// allocates short-lived values for every attribute of every resource it
// plans, validates or reads, so with the default (100) collection took a
// fifth of the provider's CPU in a plan of 200 refreshes; at 200 the
// provider uses about a fifth less CPU there for about 14 MiB more peak
// memory (BENCHMARKS.md).
func collectLessOften() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
}
