// Command alicloud-emulator serves the Alibaba Cloud cache refresh emulator
// until interrupted:
//
//	go run ./internal/emulator/cmd/alicloud-emulator -listen 127.0.0.1:8787 \
//	    -access-key-id ID -access-key-secret SECRET
//
// It prints the address it listens on to stdout and one line per request to
// stderr (time, action, status, verdict, path count; never a secret).
//
// To rehearse how a module copes with Alibaba's less common behaviours:
// -report-scheme reports paths sent without a scheme as http://…,
// -merge-window 1m merges a domain's URL tasks into one ID across seconds,
// -pending-duration 10s makes new CDN and DCDN tasks report Pending that
// long before Refreshing, and -fail-path PATH fails every task of that path
// (as sent). The same switches are admin calls under /_emulator/ (see the
// emulator's admin.go).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/purgeworks/terraform-provider-alicloud/internal/emulator"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
	default:
		fmt.Fprintln(os.Stderr, "alicloud-emulator:", err)
		os.Exit(1)
	}
}

// run parses args, serves until ctx ends, then shuts down gracefully.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("alicloud-emulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:8787", "address to listen on")
	id := fs.String("access-key-id", "", "AccessKeyId the emulator accepts (required)")
	secret := fs.String("access-key-secret", "", "AccessKeySecret of that key (required)")
	token := fs.String("security-token", "", "STS SecurityToken requests must carry (optional)")
	duration := fs.Duration("task-duration", emulator.DefaultTaskDuration, "how long a task stays Refreshing")
	domains := fs.String("domains", "", "comma-separated domains you own (optional; default: every domain)")
	reportScheme := fs.Bool("report-scheme", false, "task look-ups report a path sent without a scheme with http:// added")
	mergeWindow := fs.Duration("merge-window", 0, "URL tasks of one domain arriving within this of the first share its task ID (default: the same second, as Alibaba does)")
	slidingSecond := fs.Bool("sliding-second", false, "count calls per second over the second before each call (default: per calendar second)")
	pending := fs.Duration("pending-duration", 0, "new CDN and DCDN tasks report Pending this long before Refreshing (default: none)")
	var failPaths []string
	fs.Func("fail-path", "every task of this path (as sent) ends Failed; repeat for more paths", func(p string) error {
		failPaths = append(failPaths, p)
		return nil
	})
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *id == "" || *secret == "" {
		return errors.New("-access-key-id and -access-key-secret are required")
	}

	opts := emulator.Options{
		Credentials:  []emulator.Credential{{AccessKeyID: *id, AccessKeySecret: *secret, SecurityToken: *token}},
		TaskDuration: *duration,
		Logger:       stderr,
		ReportScheme: *reportScheme,
		MergeWindow:  *mergeWindow,
		FailPaths:    failPaths,

		SlidingSecond:   *slidingSecond,
		PendingDuration: *pending,
	}
	if *domains != "" {
		for _, d := range strings.Split(*domains, ",") {
			opts.Domains = append(opts.Domains, strings.TrimSpace(d))
		}
	}

	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: emulator.New(opts), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stdout, "alicloud-emulator listening on http://%s\n", ln.Addr())

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(shutdown)
}
