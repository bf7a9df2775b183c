package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
)

// startCPUProfile writes a CPU profile of this process to
// $ALICLOUD_CPUPROFILE_DIR/cpu-PID.pprof when that variable names a
// directory, for measuring the provider under a real CLI (a plan starts
// several provider processes, hence the PID). It returns the function that
// finishes the profile; without the variable it does nothing.
func startCPUProfile() (stop func()) {
	dir := os.Getenv("ALICLOUD_CPUPROFILE_DIR")
	if dir == "" {
		return func() {}
	}
	f, err := os.Create(filepath.Join(dir, fmt.Sprintf("cpu-%d.pprof", os.Getpid())))
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "cpu profile:", err)
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		_ = f.Close()
	}
}
