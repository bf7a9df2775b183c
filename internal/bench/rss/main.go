// Command rss measures a provider process from outside it, so that neither
// provider under benchmark needs a line of measuring code. Installed under
// a provider's file name (terraform-provider-NAME) in a dev_overrides
// directory, it runs the binary named by $BENCH_RSS_EXEC with the same
// arguments, environment and standard streams — the plugin handshake passes
// straight through — and, when that process ends, appends one line to the
// file named by $BENCH_RSS_OUT:
//
//	maxrss_kib user_s sys_s wall_s
//
// maxrss is the kernel's peak resident set size of the provider process
// (getrusage ru_maxrss, read through wait4), not of this wrapper. The
// wrapper itself adds a process start, so the timed runs of scripts/bench.sh
// do not use it: only the memory runs do.
package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	target, out := os.Getenv("BENCH_RSS_EXEC"), os.Getenv("BENCH_RSS_OUT")
	if target == "" || out == "" {
		fmt.Fprintln(os.Stderr, "rss: set BENCH_RSS_EXEC (the provider binary) and BENCH_RSS_OUT (the file to append to)")
		os.Exit(2)
	}
	cmd := exec.Command(target, os.Args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "rss:", err)
		os.Exit(1)
	}
	// Pass interrupts on: the CLI signals its plugins when it is stopped.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		for s := range sigs {
			_ = cmd.Process.Signal(s)
		}
	}()
	err := cmd.Wait()
	wall := time.Since(start)
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		f, ferr := os.OpenFile(out, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if ferr == nil {
			fmt.Fprintf(f, "%d %.3f %.3f %.3f\n", ru.Maxrss,
				time.Duration(ru.Utime.Nano()).Seconds(), time.Duration(ru.Stime.Nano()).Seconds(), wall.Seconds())
			_ = f.Close()
		}
	}
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			os.Exit(exit.ExitCode())
		}
		os.Exit(1)
	}
}
