// Command cli runs the whole-CLI benchmarks of scripts/bench.sh: the real
// Terraform CLI, the alicloud provider as released, and a baseline provider
// (internal/bench/baseline) that does the same work minus everything
// alicloud_cache_refresh adds: validation, planning and API calls.
//
//	go run ./internal/bench/cli -tf "$(command -v terraform)" -bin DIR -runs 5
//
// DIR holds what scripts/bench.sh builds: alicloud/terraform-provider-alicloud,
// baseline/terraform-provider-baseline, alicloud-emulator and rss (the peak
// memory wrapper, internal/bench/rss).
//
// Scenarios:
//
//   - plan: `terraform plan` of one alicloud_cache_refresh carrying 1,000
//     paths, against one baseline_list carrying the same list;
//   - apply: `terraform apply` of 50 alicloud_cache_refresh (10 paths each)
//     against a fresh emulator, so every refresh is a real signed call
//     answered over HTTP, against 50 baseline_list with the same lists;
//   - plan of 200 finished refreshes: 200 alicloud_cache_refresh, one
//     domain each, applied and brought to Complete by an apply
//     -refresh-only (untimed), then a timed `terraform plan`, which must
//     make no API call; against a plan of 200 baseline_list;
//   - apply of 200 waited refreshes (wait_for_completion = true) whose
//     tasks finish at once: the look-up calls counted, none refused;
//   - apply of 200 refreshes that do not wait and one
//     alicloud_cache_refresh_wait for all of them, with tasks of 10 s: the
//     wall time against one task's duration.
//
// Each run starts from an empty directory and an empty state. Every
// scenario runs once per provider to warm the caches, then -runs times,
// alternating which provider goes first. The emulator is started afresh
// for every alicloud run, outside the timed interval, so that no run
// inherits another's quota or rate windows; each apply must have had its 50
// refreshes accepted and none refused. Reported: the median wall time of
// each, their ratio (median over median) with the spread of the per-pair
// ratios, and the CPU time of the CLI with its provider processes (read
// from the CLI's rusage, which includes the children it reaped), which a
// busy machine disturbs less than wall time.
//
// Peak memory comes from separate runs (-memruns) through the rss wrapper,
// which reads the provider process's ru_maxrss when it exits; every provider
// process the CLI starts during the command counts, and the largest is
// reported.
package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

type provider struct {
	name   string // alicloud or baseline
	source string // purgeworks/NAME
	binDir string // the dev_overrides directory
}

type scenario struct {
	name    string
	command []string // terraform arguments
	target  float64  // at most this ratio
	config  func(p provider, endpoint string) string
	// refreshes is how many RefreshObjectCaches calls the emulator must
	// accept in an alicloud run (a sanity check that the run did the work).
	refreshes int

	setup        [][]string    // untimed commands first, in the same directory and emulator
	expect       string        // the command's output says this ("" : that resources were added)
	emulatorArgs []string      // more flags for the emulator
	runs         int           // timed runs, when fewer than -runs (long scenarios)
	noCalls      bool          // the timed alicloud command must make no API call
	maxLookups   int           // look-up calls it may make (0: any)
	task         time.Duration // the emulator's task duration, to compare the wall time with
	taskTarget   float64       // at most this many task durations
}

const (
	benchKey    = "bench-key"
	benchSecret = "bench-secret"
)

