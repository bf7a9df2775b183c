package alibaba

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/purgeworks/terraform-provider-alicloud/internal/refresh"

	"github.com/purgeworks/terraform-provider-alicloud/internal/emulator"
)

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
				if _, err := c.Refresh(context.Background(), refresh.Request{Service: refresh.CDN, ObjectType: refresh.File, Paths: paths}); err != nil {
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
