package refresh

import (
	"fmt"
	"testing"
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