func main() {
	tf := flag.String("tf", "terraform", "Terraform-compatible CLI")
	bin := flag.String("bin", "", "directory with the built providers, emulator and rss wrapper")
	runs := flag.Int("runs", 5, "timed runs of each scenario and provider (after one warm-up)")
	memRuns := flag.Int("memruns", 2, "peak memory runs of each scenario and provider")
	verbose := flag.Bool("v", false, "print every run")
	only := flag.String("only", "", "run only this scenario (plan or apply)")
	workDir := flag.String("work", "", "directory for the runs' files (default: a temporary one, removed at the end)")
	check := flag.Bool("check", true, "check that every alicloud apply had its refreshes accepted by the emulator (off only for experiments with stubbed providers)")
	flag.Parse()
	plan := []string{"plan", "-input=false", "-no-color", "-lock=false"}
	apply := []string{"apply", "-auto-approve", "-input=false", "-no-color", "-lock=false"}
	refreshOnly := []string{"apply", "-refresh-only", "-auto-approve", "-input=false", "-no-color", "-lock=false"}
	if *bin == "" {
		fail(errors.New("-bin is required"))
	}
	abs, err := filepath.Abs(*bin)
	fail(err)
	b := &bench{tf: *tf, bin: abs, verbose: *verbose, check: *check}

	alicloud := provider{"alicloud", "purgeworks/alicloud", filepath.Join(abs, "alicloud")}
	baseline := provider{"baseline", "purgeworks/baseline", filepath.Join(abs, "baseline")}
	work := *workDir
	if work == "" {
		work, err = os.MkdirTemp("", "bench-cli-")
		fail(err)
		cleanup = func() { _ = os.RemoveAll(work) }
		defer cleanup()
	}
	b.work = work

	scenarios := []scenario{
		{name: "plan: 1 resource, 1,000 paths", command: plan,
			target: 1.05, config: planConfig},
		{name: "apply: 50 resources, 10 paths each", command: apply,
			target: 1.10, config: applyConfig, refreshes: 50},
		{name: "plan: 200 finished refreshes", command: plan, setup: [][]string{apply, refreshOnly},
			target: 1.25, config: manyConfig(false, false), expect: "No changes", noCalls: true,
			emulatorArgs: []string{"-task-duration", "1ms"}},
		{name: "apply: 200 waited refreshes, tasks done at once", command: apply,
			config: manyConfig(true, false), refreshes: 200, maxLookups: 60, runs: 3,
			emulatorArgs: []string{"-task-duration", "1ms"}},
		{name: "apply: 200 refreshes and one wait, 10 s tasks", command: apply,
			config: manyConfig(false, true), refreshes: 200, runs: 3, task: 10 * time.Second, taskTarget: 3,
			emulatorArgs: []string{"-task-duration", "10s"}},
	}
	var results []result
	for _, s := range scenarios {
		if *only != "" && !strings.HasPrefix(s.name, *only) {
			continue
		}
		r := result{scenario: s}
		// One warm-up each: page cache, the CLI's schema handling.
		for _, p := range []provider{alicloud, baseline} {
			_, err := b.run(s, p, nil)
			fail(err)
		}
		n := *runs
		if s.runs > 0 {
			n = min(n, s.runs)
		}
		for i := 0; i < n; i++ {
			order := []provider{alicloud, baseline}
			if i%2 == 1 {
				order = []provider{baseline, alicloud}
			}
			for _, p := range order {
				d, err := b.run(s, p, nil)
				fail(err)
				if p.name == "alicloud" {
					r.alicloud = append(r.alicloud, d)
				} else {
					r.baseline = append(r.baseline, d)
				}
			}
		}
		for i := 0; i < *memRuns && s.runs == 0; i++ {
			for _, p := range []provider{alicloud, baseline} {
				m := &memory{}
				_, err := b.run(s, p, m)
				fail(err)
				if p.name == "alicloud" {
					r.alicloudMem = append(r.alicloudMem, *m)
				} else {
					r.baselineMem = append(r.baselineMem, *m)
				}
			}
		}
		results = append(results, r)
	}
	report(os.Stdout, results, *runs, *memRuns)
}

type bench struct {
	tf, bin, work  string
	verbose, check bool
	n              int
}

// memory is what the rss wrapper saw of the provider processes of one run.
type memory struct {
	processes int
	maxRSSKiB int64   // the largest peak of any of them
	cpu       float64 // user+sys seconds, all of them
}

