package refresh

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/purgeworks/terraform-provider-alicloud/internal/emulator"
)

// benchSizes are the path counts of the plan-time benchmarks: one path, a
// typical release, one full request, and a day's CDN quota.
var benchSizes = []int{1, 100, 1000, 10000}

// benchRequest is a split CDN refresh of n URLs spread over ten domains, as
// a release of several sites writes them.
func benchRequest(b *testing.B, n int) Request {
	b.Helper()
	paths := make([]string, n)
	for i := range paths {
		paths[i] = fmt.Sprintf("https://static%d.example.com/assets/%05d/app.%x.js", i%10, i, i*2654435761)
	}
	r := Request{Service: CDN, ObjectType: File, Paths: paths, Split: true}
	if ps := r.Validate(); len(ps) > 0 {
		b.Fatalf("the benchmark's request is invalid: %v", ps)
	}
	return r
}

// BenchmarkValidate is the plan-time check of every path of a request:
// what `terraform plan` spends on alicloud_cache_refresh beyond the
// framework's own work.
func BenchmarkValidate(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("paths=%d", n), func(b *testing.B) {
			r := benchRequest(b, n)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if ps := r.Validate(); len(ps) > 0 {
					b.Fatal(ps)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/path")
		})
	}
}

// BenchmarkParts is the preparation of a split refresh: grouping the paths
// into requests within the per-request limits, domains taking turns.
func BenchmarkParts(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("paths=%d", n), func(b *testing.B) {
			r := benchRequest(b, n)
			want := (n + 999) / 1000
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if got := len(r.Parts()); got != want {
					b.Fatalf("%d parts, want %d", got, want)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/path")
		})
	}
}

// BenchmarkApplyRefreshes is the API side of `terraform apply` of 50
// alicloud_cache_refresh resources of 10 URLs each: 50 Refresh calls through
// one shared client, 10 at a time (Terraform's default parallelism), against
// a fresh emulator on the real clock each time. Its time is what pacing and
// round trips add to an apply; refused counts calls the emulator throttled.
func BenchmarkApplyRefreshes(b *testing.B) {
	const resources, perResource, parallelism = 50, 10, 10
	var refused int
	for b.Loop() {
		b.StopTimer()
		srv, err := emulator.Start(emulator.Options{Credentials: []emulator.Credential{{AccessKeyID: testKey, AccessKeySecret: testSecret}}})
		if err != nil {
			b.Fatal(err)
		}
		c, err := NewClient(Config{AccessKey: testKey, SecretKey: testSecret, Region: DefaultRegion, Protocol: "HTTP",
			Endpoints: Endpoints{CDN: srv.Addr(), DCDN: srv.Addr(), VOD: srv.Addr()}})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()

		var wg sync.WaitGroup
		slots := make(chan struct{}, parallelism)
		errs := make(chan error, resources)
		for r := range resources {
			wg.Add(1)
			slots <- struct{}{}
			go func() {
				defer func() { <-slots; wg.Done() }()
				paths := make([]string, perResource)
				for i := range paths {
					paths[i] = fmt.Sprintf("https://static.example.com/release/%02d/app.%d.js", r, i)
				}
				if _, err := c.Refresh(context.Background(), Request{Service: CDN, ObjectType: File, Paths: paths}); err != nil {
					errs <- err
				}
			}()
		}
		wg.Wait()

		b.StopTimer()
		close(errs)
		for err := range errs {
			b.Fatal(err)
		}
		for _, r := range srv.Requests() {
			if r.Code != "" {
				refused++
			}
		}
		_ = srv.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(refused)/float64(b.N), "refused")
}