// run runs scenario s with provider p in a fresh directory and returns the
// CLI's wall time. With m set, the provider runs under the rss wrapper and
// m receives what it measured.
func (b *bench) run(s scenario, p provider, m *memory) (sample, error) {
	b.n++
	dir := filepath.Join(b.work, fmt.Sprintf("run%03d-%s", b.n, p.name))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return sample{}, err
	}
	defer os.RemoveAll(dir)

	var emu *emulator
	endpoint := "127.0.0.1:9" // baseline: unused
	if p.name == "alicloud" {
		var err error
		if emu, err = startEmulator(filepath.Join(b.bin, "alicloud-emulator"), dir, s.emulatorArgs); err != nil {
			return sample{}, err
		}
		defer emu.stop() // on failure; stopping twice is harmless
		endpoint = emu.addr
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(s.config(p, endpoint)), 0o644); err != nil {
		return sample{}, err
	}

	overrideDir := p.binDir
	env := append(os.Environ(), "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_LOG=", "TF_INPUT=0")
	rssOut := filepath.Join(dir, "rss.out")
	if m != nil {
		// The wrapper under the provider's name, in a directory of its own.
		overrideDir = filepath.Join(dir, "wrapped")
		if err := os.MkdirAll(overrideDir, 0o755); err != nil {
			return sample{}, err
		}
		if err := os.Symlink(filepath.Join(b.bin, "rss"), filepath.Join(overrideDir, "terraform-provider-"+p.name)); err != nil {
			return sample{}, err
		}
		env = append(env, "BENCH_RSS_EXEC="+filepath.Join(p.binDir, "terraform-provider-"+p.name), "BENCH_RSS_OUT="+rssOut)
	}
	rc := filepath.Join(dir, "cli.tfrc")
	tfrc := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n", p.source, overrideDir)
	if err := os.WriteFile(rc, []byte(tfrc), 0o644); err != nil {
		return sample{}, err
	}
	env = append(env, "TF_CLI_CONFIG_FILE="+rc)

	for _, args := range s.setup {
		cmd := exec.Command(b.tf, args...)
		cmd.Dir, cmd.Env = dir, env
		if out, err := cmd.CombinedOutput(); err != nil {
			return sample{}, fmt.Errorf("setup %s with %s: %w\n%s", strings.Join(args, " "), p.name, err, out)
		}
	}
	before := 0
	if emu != nil {
		var err error
		if before, err = emu.lines(); err != nil {
			return sample{}, err
		}
	}

	cmd := exec.Command(b.tf, s.command...)
	cmd.Dir, cmd.Env = dir, env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	took := time.Since(start)
	var cpu float64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		// The CLI's own CPU and that of the children it reaped: the
		// provider processes.
		cpu = rusageCPU(ru)
	}
	if err != nil {
		return sample{}, fmt.Errorf("%s with %s: %w\n%s", strings.Join(s.command, " "), p.name, err, out.String())
	}
	if s.expect != "" && !strings.Contains(out.String(), s.expect) ||
		s.expect == "" && !strings.Contains(out.String(), "to add") && !strings.Contains(out.String(), "added") {
		return sample{}, fmt.Errorf("%s with %s: unexpected output\n%s", strings.Join(s.command, " "), p.name, out.String())
	}
	if emu != nil && s.refreshes > 0 && b.check {
		ok, refused, err := emu.count("RefreshObjectCaches")
		if err != nil {
			return sample{}, err
		}
		if ok != s.refreshes || refused != 0 {
			return sample{}, fmt.Errorf("%s with %s: the emulator accepted %d refreshes and refused %d, want %d and 0", s.name, p.name, ok, refused, s.refreshes)
		}
	}
	var calls callCount
	if emu != nil {
		if calls, err = emu.callsSince(before); err != nil {
			return sample{}, err
		}
		if b.check && (s.noCalls && calls.all > 0 || s.maxLookups > 0 && calls.refused > 0) {
			return sample{}, fmt.Errorf("%s with %s: %d API calls, %d look-ups, %d refused", s.name, p.name, calls.all, calls.lookups, calls.refused)
		}
	}
	if m != nil {
		if err := m.read(rssOut); err != nil {
			return sample{}, err
		}
	}
	var emuCPU float64
	if emu != nil {
		emuCPU = emu.stop()
	}
	if b.verbose {
		extra := ""
		if m != nil {
			extra = fmt.Sprintf(" (%d provider processes: peak %d KiB, %.3fs CPU)", m.processes, m.maxRSSKiB, m.cpu)
		}
		fmt.Fprintf(os.Stderr, "%-36s %-8s %6.3fs wall %6.3fs CPU (CLI and provider) %6.3fs CPU (emulator) %d calls, %d look-ups, %d refused%s\n",
			s.name, p.name, took.Seconds(), cpu, emuCPU, calls.all, calls.lookups, calls.refused, extra)
	}
	return sample{took, cpu, emuCPU, calls}, nil
}

// sample is one timed run.
type sample struct {
	wall   time.Duration
	cpu    float64 // seconds of CPU of the CLI and the provider processes
	emuCPU float64 // seconds of CPU of the emulator
	calls  callCount
}

// callCount is what the emulator answered during the timed command.
type callCount struct {
	all     int // every API call
	lookups int // task look-ups (Describe…Task…), answered or refused
	refused int // calls of any kind refused
}

func rusageCPU(ru *syscall.Rusage) float64 {
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

func (m *memory) read(file string) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("the rss wrapper wrote nothing: %w", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		f := strings.Fields(line)
		if len(f) != 4 {
			return fmt.Errorf("rss: malformed line %q", line)
		}
		kib, _ := strconv.ParseInt(f[0], 10, 64)
		user, _ := strconv.ParseFloat(f[1], 64)
		sys, _ := strconv.ParseFloat(f[2], 64)
		m.processes++
		m.maxRSSKiB = max(m.maxRSSKiB, kib)
		m.cpu += user + sys
	}
	return nil
}

// emulator is one alicloud-emulator process.
type emulator struct {
	cmd     *exec.Cmd
	addr    string
	log     string
	stopped bool
	cpu     float64
}

func startEmulator(binary, dir string, extra []string) (*emulator, error) {
	logFile := filepath.Join(dir, "emulator.log")
	lf, err := os.Create(logFile)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(binary, append([]string{"-listen", "127.0.0.1:0", "-access-key-id", benchKey, "-access-key-secret", benchSecret}, extra...)...)
	cmd.Stderr = lf
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	lf.Close()
	e := &emulator{cmd: cmd, log: logFile}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if addr, ok := strings.CutPrefix(strings.TrimSpace(line), "alicloud-emulator listening on http://"); ok && err == nil {
		e.addr = addr
		go func() { _, _ = io.Copy(io.Discard, stdout) }()
		return e, nil
	}
	e.stop()
	if err == nil {
		err = errors.New("not the address line")
	}
	return nil, fmt.Errorf("the emulator did not start: it printed %q: %w", line, err)
}

// stop ends the emulator and returns the CPU seconds it used.
func (e *emulator) stop() float64 {
	if e.stopped {
		return e.cpu
	}
	e.stopped = true
	_ = e.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { _ = e.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = e.cmd.Process.Kill()
		<-done
	}
	if ru, ok := e.cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		e.cpu = rusageCPU(ru)
	}
	return e.cpu
}

// logLines reads the emulator's log, one API call a line.
func (e *emulator) logLines() ([][]string, error) {
	data, err := os.ReadFile(e.log)
	if err != nil {
		return nil, err
	}
	var lines [][]string
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 3 {
			lines = append(lines, f)
		}
	}
	return lines, nil
}

// lines is how many calls the emulator has logged.
func (e *emulator) lines() (int, error) {
	l, err := e.logLines()
	return len(l), err
}

// callsSince counts the calls logged after the first n.
func (e *emulator) callsSince(n int) (callCount, error) {
	lines, err := e.logLines()
	if err != nil {
		return callCount{}, err
	}
	var c callCount
	for _, f := range lines[min(n, len(lines)):] {
		c.all++
		if strings.HasPrefix(f[1], "Describe") && strings.Contains(f[1], "Task") {
			c.lookups++
		}
		if !strings.HasPrefix(f[2], "2") {
			c.refused++
		}
	}
	return c, nil
}

// count reads the emulator's log: calls of action answered 2xx, and refused.
func (e *emulator) count(action string) (ok, refused int, err error) {
	data, err := os.ReadFile(e.log)
	if err != nil {
		return 0, 0, err
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) < 3 || f[1] != action {
			continue
		}
		if strings.HasPrefix(f[2], "2") {
			ok++
		} else {
			refused++
		}
	}
	return ok, refused, nil
}

// Configurations. Both providers get the same paths, written as literals,
// so the CLI parses and sends the same values to each.

func providerBlock(p provider, endpoint string) string {
	s := fmt.Sprintf("terraform {\n  required_providers {\n    %s = { source = %q }\n  }\n}\n\n", p.name, p.source)
	if p.name == "alicloud" {
		s += fmt.Sprintf(`provider "alicloud" {
  access_key = %q
  secret_key = %q
  protocol   = "HTTP"
  endpoints {
    cdn  = %q
    dcdn = %q
    vod  = %q
  }
}

`, benchKey, benchSecret, endpoint, endpoint, endpoint)
	}
	return s
}

// resourceBlock is resource "TYPE" "release" with the paths and the extra
// arguments given.
func resourceBlock(p provider, pathsExpr, extra string) string {
	if p.name == "alicloud" {
		return fmt.Sprintf("resource \"alicloud_cache_refresh\" \"release\" {\n%s  object_paths = %s\n}\n", extra, pathsExpr)
	}
	return fmt.Sprintf("resource \"baseline_list\" \"release\" {\n%s  items = %s\n}\n", extra, pathsExpr)
}

func hclList(items []string) string {
	var b strings.Builder
	b.WriteString("[\n")
	for _, it := range items {
		fmt.Fprintf(&b, "    %q,\n", it)
	}
	b.WriteString("  ]")
	return b.String()
}

func planConfig(p provider, endpoint string) string {
	paths := make([]string, 1000)
	for i := range paths {
		paths[i] = fmt.Sprintf("https://static.example.com/assets/%03d/app.%04d.js", i%100, i)
	}
	return providerBlock(p, endpoint) + resourceBlock(p, hclList(paths), "")
}

func applyConfig(p provider, endpoint string) string {
	var lists []string
	for r := 0; r < 50; r++ {
		paths := make([]string, 10)
		for i := range paths {
			paths[i] = fmt.Sprintf("https://static.example.com/release/%02d/app.%d.js", r, i)
		}
		lists = append(lists, hclList(paths))
	}
	locals := "locals {\n  paths = [\n  " + strings.Join(lists, ",\n  ") + "\n  ]\n}\n\n"
	return providerBlock(p, endpoint) + locals + resourceBlock(p, "local.paths[count.index]", "  count = 50\n")
}

// manyConfig is 200 refreshes of one URL each, on 200 domains, waiting
// or not, with or without one alicloud_cache_refresh_wait for them all;
// the baseline stores the same lists.
func manyConfig(wait, waitForAll bool) func(p provider, endpoint string) string {
	return func(p provider, endpoint string) string {
		paths := `["https://site${count.index}.example.com/index.html"]`
		extra := "  count = 200\n"
		if wait && p.name == "alicloud" {
			extra += "  wait_for_completion = true\n"
		}
		s := providerBlock(p, endpoint) + resourceBlock(p, paths, extra)
		if waitForAll && p.name == "alicloud" {
			s += `
resource "alicloud_cache_refresh_wait" "all" {
  task_ids     = flatten(alicloud_cache_refresh.release[*].task_ids)
  object_paths = flatten(alicloud_cache_refresh.release[*].object_paths)
}
`
		}
		return s
	}
}

// Report.

type result struct {
	scenario                 scenario
	alicloud, baseline       []sample
	alicloudMem, baselineMem []memory
}

func median[T int64 | float64 | time.Duration](xs []T) T {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func report(w io.Writer, results []result, runs, memRuns int) {
	fmt.Fprintf(w, "Whole CLI, wall time: median of %d runs each, alternating, after one warm-up each\n\n", runs)
	fmt.Fprintln(w, "| scenario | alicloud | baseline | ratio | pairwise ratios (min–max) | target | met |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|:-:|")
	for _, r := range results {
		if len(r.alicloud) == 0 {
			continue
		}
		a, b := median(walls(r.alicloud)), median(walls(r.baseline))
		ratio := a.Seconds() / b.Seconds()
		var pairs []float64
		for i := range r.alicloud {
			pairs = append(pairs, r.alicloud[i].wall.Seconds()/r.baseline[i].wall.Seconds())
		}
		target, met := "—", "—"
		if r.scenario.target > 0 {
			target, met = fmt.Sprintf("≤ %.2f", r.scenario.target), "yes"
			if ratio > r.scenario.target {
				met = "no"
			}
		}
		fmt.Fprintf(w, "| %s | %.3f s | %.3f s | %.3f | %.3f–%.3f | %s | %s |\n",
			r.scenario.name, a.Seconds(), b.Seconds(), ratio, slices.Min(pairs), slices.Max(pairs), target, met)
	}

	fmt.Fprintf(w, "\nAPI calls of the timed alicloud command (from the emulator's log; median, and the largest, of the runs)\n\n")
	fmt.Fprintln(w, "| scenario | calls | look-ups | most look-ups | refused | target | met |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---|:-:|")
	for _, r := range results {
		if len(r.alicloud) == 0 {
			continue
		}
		var all, lookups, refused []float64
		for _, x := range r.alicloud {
			all, lookups, refused = append(all, float64(x.calls.all)), append(lookups, float64(x.calls.lookups)), append(refused, float64(x.calls.refused))
		}
		target, met := "—", "—"
		switch sc := r.scenario; {
		case sc.noCalls:
			target, met = "no call", yesNo(slices.Max(all) == 0)
		case sc.maxLookups > 0:
			target, met = fmt.Sprintf("≤ %d look-ups, none refused", sc.maxLookups), yesNo(slices.Max(lookups) <= float64(sc.maxLookups) && slices.Max(refused) == 0)
		}
		fmt.Fprintf(w, "| %s | %.0f | %.0f | %.0f | %.0f | %s | %s |\n", r.scenario.name, median(all), median(lookups), slices.Max(lookups), slices.Max(refused), target, met)
	}

	for _, r := range results {
		if sc := r.scenario; sc.task > 0 && len(r.alicloud) > 0 {
			a := median(walls(r.alicloud))
			fmt.Fprintf(w, "\n%s: median %.1f s, %.2f times one task's %s (target ≤ %.0f: %s)\n",
				sc.name, a.Seconds(), a.Seconds()/sc.task.Seconds(), sc.task, sc.taskTarget, yesNo(a.Seconds()/sc.task.Seconds() <= sc.taskTarget))
		}
	}

	fmt.Fprintf(w, "\nCPU of the same runs (medians): the CLI with its provider processes, and the emulator\n\n")
	fmt.Fprintln(w, "| scenario | alicloud: CLI+provider | baseline: CLI+provider | ratio | alicloud: emulator |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|")
	for _, r := range results {
		if len(r.alicloud) == 0 {
			continue
		}
		a, b, e := median(cpus(r.alicloud)), median(cpus(r.baseline)), median(emuCPUs(r.alicloud))
		fmt.Fprintf(w, "| %s | %.2f s | %.2f s | %.2f | %.2f s |\n", r.scenario.name, a, b, a/b, e)
	}

	if memRuns == 0 {
		return
	}
	fmt.Fprintf(w, "\nProvider processes, in %d separate runs each (medians): peak RSS (ru_maxrss) of the largest, CPU of all\n\n", memRuns)
	fmt.Fprintln(w, "| scenario | alicloud peak RSS | baseline peak RSS | ratio | alicloud CPU | baseline CPU | processes per command |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|")
	for _, r := range results {
		if len(r.alicloudMem) == 0 {
			continue
		}
		peak := func(ms []memory) (int64, float64, int) {
			var ks []int64
			var cs []float64
			n := 0
			for _, m := range ms {
				ks, cs, n = append(ks, m.maxRSSKiB), append(cs, m.cpu), m.processes
			}
			return median(ks), median(cs), n
		}
		ak, ac, an := peak(r.alicloudMem)
		bk, bc, bn := peak(r.baselineMem)
		fmt.Fprintf(w, "| %s | %.1f MiB | %.1f MiB | %.2f | %.2f s | %.2f s | %d / %d |\n",
			r.scenario.name, float64(ak)/1024, float64(bk)/1024, float64(ak)/float64(bk), ac, bc, an, bn)
	}
}

func yesNo(ok bool) string {
	if ok {
		return "yes"
	}
	return "no"
}

func walls(ss []sample) []time.Duration {
	var out []time.Duration
	for _, s := range ss {
		out = append(out, s.wall)
	}
	return out
}

func cpus(ss []sample) []float64 {
	var out []float64
	for _, s := range ss {
		out = append(out, s.cpu)
	}
	return out
}

func emuCPUs(ss []sample) []float64 {
	var out []float64
	for _, s := range ss {
		out = append(out, s.emuCPU)
	}
	return out
}

// cleanup removes the temporary directory, also when a run fails.
var cleanup = func() {}

func fail(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		cleanup()
		os.Exit(1)
	}
}
